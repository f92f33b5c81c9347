/**
 * `ParameterExplorer`: a figure whose curves depend on a few settings
 * (sliders over numbers, a choice among names). Every combination is computed
 * in advance, here, by the caller's own code; the page only picks the curves
 * of the chosen setting and redraws. It works in the live notebook and in a
 * static HTML export (no kernel needed), and the data travel once, as plain
 * numbers rounded to a few significant digits (a 41 × 41 × 3 grid of 20
 * numbers is about 1 MB).
 *
 * @module
 */
import { jupyterApi } from "../display/jupyter.ts";
import type { Figure } from "./figure.ts";
import { newFigureId, PLOTLY_MISSING, scriptJson } from "./_figure_html.ts";
import { plotlyLoaderScript } from "./plotly_loader.ts";

/** One setting the reader can change. */
export interface ExplorerControl {
  /** Label shown next to the control, e.g. `"weight scale"`. */
  label: string;
  /** Its values: numbers give a slider, strings a choice list. */
  values: readonly (number | string)[];
  /** Index of the value shown first (default 0). */
  active?: number;
}

/** What the caller computes for one setting. */
export interface ExplorerFrame {
  /** The y values of each trace of the template figure, in trace order. */
  y: ArrayLike<number>[];
  /** A line of text shown under the controls (e.g. an eigenvalue). */
  text?: string;
}

/** Options of {@linkcode ParameterExplorer}. */
export interface ExplorerOptions {
  /** Significant digits kept of each number (default 4). */
  digits?: number;
}

function rounded(v: number, digits: number): number | null {
  if (!Number.isFinite(v)) return null;
  return v === 0 ? 0 : Number(v.toPrecision(digits));
}

/**
 * A figure with controls over a precomputed grid of settings (see the module
 * doc).
 *
 * @example
 * ```ts
 * import { Figure, ParameterExplorer } from "../mod.ts";
 * import { assert } from "@std/assert";
 *
 * const x = [0, 1, 2, 3];
 * const template = new Figure({ title: "y = a·x^p" }).line(x, [0, 0, 0, 0]);
 * const explorer = new ParameterExplorer(
 *   template,
 *   [{ label: "a", values: [-1, 0, 1], active: 2 }, { label: "p", values: ["1", "2"] }],
 *   ([a, p]) => ({ y: [x.map((v) => (a as number) * v ** Number(p))], text: `a = ${a}` }),
 * );
 * assert(String(explorer.toBundle()["text/html"]).includes('"a = -1"'));
 * ```
 */
export class ParameterExplorer {
  #figure: Figure;
  #controls: ExplorerControl[];
  #data: (number | null)[] = [];
  #texts: string[] = [];
  #lengths: number[] = [];

  /**
   * Computes every setting at once (the product of all controls' values).
   *
   * @param figure The template: its traces give x, style and order; their y
   * values are replaced by each setting's.
   * @param controls The settings, outermost first.
   * @param compute The curves of one setting (values in control order).
   * @param options Rounding.
   * @throws {RangeError} If a setting returns another number of traces or
   * points than the first.
   */
  constructor(
    figure: Figure,
    controls: ExplorerControl[],
    compute: (setting: (number | string)[]) => ExplorerFrame,
    options: ExplorerOptions = {},
  ) {
    this.#figure = figure;
    this.#controls = controls;
    const digits = options.digits ?? 4;
    const dims = controls.map((c) => c.values.length);
    const total = dims.reduce((a, b) => a * b, 1);
    for (let k = 0; k < total; k++) {
      const setting: (number | string)[] = [];
      let rest = k;
      for (let c = controls.length - 1; c >= 0; c--) {
        setting.unshift(controls[c].values[rest % dims[c]]);
        rest = Math.floor(rest / dims[c]);
      }
      const frame = compute(setting);
      const lengths = frame.y.map((y) => y.length);
      if (k === 0) this.#lengths = lengths;
      else if (String(lengths) !== String(this.#lengths)) {
        throw new RangeError(
          `setting [${setting}] gave traces of lengths [${lengths}], the first gave [${this.#lengths}]`,
        );
      }
      for (const y of frame.y) {
        for (let i = 0; i < y.length; i++) {
          this.#data.push(rounded(y[i], digits));
        }
      }
      this.#texts.push(frame.text ?? "");
    }
  }

  /** E.g. `ParameterExplorer (weight scale × bias scale, 1681 settings)`. */
  toString(): string {
    const n = this.#texts.length;
    return `ParameterExplorer (${
      this.#controls.map((c) => c.label).join(" × ")
    }, ${n} settings)`;
  }

  /**
   * The Jupyter MIME bundle: `text/html` (controls, a div, the data and a
   * script) and `text/plain`.
   *
   * @returns The bundle.
   */
  toBundle(): Record<string, unknown> {
    const id = newFigureId();
    const spec = this.#figure.toJSON();
    const height = this.#figure.height;
    const controls = this.#controls.map((c) => ({
      label: c.label,
      values: c.values,
      active: c.active ?? 0,
    }));
    const html = `<div class="rnnlab-explorer">
<div id="${id}-controls" style="display:flex;flex-wrap:wrap;gap:6px 24px;align-items:center;font:13px sans-serif;margin:4px 0;"></div>
<div id="${id}-text" style="font:13px sans-serif;margin:2px 0 4px 0;"></div>
<div id="${id}" style="width:100%;min-height:${height}px;"></div>
</div>
<script type="text/javascript">
${plotlyLoaderScript()}
(function () {
  var spec = ${scriptJson(spec)};
  var controls = ${scriptJson(controls)};
  var lengths = ${scriptJson(this.#lengths)};
  var data = ${scriptJson(this.#data)};
  var texts = ${scriptJson(this.#texts)};
  var active = controls.map(function (c) { return c.active; });
  var el = document.getElementById(${scriptJson(id)});
  var box = document.getElementById(${scriptJson(id + "-controls")});
  var note = document.getElementById(${scriptJson(id + "-text")});
  var perSetting = lengths.reduce(function (a, b) { return a + b; }, 0);
  var plotly = null;
  function redraw() {
    var k = 0, i, t, off;
    for (i = 0; i < controls.length; i++) k = k * controls[i].values.length + active[i];
    off = k * perSetting;
    for (t = 0; t < lengths.length; t++) {
      spec.data[t].y = data.slice(off, off + lengths[t]);
      off += lengths[t];
    }
    note.textContent = texts[k];
    if (plotly) plotly.react(el, spec.data, spec.layout, spec.config);
  }
  controls.forEach(function (c, i) {
    var label = document.createElement("label"), shown = document.createElement("span"), input;
    label.textContent = c.label + " ";
    label.style.whiteSpace = "nowrap";
    if (typeof c.values[0] === "number") {
      input = document.createElement("input");
      input.type = "range"; input.min = 0; input.max = c.values.length - 1; input.step = 1;
      input.value = c.active;
      shown.textContent = " " + c.values[c.active];
      input.addEventListener("input", function () {
        active[i] = Number(input.value); shown.textContent = " " + c.values[active[i]]; redraw();
      });
    } else {
      input = document.createElement("select");
      c.values.forEach(function (v, j) {
        var o = document.createElement("option"); o.value = j; o.textContent = v; input.appendChild(o);
      });
      input.value = c.active;
      input.addEventListener("change", function () { active[i] = Number(input.value); redraw(); });
    }
    input.setAttribute("aria-label", c.label);
    label.appendChild(input); label.appendChild(shown); box.appendChild(label);
  });
  redraw();
  window.rnnlabPlotly().then(function (Plotly) {
    plotly = Plotly;
    return Plotly.newPlot(el, spec.data, spec.layout, spec.config);
  }, function () {
    el.textContent = ${scriptJson(PLOTLY_MISSING)};
  });
})();
</script>`;
    return { "text/plain": this.toString(), "text/html": html };
  }

  /**
   * Shows the explorer now, as an output of the running cell. Outside a
   * Jupyter kernel it does nothing.
   *
   * @returns Resolves when the output has been sent.
   */
  async show(): Promise<void> {
    const api = jupyterApi();
    if (api === null) return;
    await api.display(this.toBundle(), { raw: true });
    // Let the kernel forward the output before the cell ends (docs/kernel-notes.md).
    await new Promise((resolve) => setTimeout(resolve, 150));
  }

  /** What the Deno kernel shows for the explorer. */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    return this.toBundle();
  }

  /** What `console.log(explorer)` prints. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

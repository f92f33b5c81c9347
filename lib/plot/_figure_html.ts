/**
 * The HTML output of a figure: a div and a script that draws into it with
 * `window.Plotly` (loading it once per page when missing, see
 * `plotly_loader.ts`), and that wires independent sliders when the figure has
 * more than one.
 *
 * @module
 */
import { plotlyLoaderScript } from "./plotly_loader.ts";

/** What a figure shows when plotly.js cannot be loaded. */
export const PLOTLY_MISSING =
  "plotly.js could not be loaded: start Jupyter from the repository root and run `await initPlotly();` (or open the HTML export of `deno task labs`).";

/** How slider positions select the visible traces (see `Figure.sliders`). */
export interface SliderGrid {
  /** Number of steps of each slider. */
  dims: number[];
  /** Index of the first trace that belongs to the grid. */
  first: number;
  /** Traces drawn per grid cell. */
  perCell: number;
}

/** JSON that is safe inside a `<script>` element. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

let counter = 0;

/** A page-unique element id for a figure. */
export function newFigureId(): string {
  counter += 1;
  const random = Math.floor(Math.random() * 0xffffffff).toString(36);
  return `rnnlab-figure-${random}-${counter}`;
}

/** The div and the drawing script for a figure spec. */
export function figureHtml(
  spec: { data: unknown[]; layout: Record<string, unknown>; config: unknown },
  id: string,
  height: number,
  grid: SliderGrid | null,
): string {
  return `<div id="${id}" class="rnnlab-figure" style="width:100%;min-height:${height}px;"></div>
<script type="text/javascript">
${plotlyLoaderScript()}
(function () {
  var spec = ${scriptJson(spec)};
  var grid = ${scriptJson(grid)};
  function visibility(active) {
    var cell = 0, v = [], i;
    for (i = 0; i < grid.dims.length; i++) cell = cell * grid.dims[i] + (active[i] || 0);
    for (i = 0; i < spec.data.length; i++) {
      v.push(i < grid.first || Math.floor((i - grid.first) / grid.perCell) === cell);
    }
    return v;
  }
  var el = document.getElementById(${scriptJson(id)});
  window.rnnlabPlotly().then(function (Plotly) {
    return Plotly.newPlot(el, spec.data, spec.layout, spec.config).then(function (gd) {
      if (!grid) return;
      gd.on("plotly_sliderchange", function () {
        var active = gd.layout.sliders.map(function (s) { return s.active || 0; });
        Plotly.restyle(gd, { visible: visibility(active) });
      });
    });
  }, function () {
    el.textContent = ${scriptJson(PLOTLY_MISSING)};
  });
})();
</script>`;
}

/**
 * `Figure`: a small plotting API on top of plotly.js for the labs — lines,
 * scatters, heatmaps, subplots, log axes, equal aspect and sliders — that
 * displays itself in Jupyter (offline) and exports to standalone HTML.
 *
 * @module
 */
import { escapeHtml } from "../display/escape_html.ts";
import { jupyterApi } from "../display/jupyter.ts";
import { figureHtml, newFigureId, type SliderGrid } from "./_figure_html.ts";
import { plotlyScriptTag } from "./plotly_loader.ts";
import { isTensorLike, type PlotValues, toPlotArray } from "./to_plot_array.ts";

type Json = Record<string, unknown>;

/** Pause after `show()` in the kernel, in ms (see `show`). */
const SHOW_FLUSH_MS = 150;

/** Options of one axis. */
export interface AxisOptions {
  /** Axis title. */
  title?: string;
  /** `"log"` for a logarithmic axis (default `"linear"`). */
  type?: "linear" | "log";
  /** Shown range in data units (also for log axes: `[1e-6, 1e5]`). */
  range?: readonly [number, number];
  /** Positions of the ticks. */
  tickvals?: readonly number[];
  /** Labels of the ticks at `tickvals`. */
  ticktext?: readonly string[];
  /** Further plotly axis attributes, passed through. */
  plotly?: Json;
}

/** Options of one subplot (`fig.subplot`). */
export interface SubplotOptions {
  /** Title above the subplot. */
  title?: string;
  /** x-axis options (merged over the figure's `xaxis`). */
  xaxis?: AxisOptions;
  /** y-axis options (merged over the figure's `yaxis`). */
  yaxis?: AxisOptions;
  /** One unit on x is as long as one unit on y (a square plot for y = x). */
  equalAspect?: boolean;
}

/** Options of a figure. */
export interface FigureOptions {
  /** Figure title. */
  title?: string;
  /** Defaults of every subplot's x axis. */
  xaxis?: AxisOptions;
  /** Defaults of every subplot's y axis. */
  yaxis?: AxisOptions;
  /** Rows of subplots (default 1). */
  rows?: number;
  /** Columns of subplots (default 1). */
  cols?: number;
  /** Titles of the subplots, row by row. */
  subplotTitles?: readonly string[];
  /** Equal aspect in every subplot. */
  equalAspect?: boolean;
  /** Width in px (default: the width of the notebook). */
  width?: number;
  /** Height in px (default 420 per row, plus room for sliders). */
  height?: number;
  /** Show the legend (default: plotly decides, from the named traces). */
  showLegend?: boolean;
  /** Further plotly `layout` and `config` attributes, passed through. */
  plotly?: { layout?: Json; config?: Json };
}

/** Where a trace goes: 1-based subplot row and column (default 1, 1). */
export interface Placement {
  /** Row, from 1 at the top. */
  row?: number;
  /** Column, from 1 at the left. */
  col?: number;
}

/** Options of a line or scatter trace. */
export interface TraceOptions extends Placement {
  /** Name in the legend (unnamed traces stay out of the legend). */
  name?: string;
  /** CSS colour. */
  color?: string;
  /** Opacity in [0, 1]. */
  opacity?: number;
  /** Line width in px. */
  width?: number;
  /** Line style. */
  dash?: "solid" | "dash" | "dot" | "dashdot";
  /** Marker size in px. */
  size?: number;
  /** Draw markers on a line too. */
  markers?: boolean;
  /** Show in the legend (default: when named). */
  showLegend?: boolean;
  /** Further plotly trace attributes, passed through. */
  plotly?: Json;
}

/** Options of a heatmap. */
export interface HeatmapOptions extends Placement {
  /** Name of the trace. */
  name?: string;
  /** Column coordinates (default 0..cols-1). */
  x?: PlotValues;
  /** Row coordinates (default 0..rows-1). */
  y?: PlotValues;
  /** Plotly colour scale name (default `"RdBu"`: blue negative, red positive). */
  colorscale?: string;
  /** Colour range (default symmetric around 0 when values have both signs). */
  zmin?: number;
  /** Colour range upper end. */
  zmax?: number;
  /** Further plotly trace attributes, passed through. */
  plotly?: Json;
}

/** One slider of `fig.sliders`. */
export interface SliderOptions {
  /** Name shown before the current value. */
  label: string;
  /** The values the slider steps through. */
  values: readonly number[];
  /** Index of the initially selected value (default 0). */
  active?: number;
}

/** plotly.js's default colour cycle. */
const COLORWAY = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

const ROW_HEIGHT = 420;
const SLIDER_HEIGHT = 90;

interface StoredTrace {
  /** Plotly trace, or a function building it from the other traces (y = x). */
  spec: Json | ((traces: readonly StoredTrace[]) => Json);
  /** 0-based subplot index. */
  subplot: number;
  /** Slider-grid cell, or null for traces that are always shown. */
  cell: number | null;
  /** Position within its cell (for consistent colours across cells). */
  slot: number;
}

function label(v: number): string {
  return String(Number(v.toPrecision(4)));
}

function checkPositiveInt(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `Cannot create the figure: ${what} must be a positive integer, got ${value}`,
    );
  }
}

function mergeAxis(
  base: AxisOptions | undefined,
  over: AxisOptions | undefined,
): AxisOptions {
  return {
    ...base,
    ...over,
    plotly: { ...base?.plotly, ...over?.plotly },
  };
}

function axisJson(o: AxisOptions, where: string): Json {
  const a: Json = {};
  if (o.title !== undefined) a.title = { text: o.title };
  if (o.type !== undefined) a.type = o.type;
  if (o.range !== undefined) {
    if (o.type === "log") {
      if (!(o.range[0] > 0 && o.range[1] > 0)) {
        throw new RangeError(
          `Cannot set the range of log axis ${where}: both ends must be positive, got [${
            o.range.join(", ")
          }]`,
        );
      }
      a.range = o.range.map(Math.log10);
    } else {
      a.range = [...o.range];
    }
  }
  if (o.tickvals !== undefined) a.tickvals = [...o.tickvals];
  if (o.ticktext !== undefined) a.ticktext = [...o.ticktext];
  return { ...a, ...o.plotly };
}

/** Whether `v` is data (not an options object). */
function isPlotValues(v: unknown): v is PlotValues {
  return Array.isArray(v) || ArrayBuffer.isView(v) || isTensorLike(v);
}

/** Smallest and largest finite number in plain arrays (ignores nulls). */
function extent(values: unknown, acc: [number, number]): void {
  if (!Array.isArray(values)) return;
  for (const v of values) {
    if (typeof v === "number") {
      if (v < acc[0]) acc[0] = v;
      if (v > acc[1]) acc[1] = v;
    }
  }
}

/**
 * A plotly figure built step by step. Show it by making it the last
 * expression of a notebook cell (run `await initPlotly();` once first), or
 * save `fig.toHtml()` as a page.
 *
 * x/y values may be `number[]`, `Float64Array`, `Float32Array` or 1-D
 * tensors; NaN and ±Infinity become gaps.
 *
 * @example A training curve with a log axis
 * ```ts
 * import { Figure } from "./figure.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const fig = new Figure({ title: "Training loss", xaxis: { title: "step" },
 *   yaxis: { title: "MSE", type: "log" } });
 * fig.line([0, 1, 2], [1, 0.5, 0.25], { name: "train" });
 * const { data, layout } = fig.toJSON();
 * assertEquals(data[0].y, [1, 0.5, 0.25]);
 * assertEquals((layout.yaxis as { type: string }).type, "log");
 * ```
 */
export class Figure {
  readonly rows: number;
  readonly cols: number;
  #options: FigureOptions;
  #traces: StoredTrace[] = [];
  #subplots: SubplotOptions[];
  #sliders: SliderOptions[] = [];
  #cells = 0;
  #perCell = 0;

  /**
   * @param options Title, axes, subplot grid, size, legend.
   * @throws {RangeError} if `rows` or `cols` is not a positive integer.
   */
  constructor(options: FigureOptions = {}) {
    this.rows = options.rows ?? 1;
    this.cols = options.cols ?? 1;
    checkPositiveInt(this.rows, "rows");
    checkPositiveInt(this.cols, "cols");
    this.#options = options;
    this.#subplots = Array.from({ length: this.rows * this.cols }, (_, k) => ({
      title: options.subplotTitles?.[k],
      equalAspect: options.equalAspect,
    }));
  }

  /** Number of traces (grid traces of sliders included). */
  get traceCount(): number {
    return this.#traces.length;
  }

  #subplotIndex(at: Placement, what: string): number {
    const row = at.row ?? 1, col = at.col ?? 1;
    if (
      !Number.isInteger(row) || !Number.isInteger(col) || row < 1 ||
      col < 1 || row > this.rows || col > this.cols
    ) {
      throw new RangeError(
        `Cannot place ${what} at row ${row}, col ${col}: the figure has ${this.rows} row(s) and ${this.cols} column(s) (1-based)`,
      );
    }
    return (row - 1) * this.cols + (col - 1);
  }

  #add(spec: StoredTrace["spec"], at: Placement, what: string): this {
    this.#traces.push({
      spec,
      subplot: this.#subplotIndex(at, what),
      cell: null,
      slot: this.#traces.length,
    });
    return this;
  }

  #xy(
    x: PlotValues,
    y: PlotValues | undefined,
    what: string,
  ): [(number | null)[], (number | null)[]] {
    if (y === undefined) {
      const ys = toPlotArray(x, `${what} y`);
      return [ys.map((_, i) => i), ys];
    }
    const xs = toPlotArray(x, `${what} x`), ys = toPlotArray(y, `${what} y`);
    if (xs.length !== ys.length) {
      throw new RangeError(
        `Cannot draw ${what}: x and y must have the same length, got ${xs.length} and ${ys.length}`,
      );
    }
    return [xs, ys];
  }

  #styled(mode: string, x: unknown[], y: unknown[], o: TraceOptions): Json {
    const t: Json = { type: "scatter", mode, x, y };
    if (o.name !== undefined) t.name = o.name;
    t.showlegend = o.showLegend ?? o.name !== undefined;
    const line: Json = {}, marker: Json = {};
    if (o.color !== undefined) line.color = marker.color = o.color;
    if (o.width !== undefined) line.width = o.width;
    if (o.dash !== undefined) line.dash = o.dash;
    if (o.size !== undefined) marker.size = o.size;
    if (Object.keys(line).length > 0 && mode !== "markers") t.line = line;
    if (Object.keys(marker).length > 0 && mode !== "lines") t.marker = marker;
    if (o.opacity !== undefined) t.opacity = o.opacity;
    return { ...t, ...o.plotly };
  }

  /**
   * Adds a line through the points (x[i], y[i]); with one array, plots it
   * against its index (like `plt.plot(losses)`): `fig.line(losses, { name })`.
   *
   * @param x x values, or the y values when `y` is omitted.
   * @param y y values.
   * @param options Name, colour, width, dash, markers, row/col.
   * @returns This figure.
   * @throws {RangeError} if x and y differ in length.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const fig = new Figure().line(new Float64Array([3, 1, NaN]));
   * assertEquals(fig.toJSON().data[0].x, [0, 1, 2]);
   * assertEquals(fig.toJSON().data[0].y, [3, 1, null]);
   * ```
   */
  line(y: PlotValues, options?: TraceOptions): this;
  line(x: PlotValues, y?: PlotValues, options?: TraceOptions): this;
  line(
    x: PlotValues,
    y?: PlotValues | TraceOptions,
    options: TraceOptions = {},
  ): this {
    if (y !== undefined && !isPlotValues(y)) {
      options = y;
      y = undefined;
    }
    const [xs, ys] = this.#xy(x, y, "a line");
    const mode = options.markers ? "lines+markers" : "lines";
    return this.#add(this.#styled(mode, xs, ys, options), options, "a line");
  }

  /**
   * Adds points (x[i], y[i]) as markers.
   *
   * @param x x values.
   * @param y y values.
   * @param options Name, colour, size, opacity, row/col.
   * @returns This figure.
   * @throws {RangeError} if x and y differ in length.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const fig = new Figure().scatter([1, 2], [2, 4], { opacity: 0.2 });
   * assertEquals(fig.toJSON().data[0].mode, "markers");
   * ```
   */
  scatter(x: PlotValues, y: PlotValues, options: TraceOptions = {}): this {
    const [xs, ys] = this.#xy(x, y, "a scatter");
    return this.#add(
      this.#styled("markers", xs, ys, options),
      options,
      "a scatter",
    );
  }

  /**
   * Adds the line y = x across the data of its subplot (computed when the
   * figure is drawn, so it also covers traces added later). Black and
   * dashed unless styled otherwise; pair with `equalAspect`.
   *
   * @param options Style and row/col.
   * @returns This figure.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const fig = new Figure().identityLine().scatter([1, 5], [2, 3]);
   * assertEquals(fig.toJSON().data[0].x, [1, 5]);
   * ```
   */
  identityLine(options: TraceOptions = {}): this {
    const subplot = this.#subplotIndex(options, "the identity line");
    const style: TraceOptions = {
      color: "black",
      dash: "dash",
      width: 1,
      ...options,
    };
    const build = (traces: readonly StoredTrace[]): Json => {
      const acc: [number, number] = [Infinity, -Infinity];
      for (const t of traces) {
        if (t.subplot !== subplot || typeof t.spec === "function") continue;
        extent(t.spec.x, acc);
        extent(t.spec.y, acc);
      }
      const ends = acc[0] <= acc[1] ? acc : [0, 1];
      return this.#styled("lines", [...ends], [...ends], style);
    };
    return this.#add(build, options, "the identity line");
  }

  /**
   * Adds a heatmap of a 2-D tensor or nested array, row 0 at the top
   * (like a printed matrix). Colours are symmetric around 0 when the values
   * have both signs.
   *
   * @param z A 2-D tensor (`shape [rows, cols]`) or `number[][]`.
   * @param options Coordinates, colour scale and range, row/col.
   * @returns This figure.
   * @throws {TypeError} if z is not 2-D.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const fig = new Figure().heatmap([[1, -1], [0, 2]]);
   * assertEquals(fig.toJSON().data[0].z, [[1, -1], [0, 2]]);
   * ```
   */
  heatmap(
    z: readonly (readonly number[])[] | {
      data: ArrayLike<number>;
      shape: readonly number[];
    },
    options: HeatmapOptions = {},
  ): this {
    let rows: (number | null)[][];
    if (isTensorLike(z)) {
      if (z.shape.length !== 2) {
        throw new TypeError(
          `Cannot draw a heatmap of a tensor of shape [${
            z.shape.join(", ")
          }]: expected 2 dimensions [rows, cols]`,
        );
      }
      const [r, c] = z.shape;
      rows = Array.from(
        { length: r },
        (_, i) =>
          toPlotArray(
            Float64Array.from(
              { length: c },
              (_, j) => (z.data as ArrayLike<number>)[i * c + j],
            ),
            "heatmap z",
          ),
      );
    } else if (Array.isArray(z) && z.every((r) => Array.isArray(r))) {
      rows = z.map((r) => toPlotArray(r, "heatmap z"));
    } else {
      throw new TypeError(
        "Cannot draw a heatmap: expected a 2-D tensor or number[][]",
      );
    }
    let lo = Infinity, hi = -Infinity;
    for (const r of rows) {
      for (const v of r) {
        if (v === null) continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const t: Json = {
      type: "heatmap",
      z: rows,
      colorscale: options.colorscale ?? "RdBu",
    };
    if (options.name !== undefined) t.name = options.name;
    if (options.x !== undefined) t.x = toPlotArray(options.x, "heatmap x");
    if (options.y !== undefined) t.y = toPlotArray(options.y, "heatmap y");
    if (options.zmin !== undefined || options.zmax !== undefined) {
      t.zmin = options.zmin ?? lo;
      t.zmax = options.zmax ?? hi;
    } else if (lo < 0 && hi > 0) {
      const m = Math.max(-lo, hi);
      t.zmin = -m;
      t.zmax = m;
    }
    this.#add({ ...t, ...options.plotly }, options, "a heatmap");
    const k = this.#subplotIndex(options, "a heatmap");
    const sub = this.#subplots[k];
    sub.yaxis = {
      ...sub.yaxis,
      plotly: { autorange: "reversed", ...sub.yaxis?.plotly },
    };
    return this;
  }

  /**
   * Sets the title, axes or aspect of one subplot.
   *
   * @param at Row and column (1-based).
   * @param options Title, axes (merged over the figure's), equal aspect.
   * @returns This figure.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const fig = new Figure({ cols: 2 })
   *   .subplot({ col: 2 }, { yaxis: { type: "log", range: [1e-6, 1e5] } });
   * assertEquals((fig.toJSON().layout.yaxis2 as { range: number[] }).range, [-6, 5]);
   * ```
   */
  subplot(at: Placement, options: SubplotOptions): this {
    const k = this.#subplotIndex(at, "subplot options");
    const sub = this.#subplots[k];
    this.#subplots[k] = {
      title: options.title ?? sub.title,
      equalAspect: options.equalAspect ?? sub.equalAspect,
      xaxis: options.xaxis ? mergeAxis(sub.xaxis, options.xaxis) : sub.xaxis,
      yaxis: options.yaxis ? mergeAxis(sub.yaxis, options.yaxis) : sub.yaxis,
    };
    return this;
  }

  /**
   * Adds sliders over precomputed traces: `draw` is called once for every
   * combination of slider values and adds that combination's traces to the
   * figure it receives; moving the sliders shows the matching traces. With
   * several sliders each one moves independently (in static HTML too).
   * Every combination must add the same number of traces. Keep the grid
   * small (e.g. 21 × 21): all of it is stored in the output.
   *
   * @param sliders Label, values and initial index of each slider.
   * @param draw Adds the traces for one combination of values.
   * @returns This figure.
   * @throws {RangeError} if sliders were already added, a slider has no values,
   *   or combinations add different numbers of traces.
   *
   * @example Two independent sliders
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const fig = new Figure().sliders(
   *   [{ label: "a", values: [1, 2, 3] }, { label: "b", values: [0, 1] }],
   *   (f, [a, b]) => f.line([0, 1], [b, a + b]),
   * );
   * assertEquals(fig.traceCount, 6);
   * assertEquals(fig.toJSON().layout.sliders?.length, 2);
   * ```
   */
  sliders(
    sliders: readonly SliderOptions[],
    draw: (fig: Figure, values: number[], indices: number[]) => void,
  ): this {
    if (this.#sliders.length > 0) {
      throw new RangeError(
        "Cannot add sliders: this figure already has a slider group (pass all sliders in one call)",
      );
    }
    if (sliders.length === 0) {
      throw new RangeError("Cannot add sliders: expected at least one slider");
    }
    for (const s of sliders) {
      if (s.values.length === 0) {
        throw new RangeError(
          `Cannot add slider "${s.label}": it needs at least one value`,
        );
      }
      const a = s.active ?? 0;
      if (!Number.isInteger(a) || a < 0 || a >= s.values.length) {
        throw new RangeError(
          `Cannot add slider "${s.label}": active must be an index in [0, ${
            s.values.length - 1
          }], got ${a}`,
        );
      }
    }
    const dims = sliders.map((s) => s.values.length);
    const cells = dims.reduce((a, b) => a * b, 1);
    const staticCount = this.#traces.length;
    let perCell = -1;
    const indices = dims.map(() => 0);
    for (let cell = 0; cell < cells; cell++) {
      let rest = cell;
      for (let k = dims.length - 1; k >= 0; k--) {
        indices[k] = rest % dims[k];
        rest = Math.floor(rest / dims[k]);
      }
      const sub = new Figure({ rows: this.rows, cols: this.cols });
      draw(sub, indices.map((i, k) => sliders[k].values[i]), [...indices]);
      if (perCell === -1) perCell = sub.#traces.length;
      if (sub.#traces.length !== perCell) {
        throw new RangeError(
          `Cannot add sliders: every combination must add the same number of traces; the first added ${perCell}, combination [${
            indices.join(", ")
          }] added ${sub.#traces.length}`,
        );
      }
      for (const t of sub.#traces) {
        let spec = t.spec;
        if (typeof spec !== "function" && spec.type === "scatter") {
          // Same colour for the same slot in every cell (plotly would
          // colour by global trace index).
          const color = COLORWAY[(staticCount + t.slot) % COLORWAY.length];
          spec = {
            ...spec,
            line: { color, ...(spec.line as Json | undefined) },
            marker: { color, ...(spec.marker as Json | undefined) },
          };
        }
        this.#traces.push({ ...t, spec, cell });
      }
    }
    this.#sliders = sliders.map((s) => ({ ...s }));
    this.#cells = cells;
    this.#perCell = perCell;
    return this;
  }

  #grid(): SliderGrid | null {
    if (this.#sliders.length === 0) return null;
    return {
      dims: this.#sliders.map((s) => s.values.length),
      first: this.#traces.length - this.#cells * this.#perCell,
      perCell: this.#perCell,
    };
  }

  #activeCell(): number {
    let cell = 0;
    for (const s of this.#sliders) {
      cell = cell * s.values.length + (s.active ?? 0);
    }
    return cell;
  }

  /** Height in px: as given, or per row plus room for sliders. */
  get height(): number {
    return this.#options.height ??
      ROW_HEIGHT * this.rows + SLIDER_HEIGHT * this.#sliders.length;
  }

  /**
   * The plotly figure: `{ data, layout, config }` as plain JSON (what
   * `JSON.stringify(fig)` writes and `Plotly.newPlot` takes).
   *
   * @returns Data, layout and config.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const fig = new Figure({ rows: 1, cols: 2 }).line([1, 2], [3, 4], { col: 2 });
   * assertEquals(fig.toJSON().data[0].xaxis, "x2");
   * ```
   */
  toJSON(): {
    data: Json[];
    layout: Json & { sliders?: Json[] };
    config: Json;
  } {
    const o = this.#options;
    const activeCell = this.#activeCell();
    const data = this.#traces.map((t) => {
      const spec = typeof t.spec === "function" ? t.spec(this.#traces) : t.spec;
      const out: Json = { ...spec };
      if (t.subplot > 0) {
        out.xaxis = `x${t.subplot + 1}`;
        out.yaxis = `y${t.subplot + 1}`;
      }
      if (t.cell !== null) out.visible = t.cell === activeCell;
      return out;
    });

    const hasTitle = o.title !== undefined;
    const layout: Json & { sliders?: Json[] } = {
      margin: {
        t: hasTitle ? 70 : 40,
        r: 20,
        l: 70,
        b: 60 + SLIDER_HEIGHT * this.#sliders.length,
      },
      height: this.height,
    };
    if (hasTitle) layout.title = { text: o.title };
    if (o.width !== undefined) layout.width = o.width;
    if (o.showLegend !== undefined) layout.showlegend = o.showLegend;

    const gapX = this.cols > 1 ? 0.08 : 0, gapY = this.rows > 1 ? 0.14 : 0;
    const w = (1 - gapX * (this.cols - 1)) / this.cols;
    const h = (1 - gapY * (this.rows - 1)) / this.rows;
    const annotations: Json[] = [];
    for (let k = 0; k < this.rows * this.cols; k++) {
      const r = Math.floor(k / this.cols), c = k % this.cols;
      const sub = this.#subplots[k];
      const suffix = k === 0 ? "" : String(k + 1);
      const x0 = c * (w + gapX), y1 = 1 - r * (h + gapY);
      const xa = axisJson(mergeAxis(o.xaxis, sub.xaxis), `x${suffix}`);
      const ya = axisJson(mergeAxis(o.yaxis, sub.yaxis), `y${suffix}`);
      if (this.rows * this.cols > 1) {
        xa.domain = [x0, Math.min(1, x0 + w)];
        ya.domain = [Math.max(0, y1 - h), y1];
        xa.anchor = `y${suffix}`;
        ya.anchor = `x${suffix}`;
      }
      if (sub.equalAspect) {
        ya.scaleanchor = `x${suffix}`;
        ya.scaleratio = 1;
        xa.constrain = "domain";
        ya.constrain = "domain";
      }
      layout[`xaxis${suffix}`] = xa;
      layout[`yaxis${suffix}`] = ya;
      if (sub.title !== undefined) {
        annotations.push({
          text: sub.title,
          x: x0 + w / 2,
          y: y1,
          xref: "paper",
          yref: "paper",
          xanchor: "center",
          yanchor: "bottom",
          showarrow: false,
          font: { size: 14 },
        });
      }
    }
    if (annotations.length > 0) layout.annotations = annotations;

    const grid = this.#grid();
    if (grid !== null) {
      const single = this.#sliders.length === 1;
      layout.sliders = this.#sliders.map((s, k) => ({
        name: `slider${k}`,
        active: s.active ?? 0,
        currentvalue: { prefix: `${s.label}: `, visible: true },
        pad: { t: 50 + SLIDER_HEIGHT * k },
        len: 1,
        x: 0,
        y: 0,
        yanchor: "top",
        font: s.values.length > 15 ? { size: 9 } : {},
        steps: s.values.map((v, i) => {
          // One slider: plotly restyles by itself (works in every frontend).
          // Several: the figure's script combines them (see _figure_html.ts).
          const args = single
            ? [{
              visible: data.map((_, t) =>
                t < grid.first ||
                Math.floor((t - grid.first) / grid.perCell) === i
              ),
            }]
            : [];
          return {
            label: label(v),
            value: String(i),
            method: single ? "restyle" : "skip",
            args,
          };
        }),
      }));
    }
    Object.assign(layout, o.plotly?.layout);
    const config: Json = {
      responsive: true,
      displaylogo: false,
      ...o.plotly?.config,
    };
    return { data, layout, config };
  }

  /** A short description, e.g. `Figure "Training loss" (2 traces)`. */
  toString(): string {
    const title = this.#options.title ? ` "${this.#options.title}"` : "";
    const grid = this.rows * this.cols > 1
      ? `, ${this.rows}×${this.cols} subplots`
      : "";
    const sliders = this.#sliders.length > 0
      ? `, sliders: ${this.#sliders.map((s) => s.label).join(", ")}`
      : "";
    return `Figure${title} (${this.#traces.length} traces${grid}${sliders})`;
  }

  /**
   * The Jupyter MIME bundle: `application/vnd.plotly.v1+json` (VS Code,
   * JupyterLab with the plotly extension; left out for several sliders, which
   * need the script), `text/html` (a div and a script drawing with
   * `window.Plotly`: nbconvert HTML, classic notebook) and `text/plain`.
   * `fig[Symbol.for("Jupyter.display")]()` returns it, so a figure shows
   * itself as the last expression of a cell.
   *
   * @returns The bundle.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const bundle = new Figure().line([1, 2]).toBundle();
   * assertEquals(Object.keys(bundle).sort(),
   *   ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
   * ```
   */
  toBundle(): Record<string, unknown> {
    const spec = this.toJSON();
    const grid = this.#sliders.length > 1 ? this.#grid() : null;
    const bundle: Record<string, unknown> = {
      "text/plain": this.toString(),
      "text/html": figureHtml(spec, newFigureId(), this.height, grid),
    };
    if (grid === null) bundle["application/vnd.plotly.v1+json"] = spec;
    return bundle;
  }

  /**
   * Shows the figure now, as an output of the running cell (for figures
   * made inside loops or functions, where they are not the cell's last
   * expression). Outside a Jupyter kernel it does nothing.
   *
   * @returns Resolves when the output has been sent.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   *
   * for (const k of [1, 2]) await new Figure({ title: `k = ${k}` }).line([0, k]).show();
   * ```
   */
  async show(): Promise<void> {
    const api = jupyterApi();
    if (api === null) return;
    await api.display(this.toBundle(), { raw: true });
    // The kernel forwards displays on its own channel; when the cell ends
    // right after, the output can reach Jupyter after the kernel reported
    // idle and be dropped (seen with nbconvert). A short pause lets it out.
    await new Promise((resolve) => setTimeout(resolve, SHOW_FLUSH_MS));
  }

  /** What the Deno kernel shows for the figure (see {@linkcode Figure.toBundle}). */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    return this.toBundle();
  }

  /** What `console.log(fig)` prints. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }

  /**
   * A standalone HTML page with plotly.js inlined (about 11 MB; opens offline).
   *
   * @returns The page.
   *
   * @example
   * ```ts
   * import { Figure } from "./figure.ts";
   * import { assert } from "@std/assert";
   *
   * const page = new Figure({ title: "a < b" }).line([1, 2]).toHtml();
   * assert(page.startsWith("<!DOCTYPE html>"));
   * assert(page.includes("<title>a &lt; b</title>"));
   * ```
   */
  toHtml(): string {
    const spec = this.toJSON();
    const grid = this.#sliders.length > 1 ? this.#grid() : null;
    const title = escapeHtml(this.#options.title ?? "Figure");
    return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>${title}</title>
${plotlyScriptTag()}
</head>
<body>
${figureHtml(spec, newFigureId(), this.height, grid)}
</body>
</html>
`;
  }
}

/**
 * The HTML output of a figure: a div and a script that draws into it with
 * `window.Plotly` (waiting until a loader has defined it), and that wires
 * independent sliders when the figure has more than one.
 *
 * @module
 */

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
(function () {
  var spec = ${scriptJson(spec)};
  var grid = ${scriptJson(grid)};
  var tries = 0;
  function visibility(active) {
    var cell = 0, v = [], i;
    for (i = 0; i < grid.dims.length; i++) cell = cell * grid.dims[i] + (active[i] || 0);
    for (i = 0; i < spec.data.length; i++) {
      v.push(i < grid.first || Math.floor((i - grid.first) / grid.perCell) === cell);
    }
    return v;
  }
  function draw() {
    var el = document.getElementById(${scriptJson(id)});
    if (!window.Plotly || !el) {
      tries += 1;
      if (tries < 1200) { setTimeout(draw, 50); return; }
      if (el) el.textContent = "plotly.js is not loaded: run \\"await initPlotly();\\" in an earlier cell.";
      return;
    }
    window.Plotly.newPlot(el, spec.data, spec.layout, spec.config).then(function (gd) {
      if (!grid) return;
      gd.on("plotly_sliderchange", function () {
        var active = gd.layout.sliders.map(function (s) { return s.active || 0; });
        window.Plotly.restyle(gd, { visible: visibility(active) });
      });
    });
  }
  draw();
})();
</script>`;
}

import { assert, assertEquals, assertThrows } from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import { Figure } from "./figure.ts";
import { lineChart } from "./line_chart.ts";
import { toPlotArray } from "./to_plot_array.ts";

type Json = Record<string, unknown>;

Deno.test("toPlotArray() converts typed arrays and 1-d tensors to plain arrays", () => {
  const f32 = toPlotArray(new Float32Array([0.5, 2]));
  assert(Array.isArray(f32));
  assertEquals(f32, [0.5, 2]);
  assertEquals(
    toPlotArray(new Tensor(new Float64Array([1, 2, 3]), [3, 1])),
    [1, 2, 3],
  );
  assertEquals(JSON.parse(JSON.stringify(toPlotArray(new Float64Array([1])))), [
    1,
  ]);
});

Deno.test("toPlotArray() turns NaN and infinities into null", () => {
  assertEquals(toPlotArray([NaN, Infinity, -Infinity, 0]), [
    null,
    null,
    null,
    0,
  ]);
});

Deno.test("toPlotArray() rejects 2-d tensors and non-numbers", () => {
  assertThrows(
    () => toPlotArray(new Tensor(new Float64Array(6), [2, 3]), "y"),
    TypeError,
    "Cannot plot y from a tensor of shape [2, 3]",
  );
  assertThrows(
    () => toPlotArray(["a"] as unknown as number[]),
    TypeError,
    "element 0 is string",
  );
  assertThrows(
    () => toPlotArray(null as unknown as number[]),
    TypeError,
    "got null",
  );
});

Deno.test("Figure builds plotly data, layout and config", () => {
  const fig = new Figure({
    title: "Training loss",
    xaxis: { title: "step" },
    yaxis: { title: "MSE", type: "log" },
  });
  fig.line([0, 1, 2], new Float64Array([1, NaN, 0.25]), { name: "train" });
  fig.scatter([0, 1], [0.5, 0.5], { opacity: 0.2, color: "red", size: 3 });
  const { data, layout, config } = fig.toJSON();
  assertEquals(data.length, 2);
  assertEquals(data[0], {
    type: "scatter",
    mode: "lines",
    x: [0, 1, 2],
    y: [1, null, 0.25],
    name: "train",
    showlegend: true,
  });
  assertEquals(data[1].mode, "markers");
  assertEquals(data[1].opacity, 0.2);
  assertEquals(data[1].marker, { color: "red", size: 3 });
  assertEquals(data[1].showlegend, false);
  assertEquals(layout.title, { text: "Training loss" });
  assertEquals(layout.xaxis, { title: { text: "step" } });
  assertEquals(layout.yaxis, { title: { text: "MSE" }, type: "log" });
  assertEquals(config.responsive, true);
  // Everything survives JSON (no typed arrays, no NaN).
  assertEquals(JSON.parse(JSON.stringify(fig)), fig.toJSON());
});

Deno.test("Figure places traces in subplots with their own axes", () => {
  const fig = new Figure({ rows: 1, cols: 2, subplotTitles: ["a", "b"] });
  fig.line([1, 2], { col: 1, name: "y only" });
  fig.line([1, 2], [3, 4], { col: 2 });
  fig.subplot({ col: 2 }, { yaxis: { type: "log", range: [1e-6, 1e5] } });
  const { data, layout } = fig.toJSON();
  assertEquals(data[1].xaxis, "x2");
  assertEquals(data[1].yaxis, "y2");
  assertEquals(data[0].xaxis, undefined);
  assertEquals([data[0].x, data[0].name], [[0, 1], "y only"]);
  const x1 = layout.xaxis as Json, x2 = layout.xaxis2 as Json;
  const y2 = layout.yaxis2 as Json;
  assertEquals(y2.type, "log");
  assertEquals(y2.range, [-6, 5]);
  assertEquals(x2.anchor, "y2");
  assert((x1.domain as number[])[1] < (x2.domain as number[])[0]);
  assertEquals((layout.annotations as Json[]).map((a) => a.text), ["a", "b"]);
  assertThrows(
    () => fig.line([1], [1], { row: 2 }),
    RangeError,
    "the figure has 1 row(s) and 2 column(s)",
  );
});

Deno.test("Figure rejects x and y of different lengths", () => {
  assertThrows(
    () => new Figure().line([1, 2, 3], [1, 2]),
    RangeError,
    "x and y must have the same length, got 3 and 2",
  );
});

Deno.test("Figure.identityLine() spans the data of its subplot, added before or after", () => {
  const fig = new Figure({ equalAspect: true }).identityLine()
    .scatter([2, 9], [-1, 4]);
  const { data, layout } = fig.toJSON();
  assertEquals(data[0].x, [-1, 9]);
  assertEquals(data[0].y, [-1, 9]);
  assertEquals((layout.yaxis as Json).scaleanchor, "x");
});

Deno.test("Figure rejects log ranges that are not positive", () => {
  const fig = new Figure({ yaxis: { type: "log", range: [0, 10] } });
  assertThrows(() => fig.toJSON(), RangeError, "both ends must be positive");
});

Deno.test("Figure.heatmap() takes a 2-d tensor with symmetric colours", () => {
  const z = new Tensor(new Float64Array([1, -3, 0, 2]), [2, 2]);
  const t = new Figure().heatmap(z).toJSON().data[0];
  assertEquals(t.z, [[1, -3], [0, 2]]);
  assertEquals([t.zmin, t.zmax], [-3, 3]);
  assertThrows(
    () => new Figure().heatmap(new Tensor(new Float64Array(2), [2])),
    TypeError,
    "expected 2 dimensions",
  );
});

Deno.test("Figure.sliders() with one slider restyles visibility natively", () => {
  const fig = new Figure().line([0, 1], [0, 0], { name: "static" });
  fig.sliders([{ label: "a", values: [1, 2, 3], active: 1 }], (f, [a]) => {
    f.line([0, 1], [0, a]);
  });
  const { data, layout } = fig.toJSON();
  assertEquals(data.map((t) => t.visible), [undefined, false, true, false]);
  const steps = (layout.sliders as Json[])[0].steps as Json[];
  assertEquals(steps.map((s) => s.label), ["1", "2", "3"]);
  assertEquals(steps[2].method, "restyle");
  assertEquals(steps[2].args, [{ visible: [true, false, false, true] }]);
  // Same colour for the trace in every step.
  assertEquals(
    new Set(data.slice(1).map((t) => (t.line as Json).color)).size,
    1,
  );
  assert("application/vnd.plotly.v1+json" in fig.toBundle());
});

Deno.test("Figure.sliders() with two sliders combines them in the figure's script", () => {
  const fig = new Figure({ rows: 1, cols: 2 }).sliders(
    [
      { label: "weight scale", values: [0.5, 1, 2], active: 2 },
      { label: "bias scale", values: [0, 1] },
    ],
    (f, [w, b]) => {
      f.line([1, 2], [w, b], { col: 1 });
      f.line([1, 2], [b, w], { col: 2 });
    },
  );
  const { data, layout } = fig.toJSON();
  assertEquals(data.length, 12);
  // Cell (2, 0) is cell 4: traces 8 and 9.
  assertEquals(
    data.map((t, i) => t.visible ? i : -1).filter((i) => i >= 0),
    [8, 9],
  );
  assertEquals(data[8].y, [2, 0]);
  assertEquals(data[9].xaxis, "x2");
  const sliders = layout.sliders as Json[];
  assertEquals(sliders.length, 2);
  assertEquals((sliders[0].steps as Json[])[0].method, "skip");
  const bundle = fig.toBundle();
  assertEquals(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert(String(bundle["text/html"]).includes("plotly_sliderchange"));
  assert(String(bundle["text/html"]).includes('"perCell":2'));
  assertThrows(
    () => fig.sliders([{ label: "c", values: [1] }], () => {}),
    RangeError,
    "already has a slider group",
  );
});

Deno.test("Figure.sliders() requires the same number of traces per combination", () => {
  assertThrows(
    () =>
      new Figure().sliders([{ label: "n", values: [1, 2] }], (f, [n]) => {
        for (let i = 0; i < n; i++) f.line([i]);
      }),
    RangeError,
    "the first added 1, combination [1] added 2",
  );
});

Deno.test("Figure's HTML output escapes script-breaking text and loads Plotly itself", () => {
  const html = String(
    new Figure({ title: "</script><b>" }).line([1, 2]).toBundle()["text/html"],
  );
  assertEquals(html.includes("</script><b>"), false);
  assert(html.includes("\\u003c/script>\\u003cb>"));
  assert(html.includes("Plotly.newPlot"));
  assert(html.includes("window.rnnlabPlotly().then"));
  assert(html.length < 6000, `${html.length} characters`);
  assertEquals((html.match(/<\/script>/g) ?? []).length, 1);
});

Deno.test("Figure bundles use a new element id each time they are shown", () => {
  const fig = new Figure().line([1]);
  const id = (h: unknown) => /id="([^"]+)"/.exec(String(h))?.[1];
  assert(id(fig.toBundle()["text/html"]) !== id(fig.toBundle()["text/html"]));
});

Deno.test("Figure describes itself in one line of text", () => {
  const fig = new Figure({ title: "Loss", cols: 2 }).line([1]).line([2]);
  assertEquals(fig.toString(), 'Figure "Loss" (2 traces, 1×2 subplots)');
  assertEquals(fig.toBundle()["text/plain"], fig.toString());
});

Deno.test("lineChart() draws one named line per series against the index", () => {
  const fig = lineChart({ a: [1, 2], b: new Float32Array([3, 4, 5]) });
  const { data } = fig.toJSON();
  assertEquals(data.map((t) => t.name), ["a", "b"]);
  assertEquals(data[1].x, [0, 1, 2]);
  assertEquals(lineChart([5, 6]).toJSON().data[0].y, [5, 6]);
});

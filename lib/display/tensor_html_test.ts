import { assert, assertEquals } from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import { tensorHtml } from "./tensor_html.ts";
import { displayBundle } from "./display_bundle.ts";

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

Deno.test("tensorHtml() draws a 2-d tensor as rows of cells with the shape as caption", () => {
  const html = tensorHtml(
    new Tensor(new Float64Array([1, -2.5, 3, 4, 5, 6]), [2, 3]),
  );
  assertEquals(count(html, "<tr>"), 2);
  assertEquals(count(html, "<td"), 6);
  assert(html.includes(">-2.5000</td>"));
  assert(html.includes("shape [2, 3] · float64"));
});

Deno.test("tensorHtml() draws a 1-d tensor as one row", () => {
  const html = tensorHtml(new Tensor(new Float64Array([1, 2, 3]), [3]));
  assertEquals(count(html, "<tr>"), 1);
  assert(html.includes(">3.</td>"));
});

Deno.test("tensorHtml() cuts large tensors with ellipses", () => {
  const html = tensorHtml(new Tensor(new Float64Array(100 * 50), [100, 50]), {
    maxRows: 6,
    maxCols: 4,
  });
  assertEquals(count(html, "<tr>"), 7);
  assertEquals(count(html, "<td"), 7 * 5);
  assert(html.includes("⋮") && html.includes("…") && html.includes("⋱"));
});

Deno.test("tensorHtml() escapes the text of other ranks", () => {
  const html = tensorHtml(new Tensor(new Float64Array(8), [2, 2, 2]));
  assert(html.includes("<pre"));
  assert(html.includes("tensor([[[0., 0.]"));
  const y = new Tensor(new Float64Array([1]), []);
  y.gradFn = { name: "<script>", inputs: [], backward: () => [] };
  const html0 = tensorHtml(y);
  assertEquals(html0.includes("<script>"), false);
  assert(html0.includes("&lt;script&gt;"));
});

Deno.test("displayBundle() has text/plain always and text/html for 1-d and 2-d", () => {
  const v = displayBundle(new Tensor(new Float64Array([1, 2]), [2]));
  assertEquals(Object.keys(v).sort(), ["text/html", "text/plain"]);
  const s = displayBundle(new Tensor(new Float64Array([1]), []));
  assertEquals(Object.keys(s), ["text/plain"]);
  assertEquals(s["text/plain"], "tensor(1.)");
});

import { assertEquals, assertStrictEquals, assertThrows } from "@std/assert";
import { noGrad } from "../autograd/grad_mode.ts";
import { arange, detach, tensor, zeros } from "./creation.ts";
import { index } from "./index.ts";
import { reshape } from "./reshape.ts";
import { setIndex } from "./set_index.ts";
import { shapeSize, type Tensor } from "./tensor.ts";

/** A float64 leaf holding start, start + 1, ... in the given shape. */
function seq(start: number, ...shape: number[]): Tensor {
  return detach(reshape(arange(start, start + shapeSize(shape)), shape));
}

Deno.test("setIndex() writes a row, as h[i + 1] = v does", () => {
  const h = zeros(4, 3);
  const returned = setIndex(h, [2], tensor([1, 2, 3]));
  assertStrictEquals(returned, h);
  assertEquals(h.tolist(), [[0, 0, 0], [0, 0, 0], [1, 2, 3], [0, 0, 0]]);
  setIndex(h, [-1], tensor([[7, 8, 9]]));
  assertEquals(index(h, 3).tolist(), [7, 8, 9]);
});

Deno.test("setIndex() writes strided regions and columns", () => {
  const x = seq(0, 3, 4);
  setIndex(x, [":", 1], tensor([-1, -2, -3]));
  setIndex(x, ["::2", "2:"], tensor([[10, 11], [12, 13]]));
  assertEquals(x.tolist(), [
    [0, -1, 10, 11],
    [4, -2, 6, 7],
    [8, -3, 12, 13],
  ]);
  setIndex(x, [1, 0], tensor(99));
  assertEquals(x.data[4], 99);
});

Deno.test("setIndex() broadcasts numbers and tensors to the region", () => {
  const x = zeros(2, 3);
  setIndex(x, [], 5);
  assertEquals(x.tolist(), [[5, 5, 5], [5, 5, 5]]);
  setIndex(x, [":", "1:"], tensor([1, 2]));
  assertEquals(x.tolist(), [[5, 1, 2], [5, 1, 2]]);
  setIndex(x, [":", 0], tensor([[7]]));
  assertEquals(x.tolist(), [[7, 1, 2], [7, 1, 2]]);
  setIndex(x, [":", "0:2"], tensor([[3], [4]]));
  assertEquals(x.tolist(), [[3, 3, 2], [4, 4, 2]]);
  setIndex(x, [0, "1:1"], 8);
  assertEquals(x.tolist(), [[3, 3, 2], [4, 4, 2]]);
});

Deno.test("setIndex() rounds into float32 storage and reads float32 values", () => {
  const x = zeros(2, { dtype: "float32" });
  setIndex(x, [0], tensor(0.1));
  assertEquals(x.data[0], Math.fround(0.1));
  const y = zeros(2);
  setIndex(y, [], tensor([0.1, 0.2], { dtype: "float32" }));
  assertEquals(y.data[1], Math.fround(0.2));
});

Deno.test("setIndex() rejects values that do not broadcast", () => {
  assertThrows(
    () => setIndex(zeros(2, 4), [], tensor([1, 2, 3])),
    TypeError,
    "setIndex(): shape mismatch: value tensor of shape [3] cannot be broadcast to indexing result of shape [2, 4]",
  );
  assertThrows(
    () => setIndex(zeros(2, 4), [0], zeros(2, 4)),
    TypeError,
    "value tensor of shape [2, 4] cannot be broadcast to indexing result of shape [4]",
  );
  assertThrows(
    () => setIndex(zeros(2), [2], 1),
    RangeError,
    "index 2 is out of bounds for dimension 0 with size 2",
  );
});

Deno.test("setIndex() refuses to write into a tensor that requires grad", () => {
  const w = zeros(2, { requiresGrad: true });
  assertThrows(
    () => setIndex(w, [0], 1),
    TypeError,
    "setIndex(): a leaf tensor that requires grad (shape [2]) is being used in an in-place operation",
  );
  noGrad(() => setIndex(w, [0], 1));
  assertEquals(w.tolist(), [1, 0]);
});

Deno.test("setIndex() refuses to drop the gradient of its value", () => {
  const v = tensor([1, 2], { requiresGrad: true });
  assertThrows(
    () => setIndex(zeros(2), [], v),
    TypeError,
    "setIndex() is not differentiable: the value (shape [2]) requires grad",
  );
  const h = zeros(2);
  setIndex(h, [], detach(v));
  assertEquals(h.tolist(), [1, 2]);
  noGrad(() => setIndex(h, [0], index(v, 1)));
  assertEquals(h.tolist(), [2, 2]);
});

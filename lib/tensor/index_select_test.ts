import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { arange, detach, tensor } from "./creation.ts";
import { indexSelect } from "./index_select.ts";
import { reshape } from "./reshape.ts";
import { shapeSize, type Tensor } from "./tensor.ts";

/** A float64 leaf holding start, start + 1, ... in the given shape. */
function seq(start: number, ...shape: number[]): Tensor {
  return detach(reshape(arange(start, start + shapeSize(shape)), shape));
}

Deno.test("indexSelect() gathers rows in the given order, repeats allowed", () => {
  const x = seq(0, 4, 2);
  assertEquals(indexSelect(x, 0, [3, 0, 3]).tolist(), [[6, 7], [0, 1], [6, 7]]);
  assertEquals(indexSelect(x, 0, [-1]).tolist(), [[6, 7]]);
  assertEquals(indexSelect(x, 0, []).shape, [0, 2]);
  assertEquals(indexSelect(x, 0, tensor([1, 2])).tolist(), [[2, 3], [4, 5]]);
  assertEquals(indexSelect(x, 0, new Int32Array([2])).tolist(), [[4, 5]]);
});

Deno.test("indexSelect() gathers along inner dimensions", () => {
  const x = seq(0, 2, 3, 2);
  const y = indexSelect(x, 1, [2, 0]);
  assertEquals(y.tolist(), [[[4, 5], [0, 1]], [[10, 11], [6, 7]]]);
  assertEquals(indexSelect(x, -1, [1]).tolist(), [[[1], [3], [5]], [[7], [9], [
    11,
  ]]]);
});

Deno.test("indexSelect() rejects bad indices and dims", () => {
  const x = seq(0, 4, 2);
  assertThrows(
    () => indexSelect(x, 0, [1, 4]),
    RangeError,
    "index 4 is out of bounds for dimension 0 with size 4",
  );
  assertThrows(
    () => indexSelect(x, 1, [0.5]),
    TypeError,
    "indexSelect(): indices must be integers, but got 0.5 at position 0",
  );
  assertThrows(
    () => indexSelect(x, 2, [0]),
    RangeError,
    "Dimension out of range",
  );
});

Deno.test("indexSelect() adds up the gradients of repeated indices", () => {
  const x = seq(0.5, 4, 3);
  const r0 = gradcheck((a) => indexSelect(a, 0, [3, 1, 3, 3]), [x]);
  assert(r0.maxRelativeError < 1e-6);
  const r1 = gradcheck((a) => indexSelect(a, 1, [0, 0, 2]), [x]);
  assert(r1.maxRelativeError < 1e-6);
  // Row 3 is taken three times.
  assertEquals(r0.analytic[0][9] > r0.analytic[0][3], true);
});

Deno.test("indexSelect() keeps float32", () => {
  const x = tensor([[1, 2]], { dtype: "float32" });
  assertEquals(indexSelect(x, 1, [1]).dtype, "float32");
});

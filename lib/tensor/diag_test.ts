import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { arange, detach, tensor } from "./creation.ts";
import { diag } from "./diag.ts";
import { reshape } from "./reshape.ts";
import { shapeSize, type Tensor } from "./tensor.ts";

/** A float64 leaf holding start, start + 1, ... in the given shape. */
function seq(start: number, ...shape: number[]): Tensor {
  return detach(reshape(arange(start, start + shapeSize(shape)), shape));
}

Deno.test("diag() puts a vector on the diagonal of a square matrix", () => {
  assertEquals(diag(tensor([1, 2, 3])).tolist(), [[1, 0, 0], [0, 2, 0], [
    0,
    0,
    3,
  ]]);
  assertEquals(diag(tensor([1, 2]), 1).tolist(), [[0, 1, 0], [0, 0, 2], [
    0,
    0,
    0,
  ]]);
  assertEquals(diag(tensor([1, 2]), -1).tolist(), [[0, 0, 0], [1, 0, 0], [
    0,
    2,
    0,
  ]]);
  assertEquals(diag(tensor([])).shape, [0, 0]);
});

Deno.test("diag() reads the diagonal of a matrix, square or not", () => {
  const x = seq(0, 3, 4);
  assertEquals(diag(x).tolist(), [0, 5, 10]);
  assertEquals(diag(x, 1).tolist(), [1, 6, 11]);
  assertEquals(diag(x, 2).tolist(), [2, 7]);
  assertEquals(diag(x, -1).tolist(), [4, 9]);
  assertEquals(diag(x, -3).shape, [0]);
  assertEquals(diag(x, 5).shape, [0]);
  assertEquals(diag(seq(0, 4, 2)).tolist(), [0, 3]);
});

Deno.test("diag() rejects other ranks", () => {
  assertThrows(
    () => diag(seq(0, 2, 2, 2)),
    TypeError,
    "diag(): expected a 1-D or 2-D tensor, but got shape [2, 2, 2]",
  );
  assertThrows(() => diag(tensor(1)), TypeError, "got shape []");
  assertThrows(
    () => diag(tensor([1]), 0.5),
    RangeError,
    "diagonal must be an integer",
  );
});

Deno.test("diag() has exact gradients both ways", () => {
  for (const k of [0, 1, -2]) {
    assert(gradcheck((a) => diag(a, k), [seq(0.5, 3)]).maxRelativeError < 1e-6);
    assert(
      gradcheck((a) => diag(a, k), [seq(0.5, 3, 4)]).maxRelativeError < 1e-6,
    );
  }
});

Deno.test("diag() keeps float32", () => {
  assertEquals(diag(tensor([1, 2], { dtype: "float32" })).dtype, "float32");
});

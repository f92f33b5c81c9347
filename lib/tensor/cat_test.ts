import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { cat } from "./cat.ts";
import { arange, detach, tensor } from "./creation.ts";
import { reshape } from "./reshape.ts";
import { shapeSize, type Tensor } from "./tensor.ts";

/** A float64 leaf holding start, start + 1, ... in the given shape. */
function seq(start: number, ...shape: number[]): Tensor {
  return detach(reshape(arange(start, start + shapeSize(shape)), shape));
}

Deno.test("cat() joins along the first dimension by default", () => {
  assertEquals(cat([tensor([1, 2]), tensor([3]), tensor([4, 5])]).tolist(), [
    1,
    2,
    3,
    4,
    5,
  ]);
  const c = cat([seq(0, 1, 2), seq(10, 2, 2)]);
  assertEquals(c.tolist(), [[0, 1], [10, 11], [12, 13]]);
});

Deno.test("cat() joins along any dimension, negative from the end", () => {
  const a = seq(0, 2, 1), b = seq(10, 2, 3);
  assertEquals(cat([a, b], 1).tolist(), [[0, 10, 11, 12], [1, 13, 14, 15]]);
  assertEquals(cat([a, b], -1).tolist(), cat([a, b], 1).tolist());
  const x = seq(0, 2, 2, 2), y = seq(100, 2, 2, 1);
  assertEquals(cat([x, y], 2).shape, [2, 2, 3]);
  assertEquals(cat([x, y], 2).data[5], 101);
  assertEquals(cat([seq(0, 0, 2), seq(0, 1, 2)]).shape, [1, 2]);
});

Deno.test("cat() names the entries whose shapes differ outside dim", () => {
  assertThrows(
    () => cat([seq(0, 2, 3), seq(0, 2, 4)]),
    TypeError,
    "cat expects tensors to have the same shape except in dimension 0, but got [2, 3] at entry 0 and [2, 4] at entry 1",
  );
  assertThrows(
    () => cat([seq(0, 2, 3), seq(0, 3)], 1),
    TypeError,
    "but got [2, 3] at entry 0 and [3] at entry 1",
  );
  assertThrows(
    () => cat([tensor([1]), tensor(2)]),
    TypeError,
    "zero-dimensional tensor (at entry 1) cannot be concatenated",
  );
  assertThrows(() => cat([]), RangeError, "cat expects a non-empty list");
  assertThrows(() => cat([seq(0, 2)], 1), RangeError, "Dimension out of range");
});

Deno.test("cat() sends each part of the gradient to its input", () => {
  const a = seq(0.5, 2, 1, 3), b = seq(-3, 2, 2, 3), c = seq(7, 2, 3, 3);
  const r1 = gradcheck((x, y, z) => cat([x, y, z], 1), [a, b, c]);
  assert(r1.maxRelativeError < 1e-6);
  const r0 = gradcheck((x, y) => cat([x, y]), [seq(1, 1, 3), seq(2, 4, 3)]);
  assert(r0.maxRelativeError < 1e-6);
  const r2 = gradcheck((x, y) => cat([x, y], -1), [seq(1, 3, 1), seq(2, 3, 4)]);
  assert(r2.maxRelativeError < 1e-6);
});

Deno.test("cat() is float32 only when every input is", () => {
  const f = tensor([1], { dtype: "float32" }), d = tensor([1]);
  assertEquals(cat([f, f]).dtype, "float32");
  assertEquals(cat([d, f]).dtype, "float64");
});

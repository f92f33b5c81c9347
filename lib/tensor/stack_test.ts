import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { arange, detach, tensor } from "./creation.ts";
import { reshape } from "./reshape.ts";
import { stack } from "./stack.ts";
import { shapeSize, type Tensor } from "./tensor.ts";

/** A float64 leaf holding start, start + 1, ... in the given shape. */
function seq(start: number, ...shape: number[]): Tensor {
  return detach(reshape(arange(start, start + shapeSize(shape)), shape));
}

Deno.test("stack() joins along a new first dimension by default", () => {
  const a = tensor([1, 2, 3]), b = tensor([4, 5, 6]);
  const s = stack([a, b]);
  assertEquals(s.shape, [2, 3]);
  assertEquals(s.tolist(), [[1, 2, 3], [4, 5, 6]]);
  assertEquals(stack([tensor(1), tensor(2)]).tolist(), [1, 2]);
});

Deno.test("stack() inserts the new dimension at dim, negative from the end", () => {
  const a = seq(0, 2, 3), b = seq(10, 2, 3);
  assertEquals(stack([a, b], 1).tolist(), [
    [[0, 1, 2], [10, 11, 12]],
    [[3, 4, 5], [13, 14, 15]],
  ]);
  assertEquals(stack([a, b], 2).tolist(), [
    [[0, 10], [1, 11], [2, 12]],
    [[3, 13], [4, 14], [5, 15]],
  ]);
  assertEquals(stack([a, b], -1).tolist(), stack([a, b], 2).tolist());
  assertEquals(stack([a, b], -3).tolist(), stack([a, b], 0).tolist());
  assertThrows(
    () => stack([a, b], 3),
    RangeError,
    "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
  );
});

Deno.test("stack() names the entries whose shapes differ", () => {
  assertThrows(
    () => stack([seq(0, 2, 3), seq(0, 2, 3), seq(0, 2, 4)]),
    TypeError,
    "stack expects each tensor to be equal size, but got [2, 3] at entry 0 and [2, 4] at entry 2",
  );
  assertThrows(() => stack([]), RangeError, "stack expects a non-empty list");
});

Deno.test("stack() sends each slice of the gradient to its input", () => {
  const a = seq(0.5, 2, 3), b = seq(-3, 2, 3), c = seq(7, 2, 3);
  for (const dim of [0, 1, 2]) {
    const r = gradcheck((x, y, z) => stack([x, y, z], dim), [a, b, c]);
    assert(r.maxRelativeError < 1e-6);
  }
  const r = gradcheck((x) => stack([x, x]), [seq(1, 3)]);
  assert(r.maxRelativeError < 1e-6);
});

Deno.test("stack() is float32 only when every input is", () => {
  const f = tensor([1], { dtype: "float32" }), d = tensor([1]);
  assertEquals(stack([f, f]).dtype, "float32");
  assertEquals(stack([f, d]).dtype, "float64");
});

Deno.test("stack() tracks gradients only of inputs that require them", () => {
  const a = tensor([1, 2], { requiresGrad: true }), b = tensor([3, 4]);
  const s = stack([a, b]);
  assertEquals(s.requiresGrad, true);
  const grads = s.gradFn!.backward(new Float64Array([1, 2, 3, 4]));
  assertEquals(Array.from(grads[0]!), [1, 2]);
  assertEquals(grads[1], null);
});

import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { arange, detach, tensor } from "./creation.ts";
import { flatten, reshape, squeeze, unsqueeze, view } from "./reshape.ts";
import { shapeSize, type Tensor } from "./tensor.ts";

/** A float64 leaf holding 0.5, 1.5, 2.5, ... in the given shape. */
function seq(...shape: number[]): Tensor {
  return detach(reshape(arange(0.5, shapeSize(shape) + 0.5), shape));
}

Deno.test("reshape() keeps row-major order and shares storage", () => {
  const x = arange(6);
  const y = reshape(x, [2, 3]);
  assertEquals(y.tolist(), [[0, 1, 2], [3, 4, 5]]);
  assert(y.data === x.data);
  assertEquals(reshape(x, 3, 2).shape, [3, 2]);
  assertEquals(reshape(tensor([7]), []).shape, []);
  assertEquals(reshape(tensor(7), [1, 1]).shape, [1, 1]);
});

Deno.test("reshape() infers one -1 dimension", () => {
  assertEquals(reshape(arange(6), [-1]).shape, [6]);
  assertEquals(reshape(arange(6), 2, -1).shape, [2, 3]);
  assertEquals(reshape(arange(6), -1, 1).shape, [6, 1]);
  assertEquals(reshape(arange(0), [0, 3]).shape, [0, 3]);
});

Deno.test("reshape() rejects shapes that do not hold the elements", () => {
  assertThrows(
    () => reshape(arange(6), [5, -1]),
    RangeError,
    "shape '[5, -1]' is invalid for input of size 6",
  );
  assertThrows(
    () => reshape(arange(6), 4, 2),
    RangeError,
    "shape '[4, 2]' is invalid for input of size 6",
  );
  assertThrows(
    () => reshape(arange(6), [-1, -1]),
    RangeError,
    "only one dimension can be inferred",
  );
  assertThrows(
    () => reshape(arange(6), [1, -5]),
    RangeError,
    "invalid shape dimension -5",
  );
  assertThrows(
    () => reshape(arange(0), [0, -1]),
    RangeError,
    "the unspecified dimension size -1 can be any value and is ambiguous",
  );
  assertThrows(
    () => reshape(arange(6), [2.5, 2]),
    TypeError,
    "reshape(): argument 'shape' must be a sequence of integers, but got [2.5, 2]",
  );
});

Deno.test("view() is reshape() under another name", () => {
  assertEquals(view(arange(6), -1, 2).shape, [3, 2]);
  assertEquals(view(arange(6), [6]).gradFn, null);
  assertThrows(() => view(arange(6), [4]), RangeError, "input of size 6");
});

Deno.test("flatten() merges a range of dimensions", () => {
  const x = seq(2, 3, 4);
  assertEquals(flatten(x).shape, [24]);
  assertEquals(flatten(x, 1).shape, [2, 12]);
  assertEquals(flatten(x, 0, 1).shape, [6, 4]);
  assertEquals(flatten(x, -2, -1).shape, [2, 12]);
  assertEquals(flatten(x, 1, 1).shape, [2, 3, 4]);
  assertEquals(flatten(tensor(3)).shape, [1]);
  assertThrows(
    () => flatten(x, 2, 1),
    RangeError,
    "start_dim (2) cannot come after end_dim (1) for shape [2, 3, 4]",
  );
  assertThrows(
    () => flatten(x, 3),
    RangeError,
    "Dimension out of range (expected to be in range of [-3, 2], but got 3)",
  );
});

Deno.test("unsqueeze() inserts a size-1 dimension, negative dims from the end", () => {
  const x = seq(2, 3);
  assertEquals(unsqueeze(x, 0).shape, [1, 2, 3]);
  assertEquals(unsqueeze(x, 2).shape, [2, 3, 1]);
  assertEquals(unsqueeze(x, -1).shape, [2, 3, 1]);
  assertEquals(unsqueeze(x, -3).shape, [1, 2, 3]);
  assertEquals(unsqueeze(tensor(1), 0).shape, [1]);
  assertThrows(
    () => unsqueeze(x, 3),
    RangeError,
    "expected to be in range of [-3, 2], but got 3",
  );
});

Deno.test("squeeze() removes size-1 dimensions, all or one", () => {
  const x = seq(1, 3, 1);
  assertEquals(squeeze(x).shape, [3]);
  assertEquals(squeeze(x, 0).shape, [3, 1]);
  assertEquals(squeeze(x, -1).shape, [1, 3]);
  assertEquals(squeeze(x, 1).shape, [1, 3, 1]);
  assertEquals(squeeze(seq(1, 1)).shape, []);
  assertThrows(() => squeeze(x, 3), RangeError, "Dimension out of range");
});

Deno.test("shape views pass gradients through unchanged", () => {
  const x = seq(2, 3);
  const fns = [
    (a: Tensor) => reshape(a, 3, -1),
    (a: Tensor) => view(a, [6]),
    (a: Tensor) => flatten(a),
    (a: Tensor) => unsqueeze(a, 1),
    (a: Tensor) => squeeze(unsqueeze(a, 0)),
  ];
  for (const f of fns) assert(gradcheck(f, [x]).maxRelativeError < 1e-6);
});

Deno.test("shape views keep float32", () => {
  const x = tensor([[1, 2]], { dtype: "float32" });
  for (
    const y of [reshape(x, -1), flatten(x), unsqueeze(x, 0), squeeze(x)]
  ) {
    assertEquals(y.dtype, "float32");
  }
});

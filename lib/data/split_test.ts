import { assertEquals, assertThrows } from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import { backward } from "../autograd/backward.ts";
import { trainTestSplit } from "./split.ts";

const range = (n: number, shape: number[]) =>
  new Tensor(new Float64Array(n).map((_, i) => i), shape);

Deno.test("trainTestSplit() keeps the first nTrain rows for training, in order", () => {
  const { train, test } = trainTestSplit(range(24, [6, 2, 2]), 4);
  assertEquals(train.shape, [4, 2, 2]);
  assertEquals(test.shape, [2, 2, 2]);
  assertEquals(Array.from(train.data), Array.from({ length: 16 }, (_, i) => i));
  assertEquals(Array.from(test.data), [16, 17, 18, 19, 20, 21, 22, 23]);
});

Deno.test("trainTestSplit() copies, so the parts do not alias the data", () => {
  const data = range(4, [4]);
  const { train } = trainTestSplit(data, 2);
  train.data[0] = 99;
  assertEquals(data.data[0], 0);
});

Deno.test("trainTestSplit() allows empty parts", () => {
  const data = range(6, [3, 2]);
  assertEquals(trainTestSplit(data, 0).train.shape, [0, 2]);
  assertEquals(trainTestSplit(data, 3).test.shape, [0, 2]);
});

Deno.test("trainTestSplit() passes gradients back to the rows each part came from", () => {
  const data = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [3, 2], true);
  const { test } = trainTestSplit(data, 2);
  assertEquals(test.requiresGrad, true);
  backward(test, new Tensor(new Float64Array([7, 8]), [1, 2]));
  assertEquals(Array.from(data.grad!.data), [0, 0, 0, 0, 7, 8]);
});

Deno.test("trainTestSplit() rejects nTrain outside [0, N] and 0-d tensors", () => {
  const data = range(6, [3, 2]);
  assertThrows(
    () => trainTestSplit(data, 4),
    RangeError,
    "trainTestSplit: nTrain must be an integer between 0 and 3 (the number of rows), got 4",
  );
  assertThrows(() => trainTestSplit(data, 1.5), RangeError, "got 1.5");
  assertThrows(() => trainTestSplit(data, -1), RangeError, "got -1");
  assertThrows(
    () => trainTestSplit(new Tensor(new Float64Array([1]), []), 0),
    TypeError,
    "trainTestSplit: expected a tensor with at least 1 dimension, got shape []",
  );
});

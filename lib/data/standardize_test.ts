import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import { backward } from "../autograd/backward.ts";
import { fitStandardizer } from "./standardize.ts";

const train = new Tensor(new Float64Array([1, 100, 2, 300, 4, 200, 9, 400]), [
  4,
  2,
]);

Deno.test("fitStandardizer() computes column means and unbiased standard deviations", () => {
  const s = fitStandardizer(train);
  assertEquals(Array.from(s.mean.data), [4, 250]);
  // Column 0: deviations -3, -2, 0, 5 → (9 + 4 + 0 + 25) / 3; column 1: (150² + 50² + 50² + 150²) / 3.
  assertAlmostEquals(s.std.data[0], Math.sqrt(38 / 3), 1e-15);
  assertAlmostEquals(s.std.data[1], Math.sqrt(50000 / 3), 1e-12);
  assertEquals(s.mean.shape, [2]);
  assertEquals(s.std.shape, [2]);
});

Deno.test("fitStandardizer().transform() gives columns of mean 0 and std 1 on the training data", () => {
  const s = fitStandardizer(train);
  const z = s.transform(train);
  const again = fitStandardizer(z);
  for (let j = 0; j < 2; j++) {
    assertAlmostEquals(again.mean.data[j], 0, 1e-15);
    assertAlmostEquals(again.std.data[j], 1, 1e-15);
  }
  assertEquals(z.data[0], (1 - 4) / Math.sqrt(38 / 3));
});

Deno.test("fitStandardizer() maps [..., F] tensors and single columns, and inverts them", () => {
  const s = fitStandardizer(train);
  const x = new Tensor(new Float64Array([4, 250, 5, 260, 6, 270]), [1, 3, 2]);
  const z = s.transform(x);
  assertEquals(z.shape, [1, 3, 2]);
  assertEquals(z.data[0], 0);
  assertEquals(z.data[1], 0);
  const back = s.inverse(z);
  for (let i = 0; i < 6; i++) {
    assertAlmostEquals(back.data[i], x.data[i], 1e-12);
  }
  // Column 1's statistics for every element, e.g. predictions of that column.
  const yHat = new Tensor(new Float64Array([0, 1, -1]), [3]);
  const y = s.inverse(yHat, 1);
  assertEquals(Array.from(y.data), [
    250,
    250 + s.std.data[1],
    250 - s.std.data[1],
  ]);
  assertEquals(Array.from(s.transform(y, 1).data), [0, 1, -1]);
});

Deno.test("fitStandardizer() keeps float32 inputs float32", () => {
  const s = fitStandardizer(new Tensor(Float32Array.from(train.data), [4, 2]));
  assertEquals(s.mean.dtype, "float32");
  assertEquals(
    s.transform(new Tensor(new Float32Array([4, 250]), [2])).dtype,
    "float32",
  );
});

Deno.test("fitStandardizer().transform() passes gradients through (divided by std)", () => {
  const s = fitStandardizer(train);
  const x = new Tensor(new Float64Array([1, 2]), [2], true);
  backward(s.transform(x), new Tensor(new Float64Array([1, 1]), [2]));
  assertAlmostEquals(x.grad!.data[0], 1 / s.std.data[0], 1e-15);
  assertAlmostEquals(x.grad!.data[1], 1 / s.std.data[1], 1e-15);
});

Deno.test("fitStandardizer() rejects bad shapes, single rows and constant columns", () => {
  assertThrows(
    () => fitStandardizer(new Tensor(new Float64Array(4), [4])),
    TypeError,
    "fitStandardizer: expected training data of shape [N, F], got shape [4]",
  );
  assertThrows(
    () => fitStandardizer(new Tensor(new Float64Array(2), [1, 2])),
    RangeError,
    "need at least 2 rows for an unbiased standard deviation, got shape [1, 2]",
  );
  assertThrows(
    () => fitStandardizer(new Tensor(new Float64Array([1, 5, 2, 5]), [2, 2])),
    RangeError,
    "fitStandardizer: cannot standardize column 1: its standard deviation over 2 rows is 0 (mean 5)",
  );
  const s = fitStandardizer(train);
  assertThrows(
    () => s.transform(new Tensor(new Float64Array(3), [3])),
    TypeError,
    "transform: expected a tensor whose last dimension is 2 (the number of fitted columns), got shape [3]",
  );
  assertThrows(
    () => s.inverse(new Tensor(new Float64Array(3), [3]), 2),
    RangeError,
    "inverse: column must be an integer between 0 and 1, got 2",
  );
});

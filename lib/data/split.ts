/**
 * Chronological train/test split.
 *
 * @module
 */
import { narrow } from "../tensor/index.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";

/** The two parts of {@linkcode trainTestSplit}. */
export interface TrainTestSplit {
  /** Rows [0, nTrain), shape [nTrain, ...]. */
  train: Tensor;
  /** Rows [nTrain, N), shape [N - nTrain, ...]. */
  test: Tensor;
}

/**
 * Splits a tensor along dimension 0 into its first `nTrain` rows and the
 * rest, without shuffling: for time series, the test period lies after the
 * training period. How many rows to train on is the caller's decision (lab 1
 * computes `Math.trunc(0.8 * n - n % 24)` to keep whole days). Both parts are
 * copies; gradients flow back to `data` if it requires them.
 *
 * @param data Tensor of shape [N, ...].
 * @param nTrain Number of leading rows for the training part, 0 ≤ nTrain ≤ N.
 * @returns `{ train, test }`.
 * @throws {TypeError} if `data` is 0-dimensional.
 * @throws {RangeError} if `nTrain` is not an integer in [0, N].
 *
 * @example Ten hourly rows, eight for training
 * ```ts
 * import { trainTestSplit } from "./split.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const data = new Tensor(new Float64Array(20).map((_, i) => i), [10, 2]);
 * const { train, test } = trainTestSplit(data, 8);
 * assertEquals(train.shape, [8, 2]);
 * assertEquals(Array.from(test.data), [16, 17, 18, 19]);
 * ```
 */
export function trainTestSplit(data: Tensor, nTrain: number): TrainTestSplit {
  if (data.shape.length === 0) {
    throw new TypeError(
      `trainTestSplit: expected a tensor with at least 1 dimension, got shape ${
        formatShape(data.shape)
      }`,
    );
  }
  const n = data.shape[0];
  if (!Number.isInteger(nTrain) || nTrain < 0 || nTrain > n) {
    throw new RangeError(
      `trainTestSplit: nTrain must be an integer between 0 and ${n} (the number of rows), got ${nTrain}`,
    );
  }
  return {
    train: narrow(data, 0, 0, nTrain),
    test: narrow(data, 0, nTrain, n - nTrain),
  };
}

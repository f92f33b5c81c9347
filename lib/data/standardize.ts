/**
 * Per-column standardization fitted on training data.
 *
 * @module
 */
import { add, div, mul, sub } from "../tensor/binary.ts";
import { index } from "../tensor/index.ts";
import { mean, std } from "../tensor/reduce.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";

/** Column means and standard deviations, and the maps they define. */
export interface Standardizer {
  /** Mean of each column of the training data, shape [F]. */
  mean: Tensor;
  /** Unbiased (n − 1) standard deviation of each column, shape [F]. */
  std: Tensor;
  /**
   * (x − mean) / std along the last dimension of `x` (shape [..., F]), or,
   * with `column`, using that column's statistics for every element of `x`.
   */
  transform(x: Tensor, column?: number): Tensor;
  /**
   * x · std + mean, the inverse of `transform`, with the same shape rules
   * (e.g. `inverse(yHat, 1)` maps standardized predictions of column 1 back
   * to its units).
   */
  inverse(x: Tensor, column?: number): Tensor;
}

/**
 * Fits a standardizer on the columns (dimension 1) of `train`, shape [N, F]:
 * the mean and the unbiased standard deviation of each column, like
 * `torch.mean(train, dim=0)` and `torch.std(train, dim=0)`. Statistics are
 * accumulated in float64 and stored in `train`'s dtype; `transform` and
 * `inverse` keep their input's dtype and let gradients flow through.
 *
 * @param train Training data, shape [N, F] with N ≥ 2.
 * @returns The fitted {@linkcode Standardizer}.
 * @throws {TypeError} if `train` is not 2-dimensional.
 * @throws {RangeError} if N < 2, or a column is constant (std 0) or not
 * finite, since dividing by its std would fill it with NaN or ±Infinity.
 *
 * @example Standardize, then map back
 * ```ts
 * import { fitStandardizer } from "./standardize.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const train = new Tensor(new Float64Array([1, 10, 2, 20, 3, 30]), [3, 2]);
 * const s = fitStandardizer(train);
 * assertEquals(Array.from(s.mean.data), [2, 20]);
 * assertEquals(Array.from(s.std.data), [1, 10]);
 * const z = s.transform(train);
 * assertEquals(Array.from(z.data), [-1, -1, 0, 0, 1, 1]);
 * assertAlmostEquals(s.inverse(z).data[5], 30);
 * ```
 */
export function fitStandardizer(train: Tensor): Standardizer {
  if (train.shape.length !== 2) {
    throw new TypeError(
      `fitStandardizer: expected training data of shape [N, F], got shape ${
        formatShape(train.shape)
      }`,
    );
  }
  const [n, f] = train.shape;
  if (n < 2) {
    throw new RangeError(
      `fitStandardizer: need at least 2 rows for an unbiased standard deviation, got shape ${
        formatShape(train.shape)
      }`,
    );
  }
  // One source of truth: the tensor library's mean and unbiased std.
  const meanT = mean(train, 0);
  const stdT = std(train, 0);
  for (let j = 0; j < f; j++) {
    const sj = stdT.data[j];
    if (!(sj > 0) || !Number.isFinite(sj)) {
      throw new RangeError(
        `fitStandardizer: cannot standardize column ${j}: its standard deviation over ${n} rows is ${sj} (mean ${
          meanT.data[j]
        })`,
      );
    }
  }

  // Statistics of every column (broadcast along the last dimension), or of
  // one column for every element.
  const stats = (
    name: string,
    t: Tensor,
    column: number | undefined,
  ): [Tensor, Tensor] => {
    if (column === undefined) {
      if (t.shape.length === 0 || t.shape[t.shape.length - 1] !== f) {
        throw new TypeError(
          `${name}: expected a tensor whose last dimension is ${f} (the number of fitted columns), got shape ${
            formatShape(t.shape)
          }`,
        );
      }
      return [meanT, stdT];
    }
    if (!Number.isInteger(column) || column < 0 || column >= f) {
      throw new RangeError(
        `${name}: column must be an integer between 0 and ${
          f - 1
        }, got ${column}`,
      );
    }
    return [index(meanT, column), index(stdT, column)];
  };

  return {
    mean: meanT,
    std: stdT,
    transform: (t, column) => {
      const [m, sd] = stats("transform", t, column);
      return div(sub(t, m), sd);
    },
    inverse: (t, column) => {
      const [m, sd] = stats("inverse", t, column);
      return add(mul(t, sd), m);
    },
  };
}

/**
 * Per-column standardization fitted on training data.
 *
 * @module
 */
import { fromOp } from "../autograd/from_op.ts";
import { formatShape, Tensor } from "../tensor/tensor.ts";

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
  const x = train.data;
  const mean = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) mean[j] += x[i * f + j];
  }
  for (let j = 0; j < f; j++) mean[j] /= n;
  const std = new Float64Array(f);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < f; j++) {
      const d = x[i * f + j] - mean[j];
      std[j] += d * d;
    }
  }
  for (let j = 0; j < f; j++) {
    std[j] = Math.sqrt(std[j] / (n - 1));
    if (!(std[j] > 0) || !Number.isFinite(std[j])) {
      throw new RangeError(
        `fitStandardizer: cannot standardize column ${j}: its standard deviation over ${n} rows is ${
          std[j]
        } (mean ${mean[j]})`,
      );
    }
  }
  const like = (
    v: Float64Array,
  ) => (train.dtype === "float32" ? Float32Array.from(v) : v);
  const meanT = new Tensor(like(mean), [f]);
  const stdT = new Tensor(like(std), [f]);

  // Elementwise map of column statistics; `forward` follows torch's
  // formulas exactly, `slope` is its derivative (1/std or std).
  const map = (
    name: string,
    t: Tensor,
    column: number | undefined,
    inverse: boolean,
  ): Tensor => {
    if (column === undefined) {
      if (t.shape.length === 0 || t.shape[t.shape.length - 1] !== f) {
        throw new TypeError(
          `${name}: expected a tensor whose last dimension is ${f} (the number of fitted columns), got shape ${
            formatShape(t.shape)
          }`,
        );
      }
    } else if (!Number.isInteger(column) || column < 0 || column >= f) {
      throw new RangeError(
        `${name}: column must be an integer between 0 and ${
          f - 1
        }, got ${column}`,
      );
    }
    const src = t.data;
    const out = t.dtype === "float32"
      ? new Float32Array(src.length)
      : new Float64Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const c = column ?? i % f;
      out[i] = inverse
        ? src[i] * std[c] + mean[c]
        : (src[i] - mean[c]) / std[c];
    }
    return fromOp(out, t.shape, name, [t], (g) => {
      const grad = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) {
        const c = column ?? i % f;
        grad[i] = inverse ? g[i] * std[c] : g[i] / std[c];
      }
      return [grad];
    });
  };

  return {
    mean: meanT,
    std: stdT,
    transform: (t, column) => map("transform", t, column, false),
    inverse: (t, column) => map("inverse", t, column, true),
  };
}

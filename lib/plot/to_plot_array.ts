/**
 * `toPlotArray`: numbers in any of our containers as a JSON-ready array.
 *
 * @module
 */

/** Something with storage and a shape, like a `Tensor`. */
export interface PlotTensorLike {
  /** Row-major storage. */
  readonly data: ArrayLike<number>;
  /** Size of each dimension. */
  readonly shape: readonly number[];
}

/** Values a figure accepts for x, y (and z rows): plain or typed arrays, or a 1-D tensor. */
export type PlotValues =
  | readonly number[]
  | Float64Array
  | Float32Array
  | PlotTensorLike;

/** Whether `v` looks like a tensor (storage plus shape). */
export function isTensorLike(v: unknown): v is PlotTensorLike {
  return typeof v === "object" && v !== null && "data" in v &&
    "shape" in v && Array.isArray((v as PlotTensorLike).shape) &&
    ArrayBuffer.isView((v as PlotTensorLike).data);
}

/**
 * Converts plot input to a plain `(number | null)[]` that survives JSON:
 * typed arrays become arrays (JSON would write them as objects), and NaN and
 * ±Infinity become `null` (JSON would too, but plotly then draws a gap
 * instead of failing). Tensors must have one non-trivial dimension
 * (shape `[n]`, `[n, 1]`, `[1, n]`…).
 *
 * @param values Numbers to plot.
 * @param what Name used in error messages (e.g. `"y"`).
 * @returns A new plain array.
 * @throws {TypeError} for other inputs or tensors with more than one dimension of size > 1.
 *
 * @example
 * ```ts
 * import { toPlotArray } from "./to_plot_array.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(toPlotArray(new Float64Array([1, NaN, 3])), [1, null, 3]);
 * ```
 */
export function toPlotArray(
  values: PlotValues,
  what = "values",
): (number | null)[] {
  let source: ArrayLike<number>;
  if (
    Array.isArray(values) || values instanceof Float64Array ||
    values instanceof Float32Array
  ) {
    source = values as ArrayLike<number>;
  } else if (isTensorLike(values)) {
    const big = values.shape.filter((d) => d !== 1);
    if (big.length > 1) {
      throw new TypeError(
        `Cannot plot ${what} from a tensor of shape [${
          values.shape.join(", ")
        }]: expected one dimension (e.g. shape [n]); select a row or flatten it first`,
      );
    }
    source = values.data;
  } else {
    throw new TypeError(
      `Cannot plot ${what}: expected number[], Float64Array, Float32Array or a 1-D Tensor, got ${
        values === null ? "null" : typeof values
      }`,
    );
  }
  const out = new Array<number | null>(source.length);
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (typeof v !== "number") {
      throw new TypeError(
        `Cannot plot ${what}: element ${i} is ${typeof v}, not a number`,
      );
    }
    out[i] = Number.isFinite(v) ? v : null;
  }
  return out;
}

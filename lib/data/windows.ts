/**
 * Sliding windows over a multivariate time series.
 *
 * @module
 */
import { formatShape, Tensor } from "../tensor/tensor.ts";

/** Options for {@linkcode slidingWindows}. */
export interface SlidingWindowsOptions {
  /** Column of `data` whose future value is the target. */
  targetColumn: number;
  /**
   * How many steps after a window's last row the target lies (1 = the next
   * row).
   *
   * @default {1}
   */
  horizon?: number;
}

/** Inputs and targets of {@linkcode slidingWindows}. */
export interface Windows {
  /** Windows, shape [M, window, F]: x[i] = data[i : i + window]. */
  x: Tensor;
  /** Targets, shape [M, 1]: y[i] = data[i + window + horizon − 1, targetColumn]. */
  y: Tensor;
}

/**
 * Every window of `window` consecutive rows of a time series, each with the
 * target value `horizon` steps after it, for M = N − window − horizon + 1
 * start positions i = 0, 1, …, M − 1. With `window` 24, horizon 1 and
 * target column 1 this is lab 1's evaluation loop
 * `x = data[i:i+24]; y = data[i+24, 1] for i in range(len(data) - 24)`.
 * The result is a copy in `data`'s dtype and takes no part in autograd.
 *
 * @param data Time series, shape [N, F], rows in time order.
 * @param window Rows per window, ≥ 1.
 * @param options Target column and horizon.
 * @returns `{ x: [M, window, F], y: [M, 1] }`; M is 0 when the series is too short.
 * @throws {TypeError} if `data` is not 2-dimensional.
 * @throws {RangeError} if `window` or `horizon` is not a positive integer or
 * `targetColumn` is not a column of `data`.
 *
 * @example Windows of 2 rows predicting column 0 of the next row
 * ```ts
 * import { slidingWindows } from "./windows.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const data = new Tensor(new Float64Array([0, 10, 1, 11, 2, 12, 3, 13]), [4, 2]);
 * const { x, y } = slidingWindows(data, 2, { targetColumn: 0 });
 * assertEquals(x.shape, [2, 2, 2]);
 * assertEquals(Array.from(x.data.subarray(4, 8)), [1, 11, 2, 12]);
 * assertEquals(Array.from(y.data), [2, 3]);
 * ```
 */
export function slidingWindows(
  data: Tensor,
  window: number,
  options: SlidingWindowsOptions,
): Windows {
  if (data.shape.length !== 2) {
    throw new TypeError(
      `slidingWindows: expected data of shape [N, F], got shape ${
        formatShape(data.shape)
      }`,
    );
  }
  const [n, f] = data.shape;
  const { targetColumn, horizon = 1 } = options;
  if (!Number.isInteger(window) || window < 1) {
    throw new RangeError(
      `slidingWindows: window must be a positive integer, got ${window}`,
    );
  }
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new RangeError(
      `slidingWindows: horizon must be a positive integer, got ${horizon}`,
    );
  }
  if (
    !Number.isInteger(targetColumn) || targetColumn < 0 || targetColumn >= f
  ) {
    throw new RangeError(
      `slidingWindows: targetColumn must be an integer between 0 and ${
        f - 1
      } for data of shape ${formatShape(data.shape)}, got ${targetColumn}`,
    );
  }
  const m = Math.max(0, n - window - horizon + 1);
  const src = data.data;
  const span = window * f;
  const make = (len: number) =>
    data.dtype === "float32" ? new Float32Array(len) : new Float64Array(len);
  const x = make(m * span);
  const y = make(m);
  for (let i = 0; i < m; i++) {
    x.set(src.subarray(i * f, i * f + span), i * span);
    y[i] = src[(i + window + horizon - 1) * f + targetColumn];
  }
  return { x: new Tensor(x, [m, window, f]), y: new Tensor(y, [m, 1]) };
}

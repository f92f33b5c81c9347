/**
 * Many-to-one predictions of lab 1's RNN for a batch of windows.
 *
 * @module
 */
import type { ElmanParams } from "../../bptt/elman_params.ts";
import { elmanForward } from "../../bptt/elman_forward.ts";
import { formatShape, Tensor } from "../../tensor/tensor.ts";

/**
 * The prediction ŷ = V h_T + c after the last hour of each window, for
 * windows `x` of shape (N, T, D) (e.g. from `slidingWindows`), with the
 * lib's fused forward pass. The notebook's `rnn.forward(x[i])[1]` for every
 * i, at once.
 *
 * @param params Parameters of a one-output RNN (`V` is 1×H).
 * @param x Windows, shape (N, T, D).
 * @returns Predictions, shape (N).
 * @throws {TypeError} if `x` is not 3-D, or the RNN has more than one output.
 *
 * @example A zero read-out predicts c everywhere
 * ```ts
 * import { predictNextHour } from "./predict_next_hour.ts";
 * import { Tensor } from "../../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const z = (...s: number[]) => new Tensor(new Float64Array(s.reduce((a, b) => a * b, 1)), s);
 * const c = new Tensor(new Float64Array([0.5]), [1]);
 * const yHat = predictNextHour({ U: z(3, 2), W: z(3, 3), b: null, V: z(1, 3), c }, z(4, 5, 2));
 * assertEquals(Array.from(yHat.data), [0.5, 0.5, 0.5, 0.5]);
 * ```
 */
export function predictNextHour(params: ElmanParams, x: Tensor): Tensor {
  if (x.ndim !== 3) {
    throw new TypeError(
      `Cannot predict the next hour: windows must have shape (N, T, D), got ${
        formatShape(x.shape)
      }`,
    );
  }
  if (params.V.shape[0] !== 1) {
    throw new TypeError(
      `Cannot predict the next hour: the RNN must have one output (V of shape [1, H]), got V of shape ${
        formatShape(params.V.shape)
      }`,
    );
  }
  const [n, t] = x.shape;
  const { y } = elmanForward(params, x);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = y.data[i * t + t - 1];
  return new Tensor(out, [n]);
}

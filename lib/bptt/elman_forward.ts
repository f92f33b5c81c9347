/**
 * The fused, batched forward pass of the Elman RNN: the recurrent kernel
 * shared with `nn.RNN`, plus the linear read-out.
 *
 * @module
 */
import { sequenceStates } from "../nn/recurrent_kernel.ts";
import { Tensor } from "../tensor/tensor.ts";
import {
  type ElmanParams,
  elmanRecurrence,
  elmanSizes,
  rememberRecurrence,
} from "./elman_params.ts";

/** Hidden states and outputs of every step. */
export interface ElmanForward {
  /** Hidden states h_1..h_T: (B, T, H), or (T, H) for a single sequence. */
  h: Tensor;
  /** Outputs y_1..y_T: (B, T, O), or (T, O) for a single sequence. */
  y: Tensor;
}

/**
 * Runs `h_t = tanh(U x_t + W h_{t-1} + b)`, `y_t = V h_t + c` from `h_0 = 0`
 * over a batch `x` (B, T, D) or one sequence (T, D), in float64, outside the
 * autograd graph (pair it with `elmanBackward`).
 *
 * @example
 * ```ts
 * import { elmanForward } from "./elman_forward.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const s = (v: number, ...shape: number[]) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape);
 * const { y } = elmanForward({ U: s(0.1, 1, 1), W: s(0.1, 1, 1), b: s(0.1, 1), V: s(1, 1, 1), c: null }, s(1, 1, 1));
 * assertAlmostEquals(y.item(), Math.tanh(0.2), 1e-15);
 * ```
 */
export function elmanForward(p: ElmanParams, x: Tensor): ElmanForward {
  const { batch: B, steps: T, input: D, hidden: H, output: O, single } =
    elmanSizes(p, x);
  const h = new Float64Array(B * T * H);
  const tape = elmanRecurrence(p, x, {
    batch: B,
    steps: T,
    input: D,
    hidden: H,
  });
  sequenceStates(tape, "h", h);
  // The read-out y_t = V h_t + c of all steps at once.
  const y = new Float64Array(B * T * O);
  const V = p.V.data, c = p.c?.data;
  for (let r = 0; r < B * T; r++) {
    const hOff = r * H;
    for (let o = 0; o < O; o++) {
      let s = c ? c[o] : 0;
      const vo = o * H;
      for (let k = 0; k < H; k++) s += V[vo + k] * h[hOff + k];
      y[r * O + o] = s;
    }
  }
  const states = new Tensor(h, single ? [T, H] : [B, T, H]);
  rememberRecurrence(states, tape, p, x);
  return { h: states, y: new Tensor(y, single ? [T, O] : [B, T, O]) };
}

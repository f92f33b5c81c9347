/**
 * Parameters of the single-layer Elman RNN with a linear read-out, and the
 * shape checks shared by its forward and backward passes.
 *
 * @module
 */
import {
  sequenceForward,
  type SequenceSizes,
  type SequenceTape,
} from "../nn/recurrent_kernel.ts";
import { rnnCellSpec } from "../nn/rnn_cell_spec.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";

/**
 * Weights of `h_t = tanh(U x_t + W h_{t-1} + b)`, `y_t = V h_t + c` (column
 * vectors, `h_0 = 0`). Shapes: `U` (H×D), `W` (H×H), `b` (H) or `null` for no
 * hidden bias, `V` (O×H), `c` (O) or `null` for no output bias.
 */
export interface ElmanParams {
  /** Input-to-hidden weights (H×D). */
  U: Tensor;
  /** Hidden-to-hidden weights (H×H). */
  W: Tensor;
  /** Hidden bias (H), or `null`. */
  b: Tensor | null;
  /** Hidden-to-output weights (O×H). */
  V: Tensor;
  /** Output bias (O), or `null`. */
  c: Tensor | null;
}

/** Sizes read off validated parameters and input. */
export interface ElmanSizes {
  /** Batch size B. */
  batch: number;
  /** Sequence length T. */
  steps: number;
  /** Input features D. */
  input: number;
  /** Hidden units H. */
  hidden: number;
  /** Outputs O. */
  output: number;
  /** Whether `x` was a single (T, D) sequence rather than a (B, T, D) batch. */
  single: boolean;
}

function expectShape(name: string, t: Tensor, shape: number[]): void {
  const ok = t.shape.length === shape.length &&
    t.shape.every((d, i) => d === shape[i]);
  if (!ok) {
    throw new TypeError(
      `Elman RNN: ${name} must have shape ${formatShape(shape)}, got ${
        formatShape(t.shape)
      }`,
    );
  }
}

/**
 * Checks every parameter's shape against `U` and `x` and returns the sizes.
 * `x` is a batch (B, T, D) or one sequence (T, D).
 *
 * @throws {TypeError} naming the parameter and both shapes.
 *
 * @example
 * ```ts
 * import { elmanSizes } from "./elman_params.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const z = (...s: number[]) => new Tensor(new Float64Array(s.reduce((a, b) => a * b, 1)), s);
 * const sizes = elmanSizes({ U: z(10, 6), W: z(10, 10), b: z(10), V: z(1, 10), c: z(1) }, z(24, 6));
 * assertEquals([sizes.batch, sizes.steps, sizes.hidden, sizes.single], [1, 24, 10, true]);
 * ```
 */
export function elmanSizes(p: ElmanParams, x: Tensor): ElmanSizes {
  if (p.U.ndim !== 2) {
    throw new TypeError(
      `Elman RNN: U must be a matrix (H×D), got shape ${
        formatShape(p.U.shape)
      }`,
    );
  }
  const [hidden, input] = p.U.shape;
  if (p.V.ndim !== 2) {
    throw new TypeError(
      `Elman RNN: V must be a matrix (O×H), got shape ${
        formatShape(p.V.shape)
      }`,
    );
  }
  const output = p.V.shape[0];
  expectShape("W", p.W, [hidden, hidden]);
  expectShape("V", p.V, [output, hidden]);
  if (p.b) expectShape("b", p.b, [hidden]);
  if (p.c) expectShape("c", p.c, [output]);
  const single = x.ndim === 2;
  if (!single && x.ndim !== 3) {
    throw new TypeError(
      `Elman RNN: input must be (T, D) or (B, T, D), got shape ${
        formatShape(x.shape)
      }`,
    );
  }
  const [batch, steps, features] = single ? [1, ...x.shape] : x.shape;
  if (features !== input) {
    throw new TypeError(
      `Elman RNN: input.size(-1) must be equal to the input size of U. Expected ${input}, got ${features} (input shape ${
        formatShape(x.shape)
      }, U shape ${formatShape(p.U.shape)})`,
    );
  }
  return { batch, steps, input, hidden, output, single };
}

/**
 * Runs the recurrence `h_t = tanh(U x_t + W h_{t−1} + b)` from `h_0 = 0`
 * on the recurrent kernel shared with `nn.RNN`; the tape gives the states
 * and goes back through time.
 *
 * @example
 * ```ts
 * import { elmanRecurrence } from "./elman_params.ts";
 * import { sequenceStates } from "../nn/recurrent_kernel.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const s = (v: number, ...shape: number[]) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape);
 * const p = { U: s(0.1, 1, 1), W: s(0.1, 1, 1), b: s(0.1, 1), V: s(1, 1, 1), c: null };
 * const h = new Float64Array(1);
 * sequenceStates(elmanRecurrence(p, s(1, 1, 1, 1), { batch: 1, steps: 1, input: 1, hidden: 1 }), "h", h);
 * assertAlmostEquals(h[0], Math.tanh(0.2), 1e-15);
 * ```
 */
export function elmanRecurrence(
  p: ElmanParams,
  x: Tensor,
  sizes: SequenceSizes,
): SequenceTape {
  const weights = {
    weightIh: p.U.data,
    weightHh: p.W.data,
    biasIh: p.b?.data ?? null,
    biasHh: null,
  };
  return sequenceForward(TANH, sizes, weights, x.data, null, null);
}

const TANH = rnnCellSpec("tanh");

/** The runs of {@linkcode elmanRecurrence} behind `elmanForward`'s states. */
const runs = new WeakMap<
  Tensor,
  { tape: SequenceTape; p: ElmanParams; x: Tensor }
>();

/**
 * Remembers the run whose states `h` holds, so that `elmanBackward` goes
 * back from it instead of running the recurrence again.
 *
 * @example
 * ```ts
 * import { elmanRecurrence, rememberRecurrence } from "./elman_params.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 *
 * const s = (v: number, ...shape: number[]) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape);
 * const p = { U: s(0.1, 1, 1), W: s(0.1, 1, 1), b: null, V: s(1, 1, 1), c: null };
 * const x = s(1, 1, 1, 1), sizes = { batch: 1, steps: 1, input: 1, hidden: 1 };
 * rememberRecurrence(s(0, 1, 1), elmanRecurrence(p, x, sizes), p, x);
 * ```
 */
export function rememberRecurrence(
  h: Tensor,
  tape: SequenceTape,
  p: ElmanParams,
  x: Tensor,
): void {
  runs.set(h, { tape, p, x });
}

/**
 * The run behind states `h` when it ran with these parameters and inputs;
 * otherwise the recurrence runs again.
 *
 * @example
 * ```ts
 * import { recurrenceBehind } from "./elman_params.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assert } from "@std/assert";
 *
 * const s = (v: number, ...shape: number[]) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape);
 * const p = { U: s(0.1, 1, 1), W: s(0.1, 1, 1), b: null, V: s(1, 1, 1), c: null };
 * const tape = recurrenceBehind(s(0, 1, 1), p, s(1, 1, 1, 1), { batch: 1, steps: 1, input: 1, hidden: 1 });
 * assert(tape.sizes.steps === 1);
 * ```
 */
export function recurrenceBehind(
  h: Tensor,
  p: ElmanParams,
  x: Tensor,
  sizes: SequenceSizes,
): SequenceTape {
  const run = runs.get(h);
  const same = run !== undefined && run.x === x && run.p.U === p.U &&
    run.p.W === p.W && run.p.b === p.b;
  return same ? run.tape : elmanRecurrence(p, x, sizes);
}

/**
 * The fused, batched backward pass (BPTT) of the Elman RNN: the read-out's
 * gradients, then the recurrent kernel shared with `nn.RNN`.
 *
 * @module
 */
import { sequenceBackward } from "../nn/recurrent_kernel.ts";
import { formatShape, Tensor } from "../tensor/tensor.ts";
import {
  type ElmanParams,
  elmanSizes,
  recurrenceBehind,
} from "./elman_params.ts";

/** Gradients of the loss, summed over the batch. */
export interface ElmanGradients {
  /** dL/dU (H×D). */
  U: Tensor;
  /** dL/dW (H×H). */
  W: Tensor;
  /** dL/db (H), or `null` when the model has no hidden bias. */
  b: Tensor | null;
  /** dL/dV (O×H). */
  V: Tensor;
  /** dL/dc (O), or `null` when the model has no output bias. */
  c: Tensor | null;
  /** dL/dh_t for every step, through outputs and later steps: same shape as `h`. */
  h: Tensor;
}

/**
 * Back-propagation through time: given the inputs `x`, the hidden states `h`
 * from `elmanForward` and `dy` = dL/dy_t (same shape as `y`; zeros at steps
 * without a loss, e.g. all but the last for many-to-one), returns the
 * gradients of every parameter (summed over the batch) and of every hidden
 * state:
 *
 *   ∇h_T = Vᵀ ∇y_T;  ∇h_t = Vᵀ ∇y_t + Wᵀ diag(1 − h_{t+1}²) ∇h_{t+1}
 *   ∇b = Σ_t diag(1 − h_t²) ∇h_t;  ∇U = Σ_t diag(1 − h_t²) ∇h_t x_tᵀ
 *   ∇W = Σ_t diag(1 − h_t²) ∇h_t h_{t−1}ᵀ;  ∇V = Σ_t ∇y_t h_tᵀ;  ∇c = Σ_t ∇y_t
 *
 * @throws {TypeError} if `h` or `dy` do not match the shapes of the forward pass.
 *
 * @example Many-to-one with one step: dL/dU = (1 − h²) · V · x
 * ```ts
 * import { elmanBackward } from "./elman_backward.ts";
 * import { elmanForward } from "./elman_forward.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const s = (v: number, ...shape: number[]) => new Tensor(new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(v), shape);
 * const p = { U: s(0.5, 1, 1), W: s(0.1, 1, 1), b: null, V: s(2, 1, 1), c: null };
 * const x = s(1, 1, 1);
 * const { h } = elmanForward(p, x);
 * const g = elmanBackward(p, x, h, s(1, 1, 1));
 * assertAlmostEquals(g.U.item(), (1 - Math.tanh(0.5) ** 2) * 2, 1e-15);
 * ```
 */
export function elmanBackward(
  p: ElmanParams,
  x: Tensor,
  h: Tensor,
  dy: Tensor,
): ElmanGradients {
  const { batch: B, steps: T, input: D, hidden: H, output: O } = elmanSizes(
    p,
    x,
  );
  if (h.numel() !== B * T * H) {
    throw new TypeError(
      `elmanBackward: h must hold ${B}×${T}×${H} hidden states, got shape ${
        formatShape(h.shape)
      }`,
    );
  }
  if (dy.numel() !== B * T * O) {
    throw new TypeError(
      `elmanBackward: dy must have the shape of y (${B}×${T}×${O}), got ${
        formatShape(dy.shape)
      }`,
    );
  }
  const V = p.V.data, hs = h.data, g = dy.data;
  // The read-out's share: dL/dh_t from y_t = V h_t + c is Vᵀ dy_t; dV, dc.
  const fromY = new Float64Array(B * T * H);
  const gV = new Float64Array(O * H), gc = new Float64Array(O);
  for (let r = 0; r < B * T; r++) {
    const hOff = r * H, yOff = r * O;
    for (let o = 0; o < O; o++) {
      const go = g[yOff + o];
      if (go === 0) continue;
      gc[o] += go;
      const vo = o * H;
      for (let k = 0; k < H; k++) {
        fromY[hOff + k] += V[vo + k] * go;
        gV[vo + k] += go * hs[hOff + k];
      }
    }
  }
  // The kernel goes back from the forward pass behind \`h\` (elmanForward's),
  // or from a new one.
  const tape = recurrenceBehind(h, p, x, {
    batch: B,
    steps: T,
    input: D,
    hidden: H,
  });
  const grads = sequenceBackward(tape, fromY, null, {
    weightIh: true,
    weightHh: true,
    biasIh: p.b !== null,
    states: true,
    batchMajorStates: true,
  });
  const states = grads.states!;
  return {
    U: new Tensor(grads.weightIh!, [H, D]),
    W: new Tensor(grads.weightHh!, [H, H]),
    b: p.b ? new Tensor(grads.biasIh!, [H]) : null,
    V: new Tensor(gV, [O, H]),
    c: p.c ? new Tensor(gc, [O]) : null,
    h: new Tensor(states, h.shape),
  };
}

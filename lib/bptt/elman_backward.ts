/**
 * The fused, batched backward pass (BPTT) of the Elman RNN.
 *
 * @module
 */
import { formatShape, Tensor } from "../tensor/tensor.ts";
import { type ElmanParams, elmanSizes } from "./elman_params.ts";

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
  const W = p.W.data, V = p.V.data, xs = x.data, hs = h.data, g = dy.data;
  const gU = new Float64Array(H * D), gW = new Float64Array(H * H);
  const gV = new Float64Array(O * H), gb = new Float64Array(H);
  const gc = new Float64Array(O);
  const gh = new Float64Array(B * T * H);
  const dz = new Float64Array(H);
  const carry = new Float64Array(H); // Wᵀ dz from step t+1
  for (let n = 0; n < B; n++) {
    carry.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      const hOff = (n * T + t) * H, yOff = (n * T + t) * O;
      const xOff = (n * T + t) * D;
      for (let i = 0; i < H; i++) {
        let s = carry[i];
        for (let o = 0; o < O; o++) s += V[o * H + i] * g[yOff + o];
        gh[hOff + i] = s;
        const hi = hs[hOff + i];
        dz[i] = s * (1 - hi * hi);
      }
      for (let o = 0; o < O; o++) {
        const go = g[yOff + o];
        if (go === 0) continue;
        gc[o] += go;
        for (let k = 0; k < H; k++) gV[o * H + k] += go * hs[hOff + k];
      }
      // One pass over the rows of the weight matrices: ∇b, ∇U and ∇W
      // accumulate dz outer products; `carry` gathers Wᵀ dz for step t − 1.
      carry.fill(0);
      const prev = hOff - H;
      for (let i = 0; i < H; i++) {
        const d = dz[i];
        if (d === 0) continue;
        gb[i] += d;
        const ui = i * D;
        for (let k = 0; k < D; k++) gU[ui + k] += d * xs[xOff + k];
        if (t > 0) {
          const wi = i * H;
          for (let k = 0; k < H; k++) {
            gW[wi + k] += d * hs[prev + k];
            carry[k] += W[wi + k] * d;
          }
        }
      }
    }
  }
  return {
    U: new Tensor(gU, [H, D]),
    W: new Tensor(gW, [H, H]),
    b: p.b ? new Tensor(gb, [H]) : null,
    V: new Tensor(gV, [O, H]),
    c: p.c ? new Tensor(gc, [O]) : null,
    h: new Tensor(gh, h.shape),
  };
}

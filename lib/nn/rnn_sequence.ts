/**
 * `rnnSequence`: a whole Elman layer over a sequence as one autograd node,
 * computed by the recurrence kernel of `rnn_recurrence.ts`.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { formatShape, Tensor } from "../tensor/tensor.ts";
import {
  checkNonlinearity,
  type Nonlinearity,
  recurrenceBackward,
  recurrenceForward,
  type RecurrenceSizes,
  type RecurrenceWeights,
} from "./rnn_recurrence.ts";
import { kernels } from "./_wasm.ts";

/**
 * Whether the fused LSTM sequence kernel takes a layer with this batch size
 * and hidden size (both multiples of 4, WebAssembly SIMD available);
 * otherwise `LSTMLayer` chains the per-step cells. (`rnnSequence` takes
 * every size.)
 *
 * @example
 * ```ts
 * import { canFuseSequence } from "./rnn_sequence.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(canFuseSequence(3, 32), false);
 * ```
 */
export function canFuseSequence(batch: number, hidden: number): boolean {
  return kernels !== null && batch % 4 === 0 && hidden % 4 === 0 &&
    batch > 0 && hidden > 0;
}

function checkShapes(
  x: Tensor,
  h0: Tensor | null,
  weightIh: Tensor,
  weightHh: Tensor,
  biases: (Tensor | null)[],
): RecurrenceSizes {
  if (x.shape.length !== 3) {
    throw new TypeError(
      `rnnSequence(): input must be (B, T, D), got shape ${
        formatShape(x.shape)
      }`,
    );
  }
  const [batch, steps, input] = x.shape;
  const hidden = weightHh.shape[0];
  const fits = (t: Tensor, shape: number[]) =>
    t.shape.length === shape.length && t.shape.every((v, i) => v === shape[i]);
  if (
    !fits(weightHh, [hidden, hidden]) || !fits(weightIh, [hidden, input]) ||
    (h0 !== null && !fits(h0, [batch, hidden])) ||
    biases.some((b) => b !== null && !fits(b, [hidden]))
  ) {
    throw new TypeError(
      `rnnSequence(): expected weightIh [H, D], weightHh [H, H], h0 [B, H] and biases [H] for input [B, T, D] = ${
        formatShape(x.shape)
      }, got weightIh ${formatShape(weightIh.shape)}, weightHh ${
        formatShape(weightHh.shape)
      }${h0 ? `, h0 ${formatShape(h0.shape)}` : ""}${
        biases.map((b) => b ? `, bias ${formatShape(b.shape)}` : "").join("")
      }`,
    );
  }
  return { batch, steps, input, hidden };
}

/**
 * A whole single-layer Elman RNN over a batch of sequences, one autograd
 * node: `h_t = act(x_t Wihᵀ + h_{t−1} Whhᵀ + bIh + bHh)`, `t = 1..T`. The
 * forward pass and back-propagation through time are
 * {@linkcode recurrenceForward}'s and {@linkcode recurrenceBackward}'s
 * (WebAssembly SIMD where available, any sizes).
 *
 * @param x `(B, T, D)`.
 * @param h0 `(B, H)` or `null` for zeros.
 * @param weightIh `(H, D)`.
 * @param weightHh `(H, H)`.
 * @param biasIh `(H)` or `null`.
 * @param biasHh `(H)` or `null`.
 * @param nonlinearity `"tanh"`, `"relu"` or `"identity"`.
 * @param stepStates When given, receives `[h_1 … h_T]` (each `(B, H)`, not
 *   part of the graph); after `backward()` each one that called
 *   `retainGrad()` holds the total dL/dh_t in `.grad`.
 * @returns All hidden states `(B, T, H)`.
 * @throws {TypeError} if a shape does not fit.
 * @throws {RangeError} for an unknown nonlinearity.
 *
 * @example Same values as chaining `rnnCell`
 * ```ts
 * import { rnnSequence } from "./rnn_sequence.ts";
 * import { rnnCell } from "./rnn_cell.ts";
 * import { Generator } from "../random/generator.ts";
 * import "../tensor/methods.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const g = new Generator(0);
 * const x = g.randn(3, 3, 2), wi = g.randn(5, 2), wh = g.randn(5, 5), b = g.randn(5);
 * const all = rnnSequence(x, null, wi, wh, b, null, "tanh");
 * let h = g.randn(3, 5).mul(0);
 * for (let t = 0; t < 3; t++) h = rnnCell(x.select(1, t), h, wi, wh, b, null);
 * assertAlmostEquals(all.select(1, 2).data[7], h.data[7], 1e-14);
 * ```
 */
export function rnnSequence(
  x: Tensor,
  h0: Tensor | null,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
  nonlinearity: Nonlinearity,
  stepStates?: Tensor[],
): Tensor {
  checkNonlinearity("rnnSequence()", nonlinearity);
  const sizes = checkShapes(x, h0, weightIh, weightHh, [biasIh, biasHh]);
  const { batch: b, steps, hidden: h } = sizes;
  let bias: ArrayLike<number> | null = biasIh?.data ?? biasHh?.data ?? null;
  if (biasIh !== null && biasHh !== null) {
    const sum = new Float64Array(h);
    for (let j = 0; j < h; j++) sum[j] = biasIh.data[j] + biasHh.data[j];
    bias = sum;
  }
  const weights: RecurrenceWeights = {
    weightIh: weightIh.data,
    weightHh: weightHh.data,
    bias,
  };
  const out = resultStorage(b * steps * h, x, weightIh, weightHh);
  // In float64 the output itself is the tape of hidden states.
  const states = out instanceof Float64Array
    ? out
    : new Float64Array(b * steps * h);
  // h_1..h_T once more, time-major, viewed step by step as `stepStates`.
  const timeMajor = stepStates ? new Float64Array(b * steps * h) : undefined;
  const tape = recurrenceForward(
    sizes,
    weights,
    x.data,
    h0?.data ?? null,
    nonlinearity,
    states,
    { timeMajor },
  );
  if (states !== out) out.set(states);
  if (stepStates) {
    stepStates.length = 0;
    for (let t = 0; t < steps; t++) {
      const view = timeMajor!.subarray(t * b * h, (t + 1) * b * h);
      stepStates.push(new Tensor(view, [b, h]));
    }
  }
  const retained = stepStates ? [...stepStates] : null;
  const inputs = [x];
  if (h0 !== null) inputs.push(h0);
  inputs.push(weightIh, weightHh);
  if (biasIh !== null) inputs.push(biasIh);
  if (biasHh !== null) inputs.push(biasHh);

  return fromOp(out, [b, steps, h], "rnnSequence", inputs, (g) => {
    const wantStates = retained?.some((s) => s.retainsGrad) ?? false;
    const grads = recurrenceBackward(
      sizes,
      weights,
      x.data,
      h0?.data ?? null,
      states,
      g,
      nonlinearity,
      {
        x: x.requiresGrad,
        h0: h0?.requiresGrad ?? false,
        weightIh: weightIh.requiresGrad,
        weightHh: weightHh.requiresGrad,
        bias: (biasIh?.requiresGrad ?? false) ||
          (biasHh?.requiresGrad ?? false),
        states: wantStates,
        timeMajorStates: true,
      },
      { tape },
    );
    if (grads.states !== null) {
      retained!.forEach((st, t) => {
        if (!st.retainsGrad) return;
        const gr = grads.states!.subarray(t * b * h, (t + 1) * b * h);
        if (st.grad === null) st.grad = new Tensor(gr, [b, h]);
        else st.grad.data.forEach((v, i, a) => a[i] = v + gr[i]);
      });
    }
    const result: (Float64Array | null)[] = [grads.x];
    if (h0 !== null) result.push(grads.h0);
    result.push(grads.weightIh, grads.weightHh);
    if (biasIh !== null) result.push(grads.bias);
    if (biasHh !== null) result.push(grads.bias);
    return result;
  });
}

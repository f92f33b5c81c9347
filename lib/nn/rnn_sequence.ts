/**
 * `rnnSequence`: a whole Elman layer over a sequence as one autograd node,
 * computed by the WebAssembly SIMD kernels.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { Tensor } from "../tensor/tensor.ts";
import type { Nonlinearity } from "./rnn_cell.ts";
import { heap, kernels } from "./_wasm.ts";
import { toBatchMajor, toTimeMajor, transposeInto } from "./_time_major.ts";
import { sequenceWeightGrads } from "./_sequence_grads.ts";

/**
 * Whether the fused sequence kernels take a layer with this batch size and
 * gate width (both multiples of 4, WebAssembly SIMD available); otherwise
 * layers chain the per-step cells.
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

/** `x[r·C + j] += b[j]` for every row. */
function addRows(
  x: Float64Array,
  off: number,
  rows: number,
  b: ArrayLike<number>,
  scale = 1,
) {
  const c = b.length;
  for (let r = 0; r < rows; r++) {
    const o = off + r * c;
    for (let j = 0; j < c; j++) x[o + j] += scale * b[j];
  }
}

/**
 * A whole single-layer Elman RNN over a batch of sequences, one autograd
 * node: `h_t = act(x_t Wihᵀ + h_{t−1} Whhᵀ + bIh + bHh)`, `t = 1..T`. The
 * input projections of all steps are one matrix product; only `h_{t−1}
 * Whhᵀ` runs step by step; the backward pass is back-propagation through
 * time with the weight gradients summed in one product each. Needs
 * {@linkcode canFuseSequence}.
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
 * const x = g.randn(4, 3, 2), wi = g.randn(4, 2), wh = g.randn(4, 4), b = g.randn(4);
 * const all = rnnSequence(x, null, wi, wh, b, null, "tanh");
 * let h = g.randn(4, 4).mul(0);
 * for (let t = 0; t < 3; t++) h = rnnCell(x.select(1, t), h, wi, wh, b, null);
 * assertAlmostEquals(all.select(1, 2).data[5], h.data[5], 1e-14);
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
  const [b, steps, d] = x.shape;
  const h = weightHh.shape[1];
  if (!canFuseSequence(b, h)) {
    throw new RangeError(
      `rnnSequence(): batch size and hidden size must be multiples of 4, got ${b} and ${h}`,
    );
  }
  const k = kernels!;
  const rows = steps * b;
  // Layout (doubles): WihT D×H | WhhT H×H | X T·B×D | Hs (T+1)·B×H
  const wIhT = 0, wHhT = wIhT + d * h, xAt = wHhT + h * h, hs = xAt + rows * d;
  const f = heap(hs + (steps + 1) * b * h);
  transposeInto(weightIh.data, h, d, f, wIhT);
  transposeInto(weightHh.data, h, h, f, wHhT);
  toTimeMajor(x.data, 0, f, xAt, b, steps, d);
  if (h0 === null) f.fill(0, hs, hs + b * h);
  else f.set(h0.data, hs);
  const z = hs + b * h;
  k.gemm(xAt * 8, wIhT * 8, z * 8, rows, d, h, d * 8, 8, 0);
  if (biasIh) addRows(f, z, rows, biasIh.data);
  if (biasHh) addRows(f, z, rows, biasHh.data);
  const bh = b * h;
  for (let t = 1; t <= steps; t++) {
    const at = hs + t * bh;
    k.gemm((at - bh) * 8, wHhT * 8, at * 8, b, h, h, h * 8, 8, 1);
    if (nonlinearity === "tanh") k.tanh(at * 8, bh);
    else if (nonlinearity === "relu") {
      for (let i = at; i < at + bh; i++) if (f[i] < 0) f[i] = 0;
    }
  }
  const saved = f.slice(hs, hs + (steps + 1) * bh);
  const out = resultStorage(rows * h, x, weightIh, weightHh);
  toBatchMajor(f, hs + bh, out, 0, b, steps, h);
  if (stepStates) {
    stepStates.length = 0;
    for (let t = 1; t <= steps; t++) {
      stepStates.push(new Tensor(saved.slice(t * bh, (t + 1) * bh), [b, h]));
    }
  }
  const states = stepStates ? [...stepStates] : null;
  const inputs = [x];
  if (h0 !== null) inputs.push(h0);
  inputs.push(weightIh, weightHh);
  if (biasIh !== null) inputs.push(biasIh);
  if (biasHh !== null) inputs.push(biasHh);

  return fromOp(out, [b, steps, h], "rnnSequence", inputs, (g) => {
    // Layout: Whh H×H | X T·B×D | Hs (T+1)·B×H | dH (T+1)·B×H | dZ T·B×H | scratch
    const whh = 0, xb = whh + h * h, hsb = xb + rows * d;
    const dH = hsb + (steps + 1) * bh, dZ = dH + (steps + 1) * bh;
    const scratch = dZ + rows * h;
    const f = heap(scratch + h * Math.max(h, d) + d * h + rows * d);
    f.set(weightHh.data, whh);
    toTimeMajor(x.data, 0, f, xb, b, steps, d);
    f.set(saved, hsb);
    // dH slot t (t = 1..T) = dL/dh_t from the output; slot 0 is dL/dh_0.
    f.fill(0, dH, dH + bh);
    toTimeMajor(g, 0, f, dH + bh, b, steps, h);
    for (let t = steps; t >= 1; t--) {
      const dh = dH + t * bh, hAt = hsb + t * bh, dz = dZ + (t - 1) * bh;
      const st = states?.[t - 1];
      if (st && st.retainsGrad) {
        const gr = f.slice(dh, dh + bh);
        if (st.grad === null) st.grad = new Tensor(gr, [b, h]);
        else st.grad.data.forEach((v, i, a) => a[i] = v + gr[i]);
      }
      if (nonlinearity === "tanh") {
        for (let i = 0; i < bh; i++) {
          const y = f[hAt + i];
          f[dz + i] = f[dh + i] * (1 - y * y);
        }
      } else if (nonlinearity === "relu") {
        for (let i = 0; i < bh; i++) f[dz + i] = f[hAt + i] > 0 ? f[dh + i] : 0;
      } else f.copyWithin(dz, dh, dh + bh);
      // dL/dh_{t−1} += dz_t · Whh
      k.gemm(dz * 8, whh * 8, (dh - bh) * 8, b, h, h, h * 8, 8, 1);
    }
    const needBias = (biasIh?.requiresGrad ?? false) ||
      (biasHh?.requiresGrad ?? false);
    const { gWih, gWhh, gB, dxAt } = sequenceWeightGrads(
      f,
      dZ,
      xb,
      hsb,
      scratch,
      rows,
      h,
      d,
      h,
      weightIh,
      weightIh.requiresGrad,
      weightHh.requiresGrad,
      needBias,
      x.requiresGrad,
    );
    let gx: Float64Array | null = null;
    if (dxAt >= 0) {
      gx = new Float64Array(rows * d);
      toBatchMajor(f, dxAt, gx, 0, b, steps, d);
    }
    const grads: (Float64Array | null)[] = [gx];
    if (h0 !== null) grads.push(h0.requiresGrad ? f.slice(dH, dH + bh) : null);
    grads.push(gWih, gWhh);
    if (biasIh !== null) grads.push(gB);
    if (biasHh !== null) grads.push(gB);
    return grads;
  });
}

/**
 * `lstmSequence`: a whole LSTM layer over a sequence as one autograd node,
 * computed by the WebAssembly SIMD kernels.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { Tensor } from "../tensor/tensor.ts";
import { canFuseSequence } from "./rnn_sequence.ts";
import { sequenceWeightGrads } from "./_sequence_grads.ts";
import { heap, kernels } from "./_wasm.ts";
import { toBatchMajor, toTimeMajor, transposeInto } from "./_time_major.ts";

/**
 * A whole single-layer LSTM (gate order i, f, g, o, as `lstmCell`) over a
 * batch of sequences, one autograd node. The input projections of all steps
 * are one matrix product; per step one product `h_{t−1} Whhᵀ` and the gate
 * arithmetic (the sigmoids of all four blocks in one vectorized call,
 * `tanh z = 2σ(2z) − 1` for the g block). Needs
 * {@linkcode canFuseSequence}.
 *
 * @param x `(B, T, D)`.
 * @param h0 `(B, H)` or `null` for zeros.
 * @param c0 `(B, H)` or `null` for zeros.
 * @param weightIh `(4H, D)`.
 * @param weightHh `(4H, H)`.
 * @param biasIh `(4H)` or `null`.
 * @param biasHh `(4H)` or `null`.
 * @param stepStates As for `rnnSequence`: receives `[h_1 … h_T]` whose
 *   `.grad` (after `retainGrad()` and `backward()`) is dL/dh_t.
 * @returns `(2, B, T, H)`: `[0]` the hidden states, `[1]` the cell states.
 *
 * @example Same values as chaining `lstmCell`
 * ```ts
 * import { lstmSequence } from "./lstm_sequence.ts";
 * import { lstmCell } from "./lstm_cell.ts";
 * import { Generator } from "../random/generator.ts";
 * import "../tensor/methods.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const g = new Generator(0);
 * const x = g.randn(4, 3, 2), wi = g.randn(16, 2), wh = g.randn(16, 4), b = g.randn(16);
 * const out = lstmSequence(x, null, null, wi, wh, b, null);
 * let h = g.randn(4, 4).mul(0), c = h;
 * for (let t = 0; t < 3; t++) {
 *   const hc = lstmCell(x.select(1, t), h, c, wi, wh, b, null);
 *   [h, c] = [hc.select(0, 0), hc.select(0, 1)];
 * }
 * assertAlmostEquals(out.select(0, 1).select(1, 2).data[7], c.data[7], 1e-14);
 * ```
 */
export function lstmSequence(
  x: Tensor,
  h0: Tensor | null,
  c0: Tensor | null,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
  stepStates?: Tensor[],
): Tensor {
  const [b, steps, d] = x.shape;
  const h = weightHh.shape[1];
  const g = 4 * h;
  if (!canFuseSequence(b, h)) {
    throw new RangeError(
      `lstmSequence(): batch size and hidden size must be multiples of 4, got ${b} and ${h}`,
    );
  }
  const k = kernels!;
  const rows = steps * b, bh = b * h, bg = b * g;
  // The g block's pre-activations are doubled so that one sigmoid call
  // serves all four gates: tanh z = 2σ(2z) − 1.
  const twiceG = (r: number) => (r >= 2 * h && r < 3 * h ? 2 : 1);
  // Layout: WihT D×G | WhhT H×G | X T·B×D | Z T·B×G | Hs (T+1)·B×H | Cs (T+1)·B×H | TC T·B×H
  const wIhT = 0, wHhT = d * g, xAt = wHhT + h * g, z = xAt + rows * d;
  const hs = z + rows * g,
    cs = hs + (steps + 1) * bh,
    tc = cs + (steps + 1) * bh;
  const f = heap(tc + rows * h);
  transposeInto(weightIh.data, g, d, f, wIhT, twiceG);
  transposeInto(weightHh.data, g, h, f, wHhT, twiceG);
  toTimeMajor(x.data, 0, f, xAt, b, steps, d);
  if (h0 === null) f.fill(0, hs, hs + bh);
  else f.set(h0.data, hs);
  if (c0 === null) f.fill(0, cs, cs + bh);
  else f.set(c0.data, cs);
  k.gemm(xAt * 8, wIhT * 8, z * 8, rows, d, g, d * 8, 8, 0);
  const bsum = new Float64Array(g);
  for (const bias of [biasIh, biasHh]) {
    if (bias === null) continue;
    for (let j = 0; j < g; j++) bsum[j] += twiceG(j) * bias.data[j];
  }
  if (biasIh !== null || biasHh !== null) {
    for (let r = 0; r < rows; r++) {
      const o = z + r * g;
      for (let j = 0; j < g; j++) f[o + j] += bsum[j];
    }
  }
  for (let t = 1; t <= steps; t++) {
    const zt = z + (t - 1) * bg;
    k.gemm((hs + (t - 1) * bh) * 8, wHhT * 8, zt * 8, b, h, g, h * 8, 8, 1);
    k.sigmoid(zt * 8, bg);
    const cPrev = cs + (t - 1) * bh,
      cNow = cs + t * bh,
      tct = tc + (t - 1) * bh;
    for (let r = 0; r < b; r++) {
      const zr = zt + r * g;
      for (let j = 0; j < h; j++) {
        const gi = zr + 2 * h + j;
        const gg = 2 * f[gi] - 1;
        f[gi] = gg;
        const q = r * h + j;
        const c = f[zr + h + j] * f[cPrev + q] + f[zr + j] * gg;
        f[cNow + q] = c;
        f[tct + q] = c;
      }
    }
    k.tanh(tct * 8, bh);
    const hNow = hs + t * bh;
    for (let r = 0; r < b; r++) {
      const o = zt + r * g + 3 * h;
      for (let j = 0; j < h; j++) {
        const q = r * h + j;
        f[hNow + q] = f[o + j] * f[tct + q];
      }
    }
  }
  // Gates, states and tanh(c) for the backward pass (the heap is shared).
  const saved = f.slice(z, tc + rows * h);
  const out = resultStorage(2 * rows * h, x, weightIh, weightHh);
  toBatchMajor(f, hs + bh, out, 0, b, steps, h);
  toBatchMajor(f, cs + bh, out, rows * h, b, steps, h);
  if (stepStates) {
    stepStates.length = 0;
    for (let t = 1; t <= steps; t++) {
      const at = rows * g + t * bh;
      stepStates.push(new Tensor(saved.slice(at, at + bh), [b, h]));
    }
  }
  const states = stepStates ? [...stepStates] : null;
  const inputs = [x];
  if (h0 !== null) inputs.push(h0);
  if (c0 !== null) inputs.push(c0);
  inputs.push(weightIh, weightHh);
  if (biasIh !== null) inputs.push(biasIh);
  if (biasHh !== null) inputs.push(biasHh);

  return fromOp(out, [2, b, steps, h], "lstmSequence", inputs, (grad) => {
    // Heap layout: Whh G×H | X T·B×D | H_0..H_{T−1} T·B×H | dH (T+1)·B×H | dZ T·B×G | dC B×H | scratch.
    // Gates, cell states and tanh(c) are read from `saved` (offsets into it:
    // Z at 0, Hs at rows·G, Cs after Hs, TC after Cs).
    const sv = saved, svH = rows * g, svC = svH + (steps + 1) * bh;
    const svTC = svC + (steps + 1) * bh;
    const whh = 0, xb = g * h, hsb = xb + rows * d, dH = hsb + rows * h;
    const dZ = dH + (steps + 1) * bh, dC = dZ + rows * g, scratch = dC + bh;
    const f = heap(scratch + g * Math.max(h, d) + g * d + rows * d);
    f.set(weightHh.data, whh);
    toTimeMajor(x.data, 0, f, xb, b, steps, d);
    f.set(sv.subarray(svH, svH + rows * h), hsb);
    f.fill(0, dH, dH + bh);
    toTimeMajor(grad, 0, f, dH + bh, b, steps, h);
    f.fill(0, dC, dC + bh);
    const gcOff = rows * h; // grad of the cell-state output, batch-major
    for (let t = steps; t >= 1; t--) {
      const dh = dH + t * bh, zt = (t - 1) * bg, dz = dZ + (t - 1) * bg;
      const tct = svTC + (t - 1) * bh, cPrev = svC + (t - 1) * bh;
      const st = states?.[t - 1];
      if (st && st.retainsGrad) {
        const gr = f.slice(dh, dh + bh);
        if (st.grad === null) st.grad = new Tensor(gr, [b, h]);
        else st.grad.data.forEach((v, i, a) => a[i] = v + gr[i]);
      }
      for (let r = 0; r < b; r++) {
        const zr = zt + r * g, dzr = dz + r * g;
        const gcRow = gcOff + (r * steps + (t - 1)) * h;
        for (let j = 0; j < h; j++) {
          const q = r * h + j;
          const i = sv[zr + j], fg = sv[zr + h + j];
          const gg = sv[zr + 2 * h + j], o = sv[zr + 3 * h + j];
          const tcv = sv[tct + q], dhv = f[dh + q];
          const dc = grad[gcRow + j] + f[dC + q] + dhv * o * (1 - tcv * tcv);
          f[dzr + j] = dc * gg * i * (1 - i);
          f[dzr + h + j] = dc * sv[cPrev + q] * fg * (1 - fg);
          f[dzr + 2 * h + j] = dc * i * (1 - gg * gg);
          f[dzr + 3 * h + j] = dhv * tcv * o * (1 - o);
          f[dC + q] = dc * fg;
        }
      }
      // dL/dh_{t−1} += dz_t · Whh
      k.gemm(dz * 8, whh * 8, (dh - bh) * 8, b, g, h, g * 8, 8, 1);
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
      g,
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
    if (c0 !== null) grads.push(c0.requiresGrad ? f.slice(dC, dC + bh) : null);
    grads.push(gWih, gWhh);
    if (biasIh !== null) grads.push(gB);
    if (biasHh !== null) grads.push(gB);
    return grads;
  });
}

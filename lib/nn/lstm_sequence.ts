/**
 * `lstmSequence`: a whole LSTM layer over a sequence as one autograd node,
 * computed by the WebAssembly SIMD kernels.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { Tensor } from "../tensor/tensor.ts";
import { canFuseSequence } from "./rnn_sequence.ts";
import { lstmRowBackward } from "./_lstm_gates.ts";
import {
  augmentedInputs,
  augmentedWidth,
  sequenceWeightGrads,
} from "./_sequence_grads.ts";
import { heap, heapClaims, type Kernels, kernels } from "./_wasm.ts";
import { toBatchMajor, toTimeMajor, transposeInto } from "./_time_major.ts";

/**
 * A whole single-layer LSTM (gate order i, f, g, o, as `lstmCell`) over a
 * batch of sequences, one autograd node. The input projections of all steps
 * are one matrix product; per step one product `h_{t−1} Whhᵀ` and the gate
 * arithmetic (the sigmoids of all four blocks in one vectorized call,
 * `tanh z = 2σ(2z) − 1` for the g block). Needs
 * {@linkcode canFuseSequence}. The backward pass reads the gates the
 * forward pass left in the kernels' memory when nothing has used it since
 * (the usual forward-loss-backward order), and recomputes them otherwise.
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
  const [b, steps] = x.shape;
  const h = weightHh.shape[1];
  if (!canFuseSequence(b, h)) {
    throw new RangeError(
      `lstmSequence(): batch size and hidden size must be multiples of 4, got ${b} and ${h}`,
    );
  }
  const k = kernels!;
  const args: LstmArgs = { x, h0, c0, weightIh, weightHh, biasIh, biasHh };
  const L = forwardInHeap(k, args);
  const f = heap(0);
  const claim = heapClaims();
  const rows = steps * b, bh = b * h;
  const out = resultStorage(2 * rows * h, x, weightIh, weightHh);
  toBatchMajor(f, L.hs + bh, out, 0, b, steps, h);
  toBatchMajor(f, L.cs + bh, out, rows * h, b, steps, h);
  if (stepStates) {
    // One copy of h_1..h_T, time-major, viewed step by step.
    const all = f.slice(L.hs + bh, L.hs + (steps + 1) * bh);
    stepStates.length = 0;
    for (let t = 0; t < steps; t++) {
      stepStates.push(new Tensor(all.subarray(t * bh, (t + 1) * bh), [b, h]));
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
    // The forward values (gates, states, tanh c) are still in the heap
    // unless another kernel claimed it since.
    if (heapClaims() !== claim) forwardInHeap(k, args);
    const g = 4 * h, bg = b * g, d = x.shape[2], da = L.da;
    // After the forward layout: Whh G×H | dH (T+1)·B×H | dZ T·B×G | dC B×H | scratch
    const whh = L.end, dH = whh + g * h, dZ = dH + (steps + 1) * bh;
    const dC = dZ + rows * g, scratch = dC + bh;
    const f = heap(scratch + g * Math.max(h, da) + g * da + rows * da);
    f.set(weightHh.data, whh);
    f.fill(0, dH, dH + bh);
    toTimeMajor(grad, 0, f, dH + bh, b, steps, h);
    // dC starts as dL/dc_T from the output; each step adds its own share.
    f.fill(0, dC, dC + bh);
    const gcOff = rows * h; // grad of the cell-state output, batch-major
    for (let t = steps; t >= 1; t--) {
      const dh = dH + t * bh, zt = L.z + (t - 1) * bg, dz = dZ + (t - 1) * bg;
      const tct = L.tc + (t - 1) * bh, cPrev = L.cs + (t - 1) * bh;
      for (let r = 0; r < b; r++) {
        const q = r * h, gc = gcOff + (r * steps + (t - 1)) * h;
        for (let j = 0; j < h; j++) f[dC + q + j] += grad[gc + j];
        lstmRowBackward(
          h,
          f,
          zt + r * g,
          f,
          tct + q,
          f,
          cPrev + q,
          f,
          dh + q,
          f,
          dC + q,
          f,
          dz + r * g,
          f,
          dC + q,
        );
      }
      // dL/dh_{t−1} += dz_t · Whh
      k.gemm(dz * 8, whh * 8, (dh - bh) * 8, b, g, h, g * 8, 8, 1);
    }
    if (states?.some((st) => st.retainsGrad)) {
      const all = f.slice(dH + bh, dH + (steps + 1) * bh);
      states.forEach((st, t) => {
        if (!st.retainsGrad) return;
        const gr = all.subarray(t * bh, (t + 1) * bh);
        if (st.grad === null) st.grad = new Tensor(gr, [b, h]);
        else st.grad.data.forEach((v, i, a) => a[i] = v + gr[i]);
      });
    }
    const wg = sequenceWeightGrads(
      k,
      f,
      dZ,
      L.xAt,
      L.hs,
      scratch,
      rows,
      g,
      d,
      h,
      weightIh.data,
      g,
      {
        weightIh: weightIh.requiresGrad,
        weightHh: weightHh.requiresGrad,
        bias: (biasIh?.requiresGrad ?? false) ||
          (biasHh?.requiresGrad ?? false),
        x: x.requiresGrad,
      },
    );
    let gx: Float64Array | null = null;
    if (wg.dxAt >= 0) {
      gx = new Float64Array(rows * d);
      toBatchMajor(f, wg.dxAt, gx, 0, b, steps, d, b, da);
    }
    const grads: (Float64Array | null)[] = [gx];
    if (h0 !== null) grads.push(h0.requiresGrad ? f.slice(dH, dH + bh) : null);
    if (c0 !== null) grads.push(c0.requiresGrad ? f.slice(dC, dC + bh) : null);
    grads.push(wg.gWih, wg.gWhh);
    if (biasIh !== null) grads.push(wg.gB);
    if (biasHh !== null) grads.push(wg.gB);
    return grads;
  });
}

/** The inputs of {@linkcode lstmSequence}. */
interface LstmArgs {
  x: Tensor;
  h0: Tensor | null;
  c0: Tensor | null;
  weightIh: Tensor;
  weightHh: Tensor;
  biasIh: Tensor | null;
  biasHh: Tensor | null;
}

/** Where the forward pass leaves its values in the heap (offsets in doubles). */
interface LstmLayout {
  /** Columns of the augmented input. */
  da: number;
  /** `[X | 1]` T·B×Da, time-major. */
  xAt: number;
  /** Gate values i, f, g, o: T·B×4H. */
  z: number;
  /** h_0..h_T: (T+1)·B×H. */
  hs: number;
  /** c_0..c_T: (T+1)·B×H. */
  cs: number;
  /** tanh(c_1..c_T): T·B×H. */
  tc: number;
  /** First double after the layout. */
  end: number;
}

/** The forward pass, computed in the heap. */
function forwardInHeap(k: Kernels, a: LstmArgs): LstmLayout {
  const { x, h0, c0, weightIh, weightHh, biasIh, biasHh } = a;
  const [b, steps, d] = x.shape;
  const h = weightHh.shape[1];
  const g = 4 * h, rows = steps * b, bh = b * h, bg = b * g;
  const da = augmentedWidth(d);
  // The g block's pre-activations are doubled so that one sigmoid call
  // serves all four gates: tanh z = 2σ(2z) − 1.
  const twiceG = (r: number) => (r >= 2 * h && r < 3 * h ? 2 : 1);
  // Layout: [Wih | b]ᵀ Da×G | WhhT H×G | [X | 1] T·B×Da | Z T·B×G |
  // Hs (T+1)·B×H | Cs (T+1)·B×H | TC T·B×H
  const wT = 0, wHhT = da * g, xAt = wHhT + h * g, z = xAt + rows * da;
  const hs = z + rows * g, cs = hs + (steps + 1) * bh;
  const tc = cs + (steps + 1) * bh, end = tc + rows * h;
  const f = heap(end);
  f.fill(0, wT, wHhT);
  transposeInto(weightIh.data, g, d, f, wT, g, twiceG);
  for (const bias of [biasIh, biasHh]) {
    if (bias === null) continue;
    for (let j = 0; j < g; j++) f[wT + d * g + j] += twiceG(j) * bias.data[j];
  }
  transposeInto(weightHh.data, g, h, f, wHhT, g, twiceG);
  augmentedInputs(x.data, f, xAt, b, steps, d, b);
  if (h0 === null) f.fill(0, hs, hs + bh);
  else f.set(h0.data, hs);
  if (c0 === null) f.fill(0, cs, cs + bh);
  else f.set(c0.data, cs);
  k.gemm(xAt * 8, wT * 8, z * 8, rows, da, g, da * 8, 8, 0);
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
  return { da, xAt, z, hs, cs, tc, end };
}

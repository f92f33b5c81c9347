/**
 * `lstmCell`: one LSTM step (PyTorch's gate order i, f, g, o) as one
 * autograd node.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { simdGemm as gemm } from "./_simd_gemm.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import { cellInputGrads, checkCellShapes } from "./_cell_common.ts";
import { fastExp, fastTanh } from "./_fast_math.ts";
import { lstmRowBackward } from "./_lstm_gates.ts";

/**
 * One LSTM step for a batch; returns both new states packed in one tensor
 * `(2, B, H)` (`[0]` = h', `[1]` = c') so that a single node computes them:
 *
 * ```
 * z  = x Wihᵀ + h Whhᵀ + bIh + bHh            (B, 4H), blocks i, f, g, o
 * i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 * c' = f ⊙ c + i ⊙ g        h' = o ⊙ tanh(c')
 * ```
 *
 * @param x Input at this step `(B, D)`.
 * @param h Previous hidden state `(B, H)`.
 * @param c Previous cell state `(B, H)`.
 * @param weightIh `(4H, D)`.
 * @param weightHh `(4H, H)`.
 * @param biasIh `(4H)` or `null`.
 * @param biasHh `(4H)` or `null`.
 * @returns `stack([h', c'])`, shape `(2, B, H)`.
 * @throws {TypeError} if a shape does not fit.
 *
 * @example A one-unit LSTM by hand
 * ```ts
 * import { lstmCell } from "./lstm_cell.ts";
 * import { tensor, zeros } from "../tensor/creation.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const w = tensor([[1], [1], [1], [1]]);
 * const hc = lstmCell(tensor([[0.5]]), zeros(1, 1), zeros(1, 1), w, w, null, null);
 * const s = 1 / (1 + Math.exp(-0.5));
 * const c = s * Math.tanh(0.5);
 * assertAlmostEquals(hc.data[1], c, 1e-15);
 * assertAlmostEquals(hc.data[0], s * Math.tanh(c), 1e-15);
 * ```
 */
export function lstmCell(
  x: Tensor,
  h: Tensor,
  c: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
): Tensor {
  const [nh, d] = checkCellShapes("lstmCell", x, h, weightIh, weightHh, 4);
  const b = x.shape[0];
  const g4 = 4 * nh;
  if (c.shape.length !== 2 || c.shape[0] !== b || c.shape[1] !== nh) {
    throw new TypeError(
      `lstmCell(): cell state must be [${b}, ${nh}] like the hidden state, got ${
        formatShape(c.shape)
      }`,
    );
  }
  for (const bias of [biasIh, biasHh]) {
    if (bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== g4)) {
      throw new TypeError(
        `lstmCell(): bias must have shape [${g4}], got ${
          formatShape(bias.shape)
        }`,
      );
    }
  }
  // Pre-activations, overwritten by the gate values kept for backward.
  const z = new Float64Array(b * g4);
  gemm(x.data, 0, weightIh.data, 0, z, 0, b, d, g4, false, true, false);
  gemm(h.data, 0, weightHh.data, 0, z, 0, b, nh, g4, false, true, true);
  const bi = biasIh?.data, bh = biasHh?.data;
  const out = resultStorage(2 * b * nh, x, h, c, weightIh, weightHh);
  const tanhC = new Float64Array(b * nh);
  const cPrev = c.data;
  const cOff = b * nh;
  for (let r = 0; r < b; r++) {
    const zr = r * g4;
    if (bi) { for (let j = 0; j < g4; j++) z[zr + j] += bi[j]; }
    if (bh) { for (let j = 0; j < g4; j++) z[zr + j] += bh[j]; }
    for (let j = 0; j < nh; j++) {
      const i = 1 / (1 + fastExp(-z[zr + j]));
      const f = 1 / (1 + fastExp(-z[zr + nh + j]));
      const g = fastTanh(z[zr + 2 * nh + j]);
      const o = 1 / (1 + fastExp(-z[zr + 3 * nh + j]));
      z[zr + j] = i;
      z[zr + nh + j] = f;
      z[zr + 2 * nh + j] = g;
      z[zr + 3 * nh + j] = o;
      const k = r * nh + j;
      const cNew = f * cPrev[k] + i * g;
      const tc = fastTanh(cNew);
      tanhC[k] = tc;
      out[cOff + k] = cNew;
      out[k] = o * tc;
    }
  }
  const inputs = [x, h, c, weightIh, weightHh];
  if (biasIh !== null) inputs.push(biasIh);
  if (biasHh !== null) inputs.push(biasHh);
  return fromOp(out, [2, b, nh], "lstmCell", inputs, (grad) => {
    const dz = new Float64Array(b * g4);
    const dcPrev = c.requiresGrad ? new Float64Array(b * nh) : null;
    for (let r = 0; r < b; r++) {
      const k = r * nh, zr = r * g4;
      lstmRowBackward(
        nh,
        z,
        zr,
        tanhC,
        k,
        cPrev,
        k,
        grad,
        k,
        grad,
        cOff + k,
        dz,
        zr,
        dcPrev,
        k,
      );
    }
    const grads = cellInputGrads(dz, x, h, weightIh, weightHh, biasIh, biasHh);
    grads.splice(2, 0, dcPrev);
    return grads;
  });
}

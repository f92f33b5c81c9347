/**
 * `rnnCell`: one Elman step `act(x Wihᵀ + h Whhᵀ + b)` as one autograd node.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { simdGemm as gemm } from "./_simd_gemm.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import { cellInputGrads, checkCellShapes } from "./_cell_common.ts";
import {
  activate,
  activationGrad,
  checkNonlinearity,
  type Nonlinearity,
} from "./rnn_recurrence.ts";

/**
 * One step of an Elman RNN for a batch, `h' = act(x Wihᵀ + h Whhᵀ + bIh + bHh)`,
 * computed in one kernel with a hand-written backward (the gradient of
 * `act` is taken from its output: `1 − h'²` for tanh, `h' > 0` for relu;
 * the activation step functions are the sequence kernel's, in
 * `rnn_recurrence.ts`).
 * The autograd engine chains the steps, so back-propagation through time is
 * the engine's ordinary reverse sweep.
 *
 * @param x Input at this step `(B, D)`.
 * @param h Previous hidden state `(B, H)`.
 * @param weightIh `(H, D)`.
 * @param weightHh `(H, H)`.
 * @param biasIh `(H)` or `null`.
 * @param biasHh `(H)` or `null` (a second bias, as in PyTorch's `nn.RNN`).
 * @param nonlinearity `"tanh"` (default), `"relu"` or `"identity"`.
 * @returns The new hidden state `(B, H)`.
 * @throws {TypeError} if a shape does not fit, naming expected and actual.
 * @throws {RangeError} for an unknown nonlinearity.
 *
 * @example
 * ```ts
 * import { rnnCell } from "./rnn_cell.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const h = rnnCell(tensor([[1]]), tensor([[0]]), tensor([[0.1]]), tensor([[0.1]]), tensor([0.1]), null);
 * assertAlmostEquals(h.item(), Math.tanh(0.2), 1e-15);
 * ```
 */
export function rnnCell(
  x: Tensor,
  h: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
  nonlinearity: Nonlinearity = "tanh",
): Tensor {
  const [nh, d] = checkCellShapes("rnnCell", x, h, weightIh, weightHh, 1);
  checkNonlinearity("rnnCell()", nonlinearity);
  const b = x.shape[0];
  for (const bias of [biasIh, biasHh]) {
    if (bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== nh)) {
      throw new TypeError(
        `rnnCell(): bias must have shape [${nh}], got ${
          formatShape(bias.shape)
        }`,
      );
    }
  }
  const out = resultStorage(b * nh, x, h, weightIh, weightHh);
  gemm(x.data, 0, weightIh.data, 0, out, 0, b, d, nh, false, true, false);
  gemm(h.data, 0, weightHh.data, 0, out, 0, b, nh, nh, false, true, true);
  for (const bias of [biasIh, biasHh]) {
    if (bias === null) continue;
    const bv = bias.data;
    for (let i = 0; i < b; i++) {
      const r = i * nh;
      for (let j = 0; j < nh; j++) out[r + j] += bv[j];
    }
  }
  activate(nonlinearity, out, 0, out.length);
  const inputs = [x, h, weightIh, weightHh];
  if (biasIh !== null) inputs.push(biasIh);
  if (biasHh !== null) inputs.push(biasHh);
  return fromOp(out, [b, nh], "rnnCell", inputs, (g) => {
    const dz = new Float64Array(g.length);
    activationGrad(nonlinearity, out, 0, g, 0, dz, 0, dz.length);
    return cellInputGrads(dz, x, h, weightIh, weightHh, biasIh, biasHh);
  });
}

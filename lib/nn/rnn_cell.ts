/**
 * `rnnCell`: one Elman step `act(x Wihᵀ + h Whhᵀ + b)` as one autograd node.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { simdGemm as gemm } from "./_simd_gemm.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import { columnSums } from "./_columns.ts";
import { fastTanh } from "./_fast_math.ts";

/** Nonlinearities the fused recurrent kernels know the derivative of. */
export type Nonlinearity = "tanh" | "relu" | "identity";

/**
 * One step of an Elman RNN for a batch, `h' = act(x Wihᵀ + h Whhᵀ + bIh + bHh)`,
 * computed in one kernel with a hand-written backward (the gradient of
 * `act` is taken from its output: `1 − h'²` for tanh, `h' > 0` for relu).
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
  if (nonlinearity === "tanh") {
    for (let i = 0; i < out.length; i++) out[i] = fastTanh(out[i]);
  } else if (nonlinearity === "relu") {
    for (let i = 0; i < out.length; i++) if (out[i] < 0) out[i] = 0;
  } else if (nonlinearity !== "identity") {
    throw new RangeError(
      `rnnCell(): Unknown nonlinearity '${nonlinearity}'. Select from 'tanh', 'relu' or 'identity'`,
    );
  }
  const inputs = [x, h, weightIh, weightHh];
  if (biasIh !== null) inputs.push(biasIh);
  if (biasHh !== null) inputs.push(biasHh);
  return fromOp(out, [b, nh], "rnnCell", inputs, (g) => {
    const dz = new Float64Array(g.length);
    if (nonlinearity === "tanh") {
      for (let i = 0; i < dz.length; i++) dz[i] = g[i] * (1 - out[i] * out[i]);
    } else if (nonlinearity === "relu") {
      for (let i = 0; i < dz.length; i++) dz[i] = out[i] > 0 ? g[i] : 0;
    } else dz.set(g);
    return cellInputGrads(dz, x, h, weightIh, weightHh, biasIh, biasHh);
  });
}

/**
 * Gradients of the affine part `z = x Wihᵀ + h Whhᵀ + bIh + bHh` given dL/dz
 * `(B, G)`, in the input order `[x, h, weightIh, weightHh, biasIh?, biasHh?]`.
 * `h` may be a longer state whose first `B×H` values are the hidden state.
 */
export function cellInputGrads(
  dz: Float64Array,
  x: Tensor,
  h: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
): (Float64Array | null)[] {
  const [gates, d] = weightIh.shape;
  const nh = weightHh.shape[1];
  const b = x.shape[0];
  const grads: (Float64Array | null)[] = [null, null, null, null];
  if (x.requiresGrad) {
    grads[0] = new Float64Array(b * d);
    gemm(
      dz,
      0,
      weightIh.data,
      0,
      grads[0],
      0,
      b,
      gates,
      d,
      false,
      false,
      false,
    );
  }
  if (h.requiresGrad) {
    grads[1] = new Float64Array(h.data.length);
    gemm(
      dz,
      0,
      weightHh.data,
      0,
      grads[1],
      0,
      b,
      gates,
      nh,
      false,
      false,
      false,
    );
  }
  if (weightIh.requiresGrad) {
    grads[2] = new Float64Array(gates * d);
    gemm(dz, 0, x.data, 0, grads[2], 0, gates, b, d, true, false, false);
  }
  if (weightHh.requiresGrad) {
    grads[3] = new Float64Array(gates * nh);
    gemm(dz, 0, h.data, 0, grads[3], 0, gates, b, nh, true, false, false);
  }
  const needSums = (biasIh?.requiresGrad ?? false) ||
    (biasHh?.requiresGrad ?? false);
  const sums = needSums ? columnSums(dz, b, gates) : null;
  if (biasIh !== null) grads.push(biasIh.requiresGrad ? sums : null);
  if (biasHh !== null) grads.push(biasHh.requiresGrad ? sums : null);
  return grads;
}

/**
 * Checks `x (B, D)`, `h (B, H)`, `weightIh (gates·H, D)`, `weightHh
 * (gates·H, H)`; returns `[H, D]`.
 */
export function checkCellShapes(
  op: string,
  x: Tensor,
  h: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  gates: number,
): [number, number] {
  if (weightHh.shape.length !== 2 || weightIh.shape.length !== 2) {
    throw new TypeError(
      `${op}(): weights must be 2-D, got weightIh.shape=${
        formatShape(weightIh.shape)
      }, weightHh.shape=${formatShape(weightHh.shape)}`,
    );
  }
  const nh = weightHh.shape[1];
  const d = weightIh.shape[1];
  if (weightHh.shape[0] !== gates * nh || weightIh.shape[0] !== gates * nh) {
    throw new TypeError(
      `${op}(): weightIh must be (${gates}·H, D) and weightHh (${gates}·H, H); got weightIh.shape=${
        formatShape(weightIh.shape)
      }, weightHh.shape=${formatShape(weightHh.shape)}`,
    );
  }
  if (x.shape.length !== 2 || x.shape[1] !== d) {
    throw new TypeError(
      `${op}(): input must be (B, ${d}) as weightIh.shape=${
        formatShape(weightIh.shape)
      }, got ${formatShape(x.shape)}`,
    );
  }
  const b = x.shape[0];
  if (h.shape.length !== 2 || h.shape[0] !== b || h.shape[1] !== nh) {
    throw new TypeError(
      `${op}(): hidden state must be [${b}, ${nh}] for input ${
        formatShape(x.shape)
      } and weightHh ${formatShape(weightHh.shape)}, got ${
        formatShape(h.shape)
      }`,
    );
  }
  return [nh, d];
}

/**
 * Shared pieces of the per-step cells (`rnnCell`, `lstmCell`): shape checks
 * and the gradients of the affine part.
 *
 * @module
 */
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import { columnSums } from "./_columns.ts";
import { simdGemm as gemm } from "./_simd_gemm.ts";

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

/**
 * `clipGradNorm`: rescales gradients whose joint norm is too large.
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";

/**
 * Scales all gradients by `maxNorm / (total + 1e-6)` when their joint 2-norm
 * `total` exceeds `maxNorm` (PyTorch's `clip_grad_norm_`); parameters
 * without a gradient are ignored.
 *
 * @param params Parameters whose `.grad` to clip in place.
 * @param maxNorm The largest allowed norm.
 * @returns The total norm before clipping.
 * @throws {RangeError} if `maxNorm` is negative or NaN.
 *
 * @example
 * ```ts
 * import { clipGradNorm } from "./clip_grad_norm.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const p = tensor([0, 0], { requiresGrad: true });
 * p.grad = tensor([3, 4]);
 * assertEquals(clipGradNorm([p], 1), 5);
 * assertAlmostEquals(p.grad.data[0], 0.6, 1e-6);
 * ```
 */
export function clipGradNorm(
  params: Iterable<Tensor>,
  maxNorm: number,
): number {
  if (!(maxNorm >= 0)) {
    throw new RangeError(`clipGradNorm: maxNorm must be ≥ 0, got ${maxNorm}`);
  }
  const grads = [...params].flatMap((p) =>
    p.grad === null ? [] : [p.grad.data]
  );
  let sq = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sq += g[i] * g[i];
  const total = Math.sqrt(sq);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) {
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coef;
  }
  return total;
}

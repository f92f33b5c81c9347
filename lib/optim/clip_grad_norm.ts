/**
 * `clipGradNorm`: rescales gradients whose joint norm is too large.
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";

/** Options of {@linkcode clipGradNorm}. */
export interface ClipGradNormOptions {
  /**
   * Throw when the total norm is NaN or infinite, instead of scaling the
   * gradients by it (PyTorch's `error_if_nonfinite`; default false).
   */
  errorIfNonfinite?: boolean;
}

/**
 * Scales all gradients by `min(1, maxNorm / (total + 1e-6))`, where `total`
 * is their joint 2-norm (PyTorch's `clip_grad_norm_`); parameters without a
 * gradient are ignored. As in PyTorch, a non-finite `total` scales them by a
 * non-finite factor (NaN gradients stay NaN, they are not left unscaled),
 * unless `errorIfNonfinite` asks for an error.
 *
 * @param params Parameters whose `.grad` to clip in place.
 * @param maxNorm The largest allowed norm.
 * @param options `errorIfNonfinite`.
 * @returns The total norm before clipping.
 * @throws {RangeError} if `maxNorm` is negative or NaN, or the norm is
 * non-finite and `errorIfNonfinite` is set.
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
  options: ClipGradNormOptions = {},
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
  if (options.errorIfNonfinite && !Number.isFinite(total)) {
    throw new RangeError(
      `The total norm of order 2 for gradients from \`params\` is non-finite (${total}), so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`errorIfNonfinite: false\``,
    );
  }
  const coef = maxNorm / (total + 1e-6);
  // `!(coef >= 1)` also scales when coef is NaN, as torch.clamp(NaN, max=1) does.
  if (!(coef >= 1)) {
    for (const g of grads) for (let i = 0; i < g.length; i++) g[i] *= coef;
  }
  return total;
}

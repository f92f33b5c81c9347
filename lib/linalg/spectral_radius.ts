/**
 * Spectral radius of a real square matrix.
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { eigvals } from "./eigvals.ts";

/**
 * The spectral radius max |λ| over the eigenvalues λ of a real square matrix
 * (e.g. of a recurrent weight matrix: above 1 the linear part of the
 * recurrence amplifies some directions, below 1 it contracts all of them).
 *
 * @param a Matrix of shape [n, n].
 * @returns max |λ|, or 0 for a 0×0 matrix.
 * @throws {TypeError} if `a` is not a square matrix.
 * @throws {RangeError} as {@linkcode eigvals}.
 *
 * @example A rotation scaled by 2 has spectral radius 2
 * ```ts
 * import { spectralRadius } from "./spectral_radius.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const a = new Tensor(new Float64Array([0, -2, 2, 0]), [2, 2]);
 * assertAlmostEquals(spectralRadius(a), 2);
 * ```
 */
export function spectralRadius(a: Tensor): number {
  const { real, imag } = eigvals(a);
  let rho = 0;
  for (let i = 0; i < real.data.length; i++) {
    const m = Math.hypot(real.data[i], imag.data[i]);
    if (m > rho) rho = m;
  }
  return rho;
}

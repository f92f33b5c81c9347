/**
 * Linear algebra: eigenvalues and the spectral radius of real square matrices.
 *
 * @example
 * ```ts
 * import { eigvals, spectralRadius } from "./mod.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const a = new Tensor(new Float64Array([2, 0, 0, -3]), [2, 2]);
 * assertAlmostEquals(spectralRadius(a), 3);
 * assertAlmostEquals(eigvals(a).real.data[0] + eigvals(a).real.data[1], -1);
 * ```
 *
 * @module
 */
export * from "./eigvals.ts";
export * from "./spectral_radius.ts";

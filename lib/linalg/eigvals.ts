/**
 * Eigenvalues of a real square matrix.
 *
 * @module
 */
import { formatShape, Tensor } from "../tensor/tensor.ts";
import { balanceInPlace } from "./_balance.ts";
import { hessenbergInPlace } from "./_hessenberg.ts";
import { hqrInPlace } from "./_hqr.ts";

/** Options for {@linkcode eigvals}. */
export interface EigvalsOptions {
  /**
   * Total number of QR sweeps allowed for the whole matrix before giving up
   * with a `RangeError`.
   *
   * @default {30 * Math.max(10, n)} (as LAPACK's `dlahqr`)
   */
  maxIterations?: number;
}

/** Eigenvalues as two float64 vectors of length n: real and imaginary parts. */
export interface Eigenvalues {
  /** Real parts, shape [n]. */
  real: Tensor;
  /** Imaginary parts, shape [n]; complex pairs are adjacent, positive part first. */
  imag: Tensor;
}

/**
 * Eigenvalues of a real square matrix (like `numpy.linalg.eigvals` /
 * `torch.linalg.eigvals`), computed in float64: balancing by powers of two,
 * Householder reduction to upper Hessenberg form, then the Francis
 * double-shift QR algorithm in real arithmetic (EISPACK `hqr`). Complex
 * eigenvalues come as adjacent conjugate pairs. The order is the order in
 * which the QR iteration deflates them (not sorted), as in LAPACK. The input
 * is not modified and takes no part in autograd.
 *
 * @param a Matrix of shape [n, n] (float64 or float32).
 * @param options Iteration budget.
 * @returns Real and imaginary parts, each of shape [n].
 * @throws {TypeError} if `a` is not a square matrix.
 * @throws {RangeError} if `a` contains NaN or ±Infinity, or the QR iteration
 * does not converge within `maxIterations` sweeps.
 *
 * @example A rotation by 90° has eigenvalues ±i
 * ```ts
 * import { eigvals } from "./eigvals.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const a = new Tensor(new Float64Array([0, -1, 1, 0]), [2, 2]);
 * const { real, imag } = eigvals(a);
 * assertAlmostEquals(real.data[0], 0);
 * assertAlmostEquals(Math.abs(imag.data[0]), 1);
 * assertAlmostEquals(imag.data[0] + imag.data[1], 0);
 * ```
 */
export function eigvals(a: Tensor, options: EigvalsOptions = {}): Eigenvalues {
  if (a.shape.length !== 2 || a.shape[0] !== a.shape[1]) {
    throw new TypeError(
      `eigvals: expected a square matrix, got shape ${formatShape(a.shape)}`,
    );
  }
  const n = a.shape[0];
  const h = Float64Array.from(a.data);
  for (let i = 0; i < h.length; i++) {
    if (!Number.isFinite(h[i])) {
      throw new RangeError(
        `eigvals: cannot compute eigenvalues of a matrix with non-finite entries, got ${
          h[i]
        } at [${Math.floor(i / n)}, ${i % n}]`,
      );
    }
  }
  const maxIterations = options.maxIterations ?? 30 * Math.max(10, n);
  const wr = new Float64Array(n);
  const wi = new Float64Array(n);
  balanceInPlace(h, n);
  hessenbergInPlace(h, n);
  if (!hqrInPlace(h, n, wr, wi, maxIterations)) {
    throw new RangeError(
      `eigvals: the QR algorithm did not converge within ${maxIterations} iterations for a matrix of shape ${
        formatShape(a.shape)
      }`,
    );
  }
  return { real: new Tensor(wr, [n]), imag: new Tensor(wi, [n]) };
}

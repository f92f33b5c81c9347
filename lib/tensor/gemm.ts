/**
 * The matrix-multiply kernel every product in the library goes through.
 *
 * @module
 */

/** Any storage the kernel reads or writes. */
export type Floats = Float64Array | Float32Array;

/**
 * `C[n×m] (+)= op(A) · op(B)` on row-major storage at the given offsets, where
 * `op(A)` is `A` (`n×k`) or, with `transA`, the transpose of a stored `k×n`
 * matrix; likewise `op(B)` is `k×m` or the transpose of a stored `m×k`.
 * With `accumulate` false, `C` is overwritten.
 *
 * @example
 * ```ts
 * import { gemm } from "./gemm.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const c = new Float64Array(1);
 * gemm(new Float64Array([1, 2]), 0, new Float64Array([3, 4]), 0, c, 0, 1, 2, 1, false, false, false);
 * assertEquals(c[0], 11);
 * ```
 */
export function gemm(
  a: Floats,
  aOff: number,
  b: Floats,
  bOff: number,
  c: Floats,
  cOff: number,
  n: number,
  k: number,
  m: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  if (!accumulate) c.fill(0, cOff, cOff + n * m);
  if (!transB && m === 1) {
    // Matrix-vector: the general loop's inner run would be one element long.
    for (let i = 0; i < n; i++) {
      const ci = cOff + i;
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[aOff + p * n + i] : a[aOff + i * k + p];
        if (aip === 0) continue;
        c[ci] += aip * b[bOff + p];
      }
    }
  } else if (!transB) {
    // i-p-j order: the inner loop streams a row of B into a row of C.
    for (let i = 0; i < n; i++) {
      const ci = cOff + i * m;
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[aOff + p * n + i] : a[aOff + i * k + p];
        if (aip === 0) continue;
        const bp = bOff + p * m;
        for (let j = 0; j < m; j++) c[ci + j] += aip * b[bp + j];
      }
    }
  } else if (k === 1) {
    // Outer product (the weight gradient of a matrix-vector product): the
    // dot products below would be one term long. `0 + x` is their sum.
    for (let i = 0; i < n; i++) {
      const ci = cOff + i * m;
      const ai = a[aOff + i]; // k = 1: transposed or not, the same element
      for (let j = 0; j < m; j++) c[ci + j] += 0 + ai * b[bOff + j];
    }
  } else {
    // B is stored m×k: dot products of rows.
    for (let i = 0; i < n; i++) {
      const ci = cOff + i * m;
      for (let j = 0; j < m; j++) {
        const bj = bOff + j * k;
        let s = 0;
        if (transA) {
          for (let p = 0; p < k; p++) s += a[aOff + p * n + i] * b[bj + p];
        } else {
          const ai = aOff + i * k;
          for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
        }
        c[ci + j] += s;
      }
    }
  }
}

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
  // One small function per loop shape: V8 optimises each on its own, where
  // one function holding every loop ran the matrix-vector case 3× slower.
  if (!transB && m === 1) matVec(a, aOff, b, bOff, c, cOff, n, k, transA);
  else if (!transB) rowsTimesB(a, aOff, b, bOff, c, cOff, n, k, m, transA);
  else if (k === 1) outerInto(a, aOff, b, bOff, c, cOff, n, m);
  else rowDots(a, aOff, b, bOff, c, cOff, n, k, m, transA);
}

/**
 * Matrix-vector (`m` = 1): the general loop's inner run would be one element
 * long. The sum runs in a local (a store per term is slower), rounded to
 * float32 after each term when C is float32, as storing it would.
 */
function matVec(
  a: Floats,
  aOff: number,
  b: Floats,
  bOff: number,
  c: Floats,
  cOff: number,
  n: number,
  k: number,
  transA: boolean,
): void {
  const f32 = c instanceof Float32Array;
  const rowStep = transA ? 1 : k, termStep = transA ? n : 1;
  for (let i = 0; i < n; i++) {
    const ci = cOff + i;
    let s = c[ci];
    for (let p = 0, at = aOff + i * rowStep; p < k; p++, at += termStep) {
      const aip = a[at];
      if (aip === 0) continue;
      s = f32 ? Math.fround(s + aip * b[bOff + p]) : s + aip * b[bOff + p];
    }
    c[ci] = s;
  }
}

/** i-p-j order: the inner loop streams a row of B into a row of C. */
function rowsTimesB(
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
): void {
  for (let i = 0; i < n; i++) {
    const ci = cOff + i * m;
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[aOff + p * n + i] : a[aOff + i * k + p];
      if (aip === 0) continue;
      const bp = bOff + p * m;
      for (let j = 0; j < m; j++) c[ci + j] += aip * b[bp + j];
    }
  }
}

/**
 * Outer product (`k` = 1, B stored m×1: the weight gradient of a
 * matrix-vector product): the dot products of {@linkcode rowDots} would be
 * one term long; `0 + x` is such a sum. Transposed or not, A's element i is
 * at `aOff + i`.
 */
function outerInto(
  a: Floats,
  aOff: number,
  b: Floats,
  bOff: number,
  c: Floats,
  cOff: number,
  n: number,
  m: number,
): void {
  for (let i = 0; i < n; i++) {
    const ci = cOff + i * m;
    const ai = a[aOff + i];
    for (let j = 0; j < m; j++) c[ci + j] += 0 + ai * b[bOff + j];
  }
}

/** B is stored m×k: dot products of rows. */
function rowDots(
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
): void {
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

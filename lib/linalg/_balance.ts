/**
 * Balancing of a square matrix before an eigenvalue computation.
 *
 * @module
 */

/**
 * Scales rows and columns of the row-major `n`×`n` matrix `a` in place by
 * powers of two (a similarity transform D⁻¹AD, so eigenvalues are unchanged
 * and no rounding is introduced) until each row and its column have similar
 * 1-norms. This is the scaling half of LAPACK's `dgebal` / EISPACK `balanc`;
 * it makes the QR iteration's errors proportional to the balanced norm, which
 * can be far smaller than the original one (e.g. companion matrices).
 *
 * @param a Row-major storage of the matrix, modified in place.
 * @param n Order of the matrix.
 */
export function balanceInPlace(a: Float64Array, n: number): void {
  const radix = 2;
  const radix2 = radix * radix;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let c = 0;
      let r = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        c += Math.abs(a[j * n + i]);
        r += Math.abs(a[i * n + j]);
      }
      if (c === 0 || r === 0) continue;
      const s = c + r;
      let f = 1;
      let g = r / radix;
      while (c < g) {
        f *= radix;
        c *= radix2;
      }
      g = r * radix;
      while (c > g) {
        f /= radix;
        c /= radix2;
      }
      if ((c + r) / f < 0.95 * s) {
        done = false;
        const inv = 1 / f;
        for (let j = 0; j < n; j++) a[i * n + j] *= inv;
        for (let j = 0; j < n; j++) a[j * n + i] *= f;
      }
    }
  }
}

/**
 * Householder reduction of a square matrix to upper Hessenberg form.
 *
 * @module
 */

/**
 * Reduces the row-major `n`×`n` matrix `a` in place to upper Hessenberg form
 * H = QᵀAQ with Householder reflections (as LAPACK's `dgehrd`, unblocked).
 * Q is not accumulated: only eigenvalues are needed. Entries below the first
 * subdiagonal are set to exactly zero.
 *
 * @param a Row-major storage of the matrix, modified in place.
 * @param n Order of the matrix.
 */
export function hessenbergInPlace(a: Float64Array, n: number): void {
  const v = new Float64Array(n);
  for (let k = 0; k < n - 2; k++) {
    // Reflect x = a[k+1:n, k] onto a multiple of e1.
    let scale = 0;
    for (let i = k + 1; i < n; i++) scale += Math.abs(a[i * n + k]);
    if (scale === 0) continue;
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) {
      const xi = a[i * n + k] / scale;
      v[i] = xi;
      norm2 += xi * xi;
    }
    const x0 = v[k + 1];
    // alpha has the opposite sign of x0 so that v0 = x0 - alpha does not cancel.
    const alpha = x0 >= 0 ? -Math.sqrt(norm2) : Math.sqrt(norm2);
    v[k + 1] = x0 - alpha;
    // H = I - beta v vᵀ with beta = 2 / (vᵀv); vᵀv = 2(norm2 - x0 alpha).
    const vtv = 2 * (norm2 - x0 * alpha);
    if (vtv === 0) continue;
    const beta = 2 / vtv;

    // Left: A[k+1:, k+1:] -= beta v (vᵀ A[k+1:, k+1:]); column k becomes alpha e1.
    for (let j = k + 1; j < n; j++) {
      let dot = 0;
      for (let i = k + 1; i < n; i++) dot += v[i] * a[i * n + j];
      dot *= beta;
      if (dot === 0) continue;
      for (let i = k + 1; i < n; i++) a[i * n + j] -= dot * v[i];
    }
    a[(k + 1) * n + k] = alpha * scale;
    for (let i = k + 2; i < n; i++) a[i * n + k] = 0;

    // Right: A[:, k+1:] -= beta (A[:, k+1:] v) vᵀ.
    for (let i = 0; i < n; i++) {
      const row = i * n;
      let dot = 0;
      for (let j = k + 1; j < n; j++) dot += a[row + j] * v[j];
      dot *= beta;
      if (dot === 0) continue;
      for (let j = k + 1; j < n; j++) a[row + j] -= dot * v[j];
    }
  }
}

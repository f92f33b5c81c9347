/**
 * Francis double-shift QR iteration on an upper Hessenberg matrix.
 *
 * @module
 */

/**
 * Computes all eigenvalues of the row-major upper Hessenberg `n`×`n` matrix
 * `h` (destroyed) with the Francis implicit double-shift QR algorithm in real
 * arithmetic, as EISPACK `hqr` / LAPACK `dlahqr`: small subdiagonal entries
 * split the problem (deflation), a trailing 1×1 block gives a real
 * eigenvalue, a trailing 2×2 block gives two real ones or a complex
 * conjugate pair (stored positive imaginary part first), and exceptional
 * shifts after every 10 fruitless iterations break cycles such as those of
 * permutation matrices.
 *
 * @param h Row-major Hessenberg matrix, overwritten.
 * @param n Order of the matrix.
 * @param wr Receives real parts (length `n`).
 * @param wi Receives imaginary parts (length `n`).
 * @param maxIterations Total budget of QR sweeps for the whole matrix.
 * @returns `true` on convergence, `false` if the budget ran out.
 */
export function hqrInPlace(
  h: Float64Array,
  n: number,
  wr: Float64Array,
  wi: Float64Array,
  maxIterations: number,
): boolean {
  const eps = Number.EPSILON;
  let anorm = 0;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(i - 1, 0); j < n; j++) {
      anorm += Math.abs(h[i * n + j]);
    }
  }
  let budget = maxIterations;
  let nn = n - 1; // last row of the active block
  let t = 0; // accumulated exceptional shifts
  let x = 0, y = 0, w = 0, p = 0, q = 0, r = 0, s = 0, z = 0;
  while (nn >= 0) {
    let its = 0;
    let l: number;
    do {
      // Look for a single small subdiagonal element to split off at l.
      for (l = nn; l > 0; l--) {
        s = Math.abs(h[(l - 1) * n + l - 1]) + Math.abs(h[l * n + l]);
        if (s === 0) s = anorm;
        if (Math.abs(h[l * n + l - 1]) <= eps * s) {
          h[l * n + l - 1] = 0;
          break;
        }
      }
      x = h[nn * n + nn];
      if (l === nn) {
        // One real root.
        wr[nn] = x + t;
        wi[nn] = 0;
        nn--;
      } else {
        y = h[(nn - 1) * n + nn - 1];
        w = h[nn * n + nn - 1] * h[(nn - 1) * n + nn];
        if (l === nn - 1) {
          // Two roots from the trailing 2×2 block.
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            // Real pair; the second root from the product avoids cancellation.
            z = p + (p >= 0 ? z : -z);
            wr[nn - 1] = wr[nn] = x + z;
            if (z !== 0) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = z;
            wi[nn] = -z;
          }
          nn -= 2;
        } else {
          if (budget-- <= 0) return false;
          if (its > 0 && its % 10 === 0) {
            // Exceptional shift (EISPACK's ad hoc values).
            t += x;
            for (let i = 0; i <= nn; i++) h[i * n + i] -= x;
            s = Math.abs(h[nn * n + nn - 1]) +
              Math.abs(h[(nn - 1) * n + nn - 2]);
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          its++;
          // Form the shift and look for two consecutive small subdiagonals.
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = h[m * n + m];
            r = x - z;
            s = y - z;
            p = (r * s - w) / h[(m + 1) * n + m] + h[m * n + m + 1];
            q = h[(m + 1) * n + m + 1] - z - r - s;
            r = h[(m + 2) * n + m + 1];
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(h[m * n + m - 1]) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) *
              (Math.abs(h[(m - 1) * n + m - 1]) + Math.abs(z) +
                Math.abs(h[(m + 1) * n + m + 1]));
            if (u <= eps * v) break;
          }
          for (let i = m + 2; i <= nn; i++) {
            h[i * n + i - 2] = 0;
            if (i !== m + 2) h[i * n + i - 3] = 0;
          }
          // Chase the bulge with 3×3 Householder reflections from m to nn-1.
          for (let k = m; k <= nn - 1; k++) {
            if (k !== m) {
              p = h[k * n + k - 1];
              q = h[(k + 1) * n + k - 1];
              r = k !== nn - 1 ? h[(k + 2) * n + k - 1] : 0;
              x = Math.abs(p) + Math.abs(q) + Math.abs(r);
              if (x !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            const norm = Math.sqrt(p * p + q * q + r * r);
            s = p >= 0 ? norm : -norm;
            if (s === 0) continue;
            if (k === m) {
              if (l !== m) h[k * n + k - 1] = -h[k * n + k - 1];
            } else {
              h[k * n + k - 1] = -s * x;
            }
            p += s;
            x = p / s;
            y = q / s;
            z = r / s;
            q /= p;
            r /= p;
            const three = k !== nn - 1;
            // Rows k..k+2, columns k..nn.
            for (let j = k; j <= nn; j++) {
              p = h[k * n + j] + q * h[(k + 1) * n + j];
              if (three) {
                p += r * h[(k + 2) * n + j];
                h[(k + 2) * n + j] -= p * z;
              }
              h[(k + 1) * n + j] -= p * y;
              h[k * n + j] -= p * x;
            }
            // Columns k..k+2, rows l..min(nn, k+3).
            const iMax = Math.min(nn, k + 3);
            for (let i = l; i <= iMax; i++) {
              const row = i * n;
              p = x * h[row + k] + y * h[row + k + 1];
              if (three) {
                p += z * h[row + k + 2];
                h[row + k + 2] -= p * r;
              }
              h[row + k + 1] -= p * q;
              h[row + k] -= p;
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return true;
}

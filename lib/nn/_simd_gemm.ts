/**
 * `simdGemm`: the same contract as `lib/tensor/gemm.ts`'s `gemm`, computed by
 * a WebAssembly SIMD kernel (f64x2, 4×4 register blocks) for products large
 * enough to pay for copying the operands into the kernel's memory. The
 * copies also transpose and zero-pad, so the kernel handles one case only
 * (`C = A·B` with both outer sizes multiples of 4). Falls back to `gemm`
 * for small products and when WebAssembly SIMD is unavailable.
 *
 * @module
 */
import { type Floats, gemm } from "../tensor/gemm.ts";
import { heap, kernels } from "./_wasm.ts";

/** Products with fewer multiply-adds than this stay in plain JavaScript. */
const MIN_WORK = 2048;

/**
 * `C[n×m] (+)= op(A) · op(B)`, arguments as for `gemm` in
 * `lib/tensor/gemm.ts`.
 *
 * @example
 * ```ts
 * import { simdGemm } from "./_simd_gemm.ts";
 * import { gemm } from "../tensor/gemm.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const a = Float64Array.from({ length: 40 * 30 }, (_, i) => Math.sin(i));
 * const b = Float64Array.from({ length: 30 * 20 }, (_, i) => Math.cos(i));
 * const c1 = new Float64Array(40 * 20), c2 = new Float64Array(40 * 20);
 * simdGemm(a, 0, b, 0, c1, 0, 40, 30, 20, false, false, false);
 * gemm(a, 0, b, 0, c2, 0, 40, 30, 20, false, false, false);
 * c1.forEach((v, i) => assertAlmostEquals(v, c2[i], 1e-12));
 * ```
 */
export function simdGemm(
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
  if (
    kernels === null || n * k * m < MIN_WORK || n < 4 || m < 4 || k < 4
  ) {
    // Thin products (a read-out to one feature, a one-feature input) waste
    // the 4×4 blocks and the copies: plain loops are as fast.
    gemm(a, aOff, b, bOff, c, cOff, n, k, m, transA, transB, accumulate);
    return;
  }
  const np = (n + 3) & ~3, mp = (m + 3) & ~3;
  const aAt = 0, bAt = np * k, cAt = bAt + k * mp;
  const f = heap(cAt + np * mp);
  // A as np×k row-major (rows ≥ n zero).
  if (!transA) f.set(a.subarray(aOff, aOff + n * k), aAt);
  else {
    for (let p = 0; p < k; p++) {
      const src = aOff + p * n;
      for (let i = 0; i < n; i++) f[aAt + i * k + p] = a[src + i];
    }
  }
  if (np > n) f.fill(0, aAt + n * k, aAt + np * k);
  // B as k×mp row-major (columns ≥ m zero).
  if (!transB && mp === m) f.set(b.subarray(bOff, bOff + k * m), bAt);
  else if (!transB) {
    for (let p = 0; p < k; p++) {
      const dst = bAt + p * mp;
      f.set(b.subarray(bOff + p * m, bOff + p * m + m), dst);
      f.fill(0, dst + m, dst + mp);
    }
  } else {
    for (let j = 0; j < m; j++) {
      const src = bOff + j * k;
      for (let p = 0; p < k; p++) f[bAt + p * mp + j] = b[src + p];
    }
    if (mp > m) {
      for (let p = 0; p < k; p++) {
        f.fill(0, bAt + p * mp + m, bAt + (p + 1) * mp);
      }
    }
  }
  kernels.gemm(aAt * 8, bAt * 8, cAt * 8, np, k, mp, k * 8, 8, 0);
  if (!accumulate && mp === m) {
    c.set(f.subarray(cAt, cAt + n * m), cOff);
    return;
  }
  for (let i = 0; i < n; i++) {
    const src = cAt + i * mp, dst = cOff + i * m;
    if (accumulate) { for (let j = 0; j < m; j++) c[dst + j] += f[src + j]; }
    else for (let j = 0; j < m; j++) c[dst + j] = f[src + j];
  }
}

/**
 * `gemm`: the one matrix product of the library. `matmul`, `linear` and the
 * fused recurrent layers all call it; it chooses, in one place, between the
 * WebAssembly SIMD kernel (in place when the operands already live in the
 * kernels' heap, else through a padded copy when the product is large
 * enough to pay for it) and plain JavaScript loops.
 *
 * @module
 */
import {
  heapAlloc,
  heapView,
  heapView32,
  inHeap,
  wasmKernels,
} from "./wasm.ts";
import { packPanels, panelWidth } from "./layout.ts";

/** Any storage the kernels read or write. */
export type Floats = Float64Array | Float32Array;

/** Products with fewer multiply-adds than this stay in plain JavaScript. */
const MIN_WASM_WORK = 2048;

/**
 * Products with fewer rows or columns (a read-out to one feature, its
 * weight gradient from one row) run faster in the loops below than padded
 * to the kernel's blocks through copies (measured here, float64: 320×32×1
 * in 7 µs against 28, 1×320×32 in 6 against 24).
 */
const MIN_WASM_SIDE = 4;

/**
 * A copy of B into the heap is packed in panels from this many rows of A
 * on (packing costs about 1.3 ns an element here, a row copy 0.1; panels
 * make the kernel 10–20 % faster per row of A once B outgrows the cache).
 */
const PANELS_FROM_ROWS = 128;

/**
 * `C[n×m] (+)= A[n×k] · B[k×m]` on strided storage: element (i, p) of `A`
 * is `a[aOff + i·aRowStride + p·aColStride]`, likewise for `B`; `C` is
 * row-major with rows `cRowStride` apart. A transposed operand is the same
 * storage with its strides swapped. With `accumulate` false, `C` is
 * overwritten.
 *
 * Sums run over p = 0, 1, … in order on every path; the WebAssembly kernel
 * fuses each multiply-add where the CPU has FMA, so its results may differ
 * from the loops' in the last bit.
 *
 * @example `[1 2] · [3 4]ᵀ = 11`, and with A transposed by its strides
 * ```ts
 * import { gemm } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const c = new Float64Array(1);
 * gemm(1, 2, 1, new Float64Array([1, 2]), 0, 2, 1, new Float64Array([3, 4]), 0, 1, 1, c, 0, 1, false);
 * assertEquals(c[0], 11);
 * const at = new Float64Array([1, 3, 2, 4]); // [[1, 2], [3, 4]] stored transposed
 * const c2 = new Float64Array(2);
 * gemm(2, 2, 1, at, 0, 1, 2, new Float64Array([1, 1]), 0, 1, 1, c2, 0, 1, false);
 * assertEquals(Array.from(c2), [3, 7]);
 * ```
 */
export function gemm(
  n: number,
  k: number,
  m: number,
  a: Floats,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Floats,
  bOff: number,
  bRowStride: number,
  bColStride: number,
  c: Floats,
  cOff: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  if (n === 0 || m === 0) return;
  const kernels = wasmKernels();
  if (kernels !== null && k > 0) {
    const ha = inHeap(a), hb = inHeap(b), hc = inHeap(c);
    const f32 = a instanceof Float32Array && b instanceof Float32Array &&
      c instanceof Float32Array;
    const f64 = a instanceof Float64Array && b instanceof Float64Array &&
      c instanceof Float64Array;
    if (
      ha && hb && hc && (f32 || f64) &&
      n % 4 === 0 && m % (f32 ? 8 : 4) === 0 && bColStride === 1 &&
      bRowStride === m && cRowStride === m
    ) {
      // The fused layers keep their operands in the heap: no copies.
      const es = f32 ? 4 : 8;
      // Byte addresses: a view's own offset into the heap, plus the element's.
      (f32 ? kernels.gemm_f32 : kernels.gemm_f64)(
        a.byteOffset + aOff * es,
        b.byteOffset + bOff * es,
        c.byteOffset + cOff * es,
        n,
        k,
        m,
        aRowStride * es,
        aColStride * es,
        m * es,
        (f32 ? 8 : 4) * es,
        accumulate ? 1 : 0,
      );
      return;
    }
    if (
      !ha && !hb && !hc && n * k * m >= MIN_WASM_WORK &&
      Math.min(n, m) >= MIN_WASM_SIDE
    ) {
      // Thin products (a read-out to one feature) pad less in float64.
      const single = f32 && m >= 8;
      viaHeap(
        single,
        n,
        k,
        m,
        a,
        aOff,
        aRowStride,
        aColStride,
        b,
        bOff,
        bRowStride,
        bColStride,
        c,
        cOff,
        cRowStride,
        accumulate,
      );
      return;
    }
  }
  if (!accumulate && cRowStride === m) c.fill(0, cOff, cOff + n * m);
  else if (!accumulate) {
    for (let i = 0; i < n; i++) {
      c.fill(0, cOff + i * cRowStride, cOff + i * cRowStride + m);
    }
  }
  if (m === 1) {
    // One column: rows of A times B's column.
    const [ars, acs] = [aRowStride, aColStride];
    matVec(a, aOff, ars, acs, b, bOff, bRowStride, c, cOff, cRowStride, n, k);
    return;
  }
  if (n === 1) {
    // One row: B's columns times A's row.
    const [brs, bcs] = [bRowStride, bColStride];
    matVec(b, bOff, bcs, brs, a, aOff, aColStride, c, cOff, 1, m, k);
    return;
  }
  const aPlain = aColStride === 1 && aRowStride === k;
  const aTrans = aRowStride === 1 && aColStride === n;
  const bPlain = bColStride === 1 && bRowStride === m;
  const bTrans = bRowStride === 1 && bColStride === k;
  if ((aPlain || aTrans) && (bPlain || bTrans) && cRowStride === m) {
    // One small function per loop shape: V8 optimises each on its own, where
    // one function holding every loop ran the matrix-vector case 3× slower.
    const transA = !aPlain;
    if (bPlain) rowsTimesB(a, aOff, b, bOff, c, cOff, n, k, m, transA);
    else if (k === 1) outerInto(a, aOff, b, bOff, c, cOff, n, m);
    else rowDots(a, aOff, b, bOff, c, cOff, n, k, m, transA);
    return;
  }
  strided(
    n,
    k,
    m,
    a,
    aOff,
    aRowStride,
    aColStride,
    b,
    bOff,
    bRowStride,
    bColStride,
    c,
    cOff,
    cRowStride,
  );
}

/**
 * `C[n×m] (+)= A[n×k] · B[k×m]` with B packed in panels by
 * {@linkcode packPanels} (`k` deep, {@linkcode panelWidth} columns each):
 * the kernel then streams each strip of B from consecutive cache lines.
 * One kernel call when the operands live in the heap (`n` a multiple of 4,
 * `m` of the panel width, `cRowStride` = `m`), else one {@linkcode gemm}
 * per strip. Sums run as in {@linkcode gemm}, so the results are the same.
 *
 * @example `[1 2] · [[3, 4], [5, 6]]`
 * ```ts
 * import { gemmPanels, packPanels } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const panels = new Float64Array(8); // one strip, 2 deep, 4 wide
 * packPanels(new Float64Array([3, 4, 5, 6]), 0, 2, 1, 2, 2, panels, 0);
 * const c = new Float64Array(2);
 * gemmPanels(1, 2, 2, new Float64Array([1, 2]), 0, 2, 1, panels, 0, c, 0, 2, false);
 * assertEquals(Array.from(c), [13, 16]);
 * ```
 */
export function gemmPanels(
  n: number,
  k: number,
  m: number,
  a: Floats,
  aOff: number,
  aRowStride: number,
  aColStride: number,
  b: Floats,
  bOff: number,
  c: Floats,
  cOff: number,
  cRowStride: number,
  accumulate: boolean,
): void {
  if (n === 0 || m === 0) return;
  const w = panelWidth(b), kernels = wasmKernels();
  const f32 = a instanceof Float32Array && b instanceof Float32Array &&
    c instanceof Float32Array;
  const f64 = a instanceof Float64Array && b instanceof Float64Array &&
    c instanceof Float64Array;
  if (
    kernels !== null && k > 0 && (f32 || f64) && inHeap(a) && inHeap(b) &&
    inHeap(c) && n % 4 === 0 && m % w === 0 && cRowStride === m
  ) {
    const es = f32 ? 4 : 8;
    (f32 ? kernels.gemm_f32 : kernels.gemm_f64)(
      a.byteOffset + aOff * es,
      b.byteOffset + bOff * es,
      c.byteOffset + cOff * es,
      n,
      k,
      m,
      aRowStride * es,
      aColStride * es,
      w * es,
      k * w * es,
      accumulate ? 1 : 0,
    );
    return;
  }
  for (let s = 0; s < m; s += w) {
    gemm(
      n,
      k,
      Math.min(w, m - s),
      a,
      aOff,
      aRowStride,
      aColStride,
      b,
      bOff + s * k,
      w,
      1,
      c,
      cOff + s,
      cRowStride,
      accumulate,
    );
  }
}

/** Any strides: `c[i, j] += Σ_p a[i, p] · b[p, j]`. */
function strided(
  n: number,
  k: number,
  m: number,
  a: Floats,
  aOff: number,
  ars: number,
  acs: number,
  b: Floats,
  bOff: number,
  brs: number,
  bcs: number,
  c: Floats,
  cOff: number,
  crs: number,
): void {
  for (let i = 0; i < n; i++) {
    const ci = cOff + i * crs;
    for (let p = 0; p < k; p++) {
      const aip = a[aOff + i * ars + p * acs];
      if (aip === 0) continue;
      const bp = bOff + p * brs;
      for (let j = 0; j < m; j++) c[ci + j] += aip * b[bp + j * bcs];
    }
  }
}

/**
 * Copies the operands into the heap, in float32 (`single`) or float64 (A
 * with zero rows up to a multiple of 4; B packed in panels of the
 * kernel's block width, C row-major, zero columns up to that width), runs
 * the kernel and copies C back.
 */
function viaHeap(
  single: boolean,
  n: number,
  k: number,
  m: number,
  a: Floats,
  aOff: number,
  ars: number,
  acs: number,
  b: Floats,
  bOff: number,
  brs: number,
  bcs: number,
  c: Floats,
  cOff: number,
  crs: number,
  accumulate: boolean,
): void {
  const width = single ? 8 : 4, es = single ? 4 : 8;
  const np = (n + 3) & ~3, mp = Math.ceil(m / width) * width;
  const region = heapAlloc((np * k + k * mp + np * mp) * es);
  const aAt = region.start / es, bAt = aAt + np * k, cAt = bAt + k * mp;
  const f = single ? heapView32() : heapView();
  // A in float32 row-major (np×k); in float64 column-major (k rows of np),
  // where the kernel's six rows at one p then share a cache line: 15–20 %
  // faster at 512³ in float64, 3 % slower in float32 (measured here).
  // Rows from n on are zero.
  const colA = !single;
  const [aRs, aCs] = colA ? [1, np] : [k, 1];
  if (np > n) f.fill(0, aAt, aAt + np * k);
  if (!colA && acs === 1 && ars === k) {
    f.set(a.subarray(aOff, aOff + n * k), aAt);
  } else {
    for (let i0 = 0; i0 < n; i0 += 8) {
      const i1 = Math.min(n, i0 + 8);
      for (let p = 0; p < k; p++) {
        const src = aOff + p * acs, dst = aAt + p * aCs;
        for (let i = i0; i < i1; i++) f[dst + i * aRs] = a[src + i * ars];
      }
    }
  }
  // B in panels (strip s, columns s·width…, k×width contiguous: the kernel
  // streams it from consecutive cache lines) where A has the rows to repay
  // the element-wise packing, else row-major by row copies (k×mp). Columns
  // from m on are zero.
  const panels = bcs !== 1 || n >= PANELS_FROM_ROWS;
  if (mp > m) f.fill(0, bAt, bAt + k * mp);
  if (panels) packPanels(b, bOff, brs, bcs, k, m, f, bAt);
  else {
    for (let p = 0; p < k; p++) {
      const src = bOff + p * brs;
      f.set(b.subarray(src, src + m), bAt + p * mp);
    }
  }
  const kernels = wasmKernels()!;
  (single ? kernels.gemm_f32 : kernels.gemm_f64)(
    aAt * es,
    bAt * es,
    cAt * es,
    np,
    k,
    mp,
    aRs * es,
    aCs * es,
    (panels ? width : mp) * es,
    (panels ? k * width : width) * es,
    0,
  );
  if (!accumulate && mp === m && crs === m) {
    c.set(f.subarray(cAt, cAt + n * m), cOff);
    return;
  }
  for (let i = 0; i < n; i++) {
    const src = cAt + i * mp, dst = cOff + i * crs;
    if (accumulate) { for (let j = 0; j < m; j++) c[dst + j] += f[src + j]; }
    else for (let j = 0; j < m; j++) c[dst + j] = f[src + j];
  }
}

/**
 * Matrix-vector: `out[r·outStep] (+)= Σ_p mat[r·rowStep + p·termStep] ·
 * vec[p·vecStep]` for `rows` rows of `k` terms; a product with one column
 * (`m` = 1) or one row (`n` = 1, B's columns as the rows) is one. Four rows
 * at a time, so that four independent sums keep the adder busy; each sum
 * runs over p = 0, 1, … and is rounded to float32 after each term when the
 * output is float32, as storing it would.
 */
function matVec(
  mat: Floats,
  mOff: number,
  rowStep: number,
  termStep: number,
  vec: Floats,
  vOff: number,
  vecStep: number,
  out: Floats,
  oOff: number,
  outStep: number,
  rows: number,
  k: number,
): void {
  const f32 = out instanceof Float32Array;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o = oOff + r * outStep;
    let s0 = out[o], s1 = out[o + outStep];
    let s2 = out[o + 2 * outStep], s3 = out[o + 3 * outStep];
    let at = mOff + r * rowStep;
    for (let p = 0, v = vOff; p < k; p++, at += termStep, v += vecStep) {
      const x = vec[v];
      const t0 = s0 + mat[at] * x, t1 = s1 + mat[at + rowStep] * x;
      const t2 = s2 + mat[at + 2 * rowStep] * x;
      const t3 = s3 + mat[at + 3 * rowStep] * x;
      if (f32) {
        s0 = Math.fround(t0);
        s1 = Math.fround(t1);
        s2 = Math.fround(t2);
        s3 = Math.fround(t3);
      } else {
        s0 = t0;
        s1 = t1;
        s2 = t2;
        s3 = t3;
      }
    }
    out[o] = s0;
    out[o + outStep] = s1;
    out[o + 2 * outStep] = s2;
    out[o + 3 * outStep] = s3;
  }
  for (; r < rows; r++) {
    const o = oOff + r * outStep;
    let s = out[o], at = mOff + r * rowStep;
    for (let p = 0, v = vOff; p < k; p++, at += termStep, v += vecStep) {
      const t = s + mat[at] * vec[v];
      s = f32 ? Math.fround(t) : t;
    }
    out[o] = s;
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

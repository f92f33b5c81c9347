/**
 * Layouts of the fused recurrent kernels: copies between batch-major `(B, T, F)` and time-major `(T, B, F)` layouts.
 * The time-major side may be padded to `Bp ≥ B` rows per step and `Fp ≥ F`
 * columns per row (the SIMD kernels want multiples of 4); padding is left
 * untouched, so callers zero it once. (Separate loops rather than one
 * strided copy: V8 optimises each for the arrays it sees, 2× faster.)
 * Also transposed and strided block copies and column sums.
 *
 * @module
 */

/**
 * `dst[dOff + (t·Bp + b)·Fp + j] = src[sOff + (b·T + t)·F + j]`.
 *
 * @example Two sequences of two steps, one feature
 * ```ts
 * import { toTimeMajor } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dst = new Float64Array(4);
 * toTimeMajor([1, 2, 3, 4], 0, dst, 0, 2, 2, 1);
 * assertEquals(Array.from(dst), [1, 3, 2, 4]);
 * ```
 */
export function toTimeMajor(
  src: ArrayLike<number>,
  sOff: number,
  dst: Float64Array | Float32Array,
  dOff: number,
  b: number,
  t: number,
  f: number,
  bp = b,
  fp = f,
): void {
  for (let bi = 0; bi < b; bi++) {
    for (let ti = 0; ti < t; ti++) {
      const s = sOff + (bi * t + ti) * f, d = dOff + (ti * bp + bi) * fp;
      for (let j = 0; j < f; j++) dst[d + j] = src[s + j];
    }
  }
}

/**
 * `dst[dOff + (b·T + t)·F + j] = src[sOff + (t·Bp + b)·Fp + j]`.
 *
 * @example
 * ```ts
 * import { toBatchMajor } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dst = new Float64Array(4);
 * toBatchMajor(new Float64Array([1, 3, 2, 4]), 0, dst, 0, 2, 2, 1);
 * assertEquals(Array.from(dst), [1, 2, 3, 4]);
 * ```
 */
export function toBatchMajor(
  src: ArrayLike<number>,
  sOff: number,
  dst: Float64Array | Float32Array,
  dOff: number,
  b: number,
  t: number,
  f: number,
  bp = b,
  fp = f,
): void {
  for (let ti = 0; ti < t; ti++) {
    for (let bi = 0; bi < b; bi++) {
      const s = sOff + (ti * bp + bi) * fp, d = dOff + (bi * t + ti) * f;
      for (let j = 0; j < f; j++) dst[d + j] = src[s + j];
    }
  }
}

/**
 * `dst[dOff + p·ld + r] = scale(r) · src[r·C + p]`: the transpose of an
 * `R×C` matrix, its rows `ld ≥ R` apart.
 *
 * @example
 * ```ts
 * import { transposeInto } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dst = new Float64Array(4);
 * transposeInto([1, 2, 3, 4], 2, 2, dst, 0);
 * assertEquals(Array.from(dst), [1, 3, 2, 4]);
 * ```
 */
export function transposeInto(
  src: ArrayLike<number>,
  rows: number,
  cols: number,
  dst: Float64Array | Float32Array,
  dOff: number,
  ld = rows,
  scale?: (r: number) => number,
): void {
  for (let r = 0; r < rows; r++) {
    const s = scale ? scale(r) : 1;
    for (let p = 0; p < cols; p++) {
      dst[dOff + p * ld + r] = s * src[r * cols + p];
    }
  }
}

/**
 * `dst[dOff + r·ld + j] = src[sOff + r·sld + j]` for an `R×C` block: copies
 * a matrix between row strides (`ld`, `sld` ≥ C; `sld` defaults to C).
 *
 * @example Pad a 2×1 matrix to rows of 2
 * ```ts
 * import { copyRows } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dst = new Float64Array(4);
 * copyRows([5, 6], 0, 2, 1, dst, 0, 2);
 * assertEquals(Array.from(dst), [5, 0, 6, 0]);
 * ```
 */
export function copyRows(
  src: ArrayLike<number>,
  sOff: number,
  rows: number,
  cols: number,
  dst: Float64Array | Float32Array,
  dOff: number,
  ld: number,
  sld = cols,
): void {
  if (src instanceof Float64Array || src instanceof Float32Array) {
    // Typed rows copy as blocks (converting precision where they differ);
    // short rows are cheaper by the loop than by a view per row.
    if (ld === cols && sld === cols) {
      dst.set(src.subarray(sOff, sOff + rows * cols), dOff);
      return;
    }
    if (cols >= 64) {
      for (let r = 0; r < rows; r++) {
        const s = sOff + r * sld;
        dst.set(src.subarray(s, s + cols), dOff + r * ld);
      }
      return;
    }
  }
  for (let r = 0; r < rows; r++) {
    const s = sOff + r * sld, d = dOff + r * ld;
    for (let j = 0; j < cols; j++) dst[d + j] = src[s + j];
  }
}

/**
 * Sums of the columns of a row-major `rows × cols` matrix starting at `at`
 * (bias gradients).
 *
 * @example
 * ```ts
 * import { columnSums } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(columnSums(new Float64Array([1, 2, 3, 4]), 2, 2)), [4, 6]);
 * ```
 */
export function columnSums(
  g: ArrayLike<number>,
  rows: number,
  cols: number,
  at = 0,
): Float64Array {
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const r = at + i * cols;
    for (let j = 0; j < cols; j++) out[j] += g[r + j];
  }
  return out;
}

/**
 * The panel width of packed matrix operands: the WebAssembly kernel's block
 * width, 8 columns in float32 and 4 in float64.
 *
 * @example
 * ```ts
 * import { panelWidth } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(panelWidth(new Float32Array(1)), 8);
 * ```
 */
export function panelWidth(f: Float64Array | Float32Array): number {
  return f instanceof Float32Array ? 8 : 4;
}

/**
 * Writes `scale ·` B (`k×m`, element (p, j) at `b[bOff + p·brs + j·bcs]`)
 * into panels of `w = panelWidth(f)` columns: element (p, j) goes to
 * `f[at + ⌊j/w⌋·depth·w + p·w + j mod w]`. Each strip of `w` columns is
 * then `depth×w` and contiguous; `depth ≥ k` lets B fill the first `k` rows
 * of taller panels (another block may fill the rest: start `at` `r·w`
 * further for row `r`). Nothing else is written (zero the padding first).
 *
 * @example A 2×2 matrix in a float64 panel (4 wide)
 * ```ts
 * import { packPanels } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const f = new Float64Array(8);
 * packPanels([1, 2, 3, 4], 0, 2, 1, 2, 2, f, 0);
 * assertEquals(Array.from(f), [1, 2, 0, 0, 3, 4, 0, 0]);
 * ```
 */
export function packPanels(
  b: ArrayLike<number>,
  bOff: number,
  brs: number,
  bcs: number,
  k: number,
  m: number,
  f: Float64Array | Float32Array,
  at: number,
  depth = k,
  scale = 1,
): void {
  const w = panelWidth(f), strip = depth * w;
  if (bcs !== 1) {
    // B's columns are the contiguous runs (B is a transposed matrix): read
    // them in order.
    for (let j = 0; j < m; j++) {
      const src = bOff + j * bcs;
      let dst = at + Math.floor(j / w) * strip + (j % w);
      for (let p = 0; p < k; p++, dst += w) f[dst] = scale * b[src + p * brs];
    }
    return;
  }
  for (let p = 0; p < k; p++) {
    const row = bOff + p * brs;
    let dst = at + p * w, j = 0;
    for (; j + w <= m; j += w, dst += strip) {
      for (let jj = 0; jj < w; jj++) f[dst + jj] = scale * b[row + j + jj];
    }
    for (; j < m; j++) f[dst + (j % w)] = scale * b[row + j];
  }
}

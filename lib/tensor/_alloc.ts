/**
 * Zero-filled typed arrays for tensor storage and scratch, cheap when small.
 *
 * Why: in Deno's V8 every `new Float64Array(n)` gets its own off-heap
 * `ArrayBuffer`, which costs about 1 µs however small `n` is (allocation,
 * zeroing, external-memory accounting, sweeping) — more than the arithmetic
 * of a whole op on a 10-element vector. Small arrays are therefore carved as
 * views out of shared slabs, which costs a few tens of ns. Slabs are never
 * reused: each carved region is fresh (hence zero), and a slab is freed by
 * the garbage collector when its last view dies.
 *
 * The price is that a small array kept alive keeps its whole slab alive
 * (say, a loss tensor kept per step). Each size class (8 B, 16 B, … 2 KiB)
 * has its own slab of `PER_SLAB` arrays of that class, so a kept array pins
 * at most `2 * PER_SLAB` times its own size: lab 1's 16 000 per-sample
 * losses, all kept, hold about 14 MB, where one shared 16 KiB slab for all
 * sizes held 270 MB.
 *
 * @module
 */

/** Arrays per slab: the amortised `ArrayBuffer` cost per array, and the pinning bound. */
const PER_SLAB = 64;
/** Arrays larger than this get their own buffer (allocation cost is then small relative to the work). */
const MAX_CARVED_BYTES = 2048;
/** Size classes: class c holds sizes in (2^(c−1), 2^c] bytes. */
const CLASSES = 32 - Math.clz32(MAX_CARVED_BYTES - 1) + 1;

const slabs: ArrayBuffer[] = [];
const used: number[] = [];
for (let c = 0; c < CLASSES; c++) {
  slabs.push(new ArrayBuffer(0));
  used.push(0);
}
/** The slab the last `carve` took its region from. */
let carved: ArrayBuffer = slabs[0];

/**
 * Byte offset of a fresh, 8-byte aligned region of `bytes` (> 0) in
 * `carved`, the slab of its size class (replaced when full).
 */
function carve(bytes: number): number {
  const size = (bytes + 7) & ~7;
  const c = 32 - Math.clz32(size - 1);
  let slab = slabs[c];
  let at = used[c];
  if (at + size > slab.byteLength) {
    slab = slabs[c] = new ArrayBuffer(PER_SLAB << c);
    at = 0;
  }
  used[c] = at + size;
  carved = slab;
  return at;
}

/**
 * A zero-filled `Float64Array` of length `n`.
 *
 * @example
 * ```ts
 * import { allocFloat64 } from "./_alloc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(allocFloat64(3)), [0, 0, 0]);
 * ```
 */
export function allocFloat64(n: number): Float64Array {
  const bytes = n * 8;
  if (bytes > MAX_CARVED_BYTES || bytes === 0) return new Float64Array(n);
  const at = carve(bytes);
  return new Float64Array(carved, at, n);
}

/**
 * A zero-filled `Float32Array` of length `n`.
 *
 * @example
 * ```ts
 * import { allocFloat32 } from "./_alloc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(allocFloat32(2)), [0, 0]);
 * ```
 */
export function allocFloat32(n: number): Float32Array {
  const bytes = n * 4;
  if (bytes > MAX_CARVED_BYTES || bytes === 0) return new Float32Array(n);
  const at = carve(bytes);
  return new Float32Array(carved, at, n);
}

/**
 * A zero-filled `Int32Array` of length `n` (index maps).
 *
 * @example
 * ```ts
 * import { allocInt32 } from "./_alloc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(allocInt32(4).length, 4);
 * ```
 */
export function allocInt32(n: number): Int32Array {
  const bytes = n * 4;
  if (bytes > MAX_CARVED_BYTES || bytes === 0) return new Int32Array(n);
  const at = carve(bytes);
  return new Int32Array(carved, at, n);
}

/**
 * A copy of `src` of the same type (`slice()`, but carved when small).
 *
 * @example
 * ```ts
 * import { copyStorage } from "./_alloc.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const src = new Float32Array([1, 2]);
 * const copy = copyStorage(src);
 * assertEquals(copy instanceof Float32Array, true);
 * assertEquals(Array.from(copy), [1, 2]);
 * ```
 */
export function copyStorage<T extends Float64Array | Float32Array>(src: T): T {
  const n = src.length;
  const out =
    (src instanceof Float32Array ? allocFloat32(n) : allocFloat64(n)) as T;
  if (n < 32) { for (let i = 0; i < n; i++) out[i] = src[i]; }
  else out.set(src);
  return out;
}

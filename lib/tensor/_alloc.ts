/**
 * Zero-filled typed arrays for tensor storage and scratch, cheap when small.
 *
 * Why: in Deno's V8 every `new Float64Array(n)` gets its own off-heap
 * `ArrayBuffer`, which costs about 1 µs however small `n` is (allocation,
 * zeroing, external-memory accounting, sweeping) — more than the arithmetic
 * of a whole op on a 10-element vector. Small arrays are therefore carved as
 * views out of a shared slab, which costs a few tens of ns. Slabs are never
 * reused: each carved region is fresh (hence zero), and a slab is freed by
 * the garbage collector when its last view dies. The price is that a small
 * array kept alive keeps its whole slab (at most `SLAB_BYTES`) alive, so
 * slabs are kept small and only arrays up to `MAX_CARVED_BYTES` are carved.
 *
 * @module
 */

/** Size of one shared slab. */
const SLAB_BYTES = 16384;
/** Arrays larger than this get their own buffer (allocation cost is then small relative to the work). */
const MAX_CARVED_BYTES = 2048;

let slab = new ArrayBuffer(SLAB_BYTES);
let used = 0;

/**
 * Byte offset of a fresh, 8-byte aligned region of `bytes` in `slab`. It may
 * replace `slab`, so read `slab` only after calling it.
 */
function carve(bytes: number): number {
  if (used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const at = used;
  used += (bytes + 7) & ~7;
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
  if (bytes > MAX_CARVED_BYTES) return new Float64Array(n);
  const at = carve(bytes);
  return new Float64Array(slab, at, n);
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
  if (bytes > MAX_CARVED_BYTES) return new Float32Array(n);
  const at = carve(bytes);
  return new Float32Array(slab, at, n);
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
  if (bytes > MAX_CARVED_BYTES) return new Int32Array(n);
  const at = carve(bytes);
  return new Int32Array(slab, at, n);
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

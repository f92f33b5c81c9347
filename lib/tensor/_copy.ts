/**
 * Block copy between typed arrays, the inner loop of every shape op.
 *
 * @module
 */

/** Blocks shorter than this are copied by a loop: `subarray` allocates. */
const SET_THRESHOLD = 32;

/**
 * Copies `n` consecutive elements of `src` from `srcOffset` into `dst` at
 * `dstOffset` (converting between float32 and float64 as needed).
 */
export function copyBlock(
  src: Float64Array | Float32Array,
  srcOffset: number,
  dst: Float64Array | Float32Array,
  dstOffset: number,
  n: number,
): void {
  if (n < SET_THRESHOLD) {
    for (let i = 0; i < n; i++) dst[dstOffset + i] = src[srcOffset + i];
  } else {
    dst.set(src.subarray(srcOffset, srcOffset + n), dstOffset);
  }
}

/** Adds `n` consecutive elements of `src` into `dst` (`dst += src`). */
export function addBlock(
  src: Float64Array | Float32Array,
  srcOffset: number,
  dst: Float64Array | Float32Array,
  dstOffset: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) dst[dstOffset + i] += src[srcOffset + i];
}

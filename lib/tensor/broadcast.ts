/**
 * NumPy broadcasting: the shape two operands broadcast to, and index maps
 * from output elements back to each operand.
 *
 * @module
 */
import { formatShape, shapeSize, type Storage, Tensor } from "./tensor.ts";

/**
 * The broadcast shape of two shapes (NumPy rules: align from the right; sizes
 * must be equal or 1).
 *
 * @throws {RangeError} naming the first mismatching dimension, PyTorch-style.
 *
 * @example
 * ```ts
 * import { broadcastShapes } from "./broadcast.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(broadcastShapes([32, 1, 10], [24, 1]), [32, 24, 10]);
 * ```
 */
export function broadcastShapes(
  a: readonly number[],
  b: readonly number[],
): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(
        `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i} (shapes ${
          formatShape(a)
        } and ${formatShape(b)})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For each element of a tensor of shape `outShape`, the offset of the element
 * of `shape` it reads under broadcasting; `null` when `shape` equals
 * `outShape` (the identity map).
 *
 * @example
 * ```ts
 * import { broadcastIndex } from "./broadcast.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(broadcastIndex([3], [2, 3])!), [0, 1, 2, 0, 1, 2]);
 * ```
 */
export function broadcastIndex(
  shape: readonly number[],
  outShape: readonly number[],
): Int32Array | null {
  const n = shapeSize(outShape);
  if (shapeSize(shape) === n) return null;
  const map = new Int32Array(n);
  if (shapeSize(shape) === 1) return map;
  const nd = outShape.length;
  const strides = new Array<number>(nd).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const j = nd - shape.length + i;
    strides[j] = shape[i] === 1 ? 0 : s;
    s *= shape[i];
  }
  const counter = new Array<number>(nd).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    map[i] = offset;
    for (let d = nd - 1; d >= 0; d--) {
      counter[d]++;
      offset += strides[d];
      if (counter[d] < outShape[d]) break;
      offset -= strides[d] * counter[d];
      counter[d] = 0;
    }
  }
  return map;
}

/** Values of `t` expanded to the broadcast shape (or `t.data` itself for the identity map). */
export function expandData(
  t: Tensor,
  map: Int32Array | null,
  n: number,
): Storage {
  if (map === null) return t.data;
  const out = t.data instanceof Float32Array
    ? new Float32Array(n)
    : new Float64Array(n);
  const src = t.data;
  for (let i = 0; i < n; i++) out[i] = src[map[i]];
  return out;
}

/** Sums a gradient of the broadcast shape back to the operand's shape (`map` as from {@linkcode broadcastIndex}). */
export function reduceGrad(
  g: Float64Array,
  map: Int32Array | null,
  size: number,
): Float64Array {
  if (map === null) return g;
  const out = new Float64Array(size);
  for (let i = 0; i < g.length; i++) out[map[i]] += g[i];
  return out;
}

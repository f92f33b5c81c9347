/**
 * NumPy broadcasting: the shape two operands broadcast to, and index maps
 * from output elements back to each operand.
 *
 * @module
 */
import { allocFloat32, allocFloat64, allocInt32 } from "./_alloc.ts";
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
  const map = allocInt32(n);
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
    ? allocFloat32(n)
    : allocFloat64(n);
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
  const out = allocFloat64(size);
  for (let i = 0; i < g.length; i++) out[map[i]] += g[i];
  return out;
}

/**
 * When broadcasting `shape` to `outShape` only repeats its values (its
 * leading dims are 1 or missing and the rest equal `outShape`'s trailing
 * dims — a scalar, a bias vector added to every row), the length of the
 * repeated block: element `i` of the output reads element `i % period`.
 * Otherwise -1. Lets element-wise ops skip the index map of
 * {@linkcode broadcastIndex}.
 *
 * @example
 * ```ts
 * import { repeatPeriod } from "./broadcast.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(repeatPeriod([10], [25, 10]), 10);
 * assertEquals(repeatPeriod([], [25, 10]), 1);
 * assertEquals(repeatPeriod([25, 1], [25, 10]), -1);
 * ```
 */
export function repeatPeriod(
  shape: readonly number[],
  outShape: readonly number[],
): number {
  const lead = outShape.length - shape.length;
  if (lead < 0) return -1;
  let j = 0;
  while (j < shape.length && shape[j] === 1) j++;
  let period = 1;
  for (; j < shape.length; j++) {
    if (shape[j] !== outShape[lead + j]) return -1;
    period *= shape[j];
  }
  return period;
}

/** `src` (of length `period`) repeated to length `n`, in storage of its type. */
export function repeatData(src: Storage, period: number, n: number): Storage {
  const out = src instanceof Float32Array ? allocFloat32(n) : allocFloat64(n);
  if (period === 1) return out.fill(src[0]);
  for (let o = 0; o < n; o += period) {
    for (let j = 0; j < period; j++) out[o + j] = src[j];
  }
  return out;
}

/** Sums a gradient of the output back onto a repeated block of length `period` (the adjoint of {@linkcode repeatData}). */
export function reduceRepeated(g: Float64Array, period: number): Float64Array {
  const out = allocFloat64(period);
  for (let o = 0; o < g.length; o += period) {
    for (let j = 0; j < period; j++) out[j] += g[o + j];
  }
  return out;
}

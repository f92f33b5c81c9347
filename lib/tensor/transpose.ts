/**
 * Reordering dimensions: `permute`, `transpose`, and `t` (PyTorch's `.T` for
 * matrices). The result is a contiguous copy; the gradient is permuted back.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { allocFloat64 } from "./_alloc.ts";
import { copyBlock } from "./_copy.ts";
import { intArgs } from "./_shape_args.ts";
import {
  formatShape,
  normalizeDim,
  type Storage,
  type Tensor,
} from "./tensor.ts";

/**
 * The same permutation on fewer dims: size-1 dims dropped, and input dims
 * that stay neighbours in the output merged (a `[T, B, D]` → `[B, T, D]`
 * permute becomes a transpose of `[T, B]` blocks of D).
 */
function simplify(
  shape: readonly number[],
  perm: readonly number[],
): { shape: number[]; perm: number[] } {
  // Input dims of size > 1, renumbered 0.. (dropping size-1 dims makes
  // their neighbours adjacent).
  const rank = new Array<number>(shape.length);
  const sizes: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] !== 1) {
      rank[d] = sizes.length;
      sizes.push(shape[d]);
    }
  }
  const kept = perm.filter((p) => shape[p] !== 1).map((p) => rank[p]);
  // Groups of input dims that are consecutive in the output, in output order.
  const groups: { first: number; size: number }[] = [];
  for (let k = 0; k < kept.length; k++) {
    const p = kept[k];
    const last = groups[groups.length - 1];
    if (k > 0 && p === kept[k - 1] + 1) last.size *= sizes[p];
    else groups.push({ first: p, size: sizes[p] });
  }
  const byInput = [...groups].sort((a, b) => a.first - b.first);
  return {
    shape: byInput.map((g) => g.size),
    perm: groups.map((g) => byInput.indexOf(g)),
  };
}

/**
 * Writes `src` (of `shape`) with its dimensions reordered by `perm` into
 * `dst`: output dim `i` is input dim `perm[i]`.
 */
function permuteInto(
  src: Storage,
  fullShape: readonly number[],
  fullPerm: readonly number[],
  dst: Storage,
): void {
  const n = dst.length;
  if (n === 0) return;
  // A matrix transpose (`.T`, every step of a didactic RNN) needs no
  // simplification: that costs more than moving 100 elements.
  if (fullShape.length === 2 && fullPerm[0] === 1) {
    transpose2d(src, fullShape[0], fullShape[1], dst);
    return;
  }
  const { shape, perm } = simplify(fullShape, fullPerm);
  const nd = shape.length;
  if (nd <= 1) {
    copyBlock(src, 0, dst, 0, n);
    return;
  }
  if (nd === 2) {
    transpose2d(src, shape[0], shape[1], dst);
    return;
  }
  const inStride = new Array<number>(nd);
  let s = 1;
  for (let d = nd - 1; d >= 0; d--) {
    inStride[d] = s;
    s *= shape[d];
  }
  // Odometer over the output's outer dims; the innermost output dim is a
  // strided run of the input (or a contiguous block when it is the input's
  // last dim).
  const outShape = perm.map((p) => shape[p]);
  const stride = perm.map((p) => inStride[p]);
  const last = nd - 1;
  const runLen = outShape[last], runStride = stride[last];
  const counter = new Array<number>(nd).fill(0);
  let base = 0;
  for (let o = 0; o < n; o += runLen) {
    if (runStride === 1) copyBlock(src, base, dst, o, runLen);
    else {
      for (let k = 0, p = base; k < runLen; k++, p += runStride) {
        dst[o + k] = src[p];
      }
    }
    for (let d = last - 1; d >= 0; d--) {
      base += stride[d];
      if (++counter[d] < outShape[d]) break;
      base -= stride[d] * outShape[d];
      counter[d] = 0;
    }
  }
}

/** Writes the transpose of the row-major `rows`×`cols` matrix `src` into `dst`. */
function transpose2d(
  src: Storage,
  rows: number,
  cols: number,
  dst: Storage,
): void {
  for (let j = 0; j < cols; j++) {
    const o = j * rows;
    for (let i = 0; i < rows; i++) dst[o + i] = src[i * cols + j];
  }
}

function permuteOp(x: Tensor, perm: readonly number[], name: string): Tensor {
  const shape = perm.map((p) => x.shape[p]);
  const out = resultStorage(x.data.length, x);
  permuteInto(x.data, x.shape, perm, out);
  const inverse = new Array<number>(perm.length);
  for (let i = 0; i < perm.length; i++) inverse[perm[i]] = i;
  return fromOp(out, shape, name, [x], (g) => {
    const gx = allocFloat64(g.length);
    permuteInto(g, shape, inverse, gx);
    return [gx];
  });
}

/**
 * `x` with its dimensions reordered: result dim `i` is `x`'s dim `dims[i]`
 * (PyTorch's `permute`).
 *
 * @param x The tensor.
 * @param dims A permutation of `0..x.ndim-1` (negative counts from the end),
 *   as arguments or one array.
 * @returns A new contiguous tensor.
 * @throws {TypeError} if `dims` is not a permutation of `x`'s dimensions.
 * @throws {RangeError} if a dim is out of range.
 *
 * @example
 * ```ts
 * import { permute } from "./transpose.ts";
 * import { zeros } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(permute(zeros(2, 3, 4), [2, 0, 1]).shape, [4, 2, 3]);
 * assertEquals(permute(zeros(2, 3, 4), 1, 0, -1).shape, [3, 2, 4]);
 * ```
 */
export function permute(
  x: Tensor,
  ...dims: number[] | [readonly number[]]
): Tensor {
  const list = intArgs("permute", "dims", dims);
  const nd = x.shape.length;
  if (list.length !== nd) {
    throw new TypeError(
      `permute(): number of dims don't match: the tensor of shape ${
        formatShape(x.shape)
      } has ${nd} dims but dims ${formatShape(list)} has ${list.length}`,
    );
  }
  const perm = list.map((d) => normalizeDim(d, nd));
  const seen = new Set(perm);
  if (seen.size !== nd) {
    throw new TypeError(
      `permute(): repeated dim in dims ${formatShape(list)}`,
    );
  }
  return permuteOp(x, perm, "permute");
}

/**
 * `x` with dimensions `dim0` and `dim1` swapped (PyTorch's `transpose`).
 *
 * @param x The tensor.
 * @param dim0 One dimension (negative counts from the end).
 * @param dim1 The other dimension.
 * @returns A new contiguous tensor.
 * @throws {RangeError} if a dim is out of range.
 *
 * @example
 * ```ts
 * import { transpose } from "./transpose.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(transpose(tensor([[1, 2, 3]]), 0, 1).tolist(), [[1], [2], [3]]);
 * ```
 */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const nd = x.shape.length;
  const a = normalizeDim(dim0, nd), b = normalizeDim(dim1, nd);
  const perm = Array.from({ length: nd }, (_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permuteOp(x, perm, "transpose");
}

/**
 * The transpose of a matrix; 0-d and 1-D tensors are returned unchanged (as
 * a new graph node sharing storage), as PyTorch's `t()` and `.T` do.
 *
 * @param x A tensor with at most 2 dimensions.
 * @returns The transposed tensor.
 * @throws {TypeError} if `x` has more than 2 dimensions.
 *
 * @example
 * ```ts
 * import { t } from "./transpose.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(t(tensor([[1, 2], [3, 4]])).tolist(), [[1, 3], [2, 4]]);
 * assertEquals(t(tensor([1, 2])).tolist(), [1, 2]);
 * ```
 */
export function t(x: Tensor): Tensor {
  const nd = x.shape.length;
  if (nd > 2) {
    throw new TypeError(
      `t() expects a tensor with <= 2 dimensions, but got shape ${
        formatShape(x.shape)
      } (${nd}-D); use permute() or transpose()`,
    );
  }
  if (nd < 2) return fromOp(x.data, x.shape, "t", [x], (g) => [g]);
  return permuteOp(x, [1, 0], "t");
}

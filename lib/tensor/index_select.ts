/**
 * `indexSelect`: gathering entries along one dimension by a list of indices.
 *
 * @module
 */
import { allocFloat64, allocInt32 } from "./_alloc.ts";
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { addBlock, copyBlock } from "./_copy.ts";
import { normalizeDim, shapeSize, Tensor } from "./tensor.ts";

/**
 * The entries `indices` (in that order, repeats allowed) along dimension `dim`
 * (PyTorch's `index_select`): `indexSelect(x, 0, [2, 0])` is `x[[2, 0]]`.
 * Differentiable: gradients of repeated indices add up.
 *
 * @param x The tensor.
 * @param dim The dimension (negative counts from the end).
 * @param indices Integer indices (negative counts from the end), as an array,
 *   typed array or 1-D tensor.
 * @returns A tensor whose size along `dim` is `indices.length`.
 * @throws {TypeError} if an index is not an integer.
 * @throws {RangeError} if `dim` or an index is out of range.
 *
 * @example
 * ```ts
 * import { indexSelect } from "./index_select.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = tensor([[1, 2], [3, 4], [5, 6]]);
 * assertEquals(indexSelect(x, 0, [2, 0]).tolist(), [[5, 6], [1, 2]]);
 * assertEquals(indexSelect(x, 1, [1]).tolist(), [[2], [4], [6]]);
 * ```
 */
export function indexSelect(
  x: Tensor,
  dim: number,
  indices: readonly number[] | ArrayLike<number> | Tensor,
): Tensor {
  const d = normalizeDim(dim, x.shape.length);
  const size = x.shape.length === 0 ? 1 : x.shape[d];
  const list = indices instanceof Tensor ? indices.data : indices;
  const m = list.length;
  const idx = allocInt32(m);
  for (let k = 0; k < m; k++) {
    const i = list[k];
    if (!Number.isInteger(i)) {
      throw new TypeError(
        `indexSelect(): indices must be integers, but got ${i} at position ${k}`,
      );
    }
    if (i < -size || i >= size) {
      throw new RangeError(
        `index ${i} is out of bounds for dimension ${d} with size ${size}`,
      );
    }
    idx[k] = i < 0 ? i + size : i;
  }
  const outer = shapeSize(x.shape.slice(0, d));
  const inner = shapeSize(x.shape.slice(d + 1));
  const shape = x.shape.length === 0 ? [m] : [...x.shape];
  if (x.shape.length > 0) shape[d] = m;
  const out = resultStorage(outer * m * inner, x);
  const src = x.data;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < m; k++) {
      copyBlock(
        src,
        (o * size + idx[k]) * inner,
        out,
        (o * m + k) * inner,
        inner,
      );
    }
  }
  return fromOp(out, shape, "indexSelect", [x], (g) => {
    const gx = allocFloat64(src.length);
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < m; k++) {
        addBlock(
          g,
          (o * m + k) * inner,
          gx,
          (o * size + idx[k]) * inner,
          inner,
        );
      }
    }
    return [gx];
  });
}

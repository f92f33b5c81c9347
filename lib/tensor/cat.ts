/**
 * `cat`: joining tensors along an existing dimension.
 *
 * @module
 */
import { concatBlocks } from "./_concat.ts";
import { formatShape, normalizeDim, shapeSize, type Tensor } from "./tensor.ts";

/**
 * Concatenates tensors along dimension `dim` (PyTorch's `torch.cat`); their
 * shapes must match in every other dimension.
 *
 * @param tensors At least one tensor of at least one dimension; float32 only
 *   if all are float32.
 * @param dim The dimension to join along (default 0; negative counts from the end).
 * @returns A tensor whose size along `dim` is the sum of the inputs' sizes.
 * @throws {RangeError} if `tensors` is empty or `dim` is out of range.
 * @throws {TypeError} if a tensor is 0-d, or shapes differ outside `dim`
 *   (naming both entries).
 *
 * @example
 * ```ts
 * import { cat } from "./cat.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const a = tensor([[1, 2]]), b = tensor([[3, 4], [5, 6]]);
 * assertEquals(cat([a, b]).tolist(), [[1, 2], [3, 4], [5, 6]]);
 * assertEquals(cat([b, b], 1).shape, [2, 4]);
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) {
    throw new RangeError("cat expects a non-empty list of tensors, got []");
  }
  const shape = tensors[0].shape;
  for (let k = 0; k < tensors.length; k++) {
    if (tensors[k].shape.length === 0) {
      throw new TypeError(
        `zero-dimensional tensor (at entry ${k}) cannot be concatenated; use stack()`,
      );
    }
  }
  const d = normalizeDim(dim, shape.length);
  let total = 0;
  for (let k = 0; k < tensors.length; k++) {
    const s = tensors[k].shape;
    if (
      s.length !== shape.length || s.some((v, i) => i !== d && v !== shape[i])
    ) {
      throw new TypeError(
        `cat expects tensors to have the same shape except in dimension ${d}, but got ${
          formatShape(shape)
        } at entry 0 and ${formatShape(s)} at entry ${k}`,
      );
    }
    total += s[d];
  }
  const outer = shapeSize(shape.slice(0, d));
  const inner = shapeSize(shape.slice(d + 1));
  const blocks = tensors.map((x) => x.shape[d] * inner);
  const outShape = [...shape];
  outShape[d] = total;
  return concatBlocks(tensors, blocks, outer, outShape, "cat");
}

/**
 * `stack`: joining equal-shaped tensors along a new dimension.
 *
 * @module
 */
import { concatBlocks } from "./_concat.ts";
import { formatShape, normalizeDim, shapeSize, type Tensor } from "./tensor.ts";

/**
 * Stacks tensors of equal shape along a new dimension `dim` (PyTorch's
 * `torch.stack`); `dim` ranges over `[-ndim - 1, ndim]`.
 *
 * @param tensors Tensors of one shape; float32 only if all are float32.
 * @param dim Position of the new dimension (default 0).
 * @returns A tensor of shape `shape[:dim] + [tensors.length] + shape[dim:]`.
 * @throws {RangeError} if `tensors` is empty or `dim` is out of range.
 * @throws {TypeError} if two shapes differ (naming both entries).
 *
 * @example
 * ```ts
 * import { stack } from "./stack.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const a = tensor([1, 2]), b = tensor([3, 4]);
 * assertEquals(stack([a, b]).tolist(), [[1, 2], [3, 4]]);
 * assertEquals(stack([a, b], 1).tolist(), [[1, 3], [2, 4]]);
 * ```
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) {
    throw new RangeError("stack expects a non-empty list of tensors, got []");
  }
  const shape = tensors[0].shape;
  for (let k = 1; k < tensors.length; k++) {
    const s = tensors[k].shape;
    if (s.length !== shape.length || s.some((v, i) => v !== shape[i])) {
      throw new TypeError(
        `stack expects each tensor to be equal size, but got ${
          formatShape(shape)
        } at entry 0 and ${formatShape(s)} at entry ${k}`,
      );
    }
  }
  const d = normalizeDim(dim, shape.length + 1);
  const outer = shapeSize(shape.slice(0, d));
  const inner = shapeSize(shape.slice(d));
  const outShape = [...shape.slice(0, d), tensors.length, ...shape.slice(d)];
  const blocks = new Array<number>(tensors.length).fill(inner);
  return concatBlocks(tensors, blocks, outer, outShape, "stack");
}

/**
 * `setIndex`: in-place assignment into an indexed region, PyTorch's
 * `x[specs] = value` (outside the autograd graph).
 *
 * @module
 */
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { fillRegion, resolveRegion, scatter, type Spec } from "./_region.ts";
import { broadcastIndex, expandData } from "./broadcast.ts";
import { formatShape, Tensor } from "./tensor.ts";

/**
 * Writes `value` into the region of `x` selected by `specs` (same specs as
 * `index`), broadcasting it to the region's shape: `setIndex(h, [i + 1], v)`
 * is PyTorch's `h[i + 1] = v`. Not differentiable: it refuses to write into a
 * tensor that requires grad, or to drop the gradient of a `value` that
 * requires grad, while grad mode is on (use `noGrad`, or build the tensor
 * with `stack`/`cat`).
 *
 * @param x The tensor to modify in place.
 * @param specs The region, as for `index` (`[]` is the whole tensor).
 * @param value A number, or a tensor broadcastable to the region's shape.
 * @returns `x`.
 * @throws {TypeError} if grad mode is on and `x` or `value` requires grad, or
 *   `value` does not broadcast to the region's shape.
 * @throws {RangeError} if an index is out of bounds.
 *
 * @example
 * ```ts
 * import { setIndex } from "./set_index.ts";
 * import { tensor, zeros } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const h = zeros(3, 2);
 * setIndex(h, [1], tensor([5, 6]));
 * setIndex(h, [":", 0], 7);
 * assertEquals(h.tolist(), [[7, 0], [7, 6], [7, 0]]);
 * ```
 */
export function setIndex(
  x: Tensor,
  specs: readonly Spec[],
  value: Tensor | number,
): Tensor {
  if (isGradEnabled()) {
    if (x.requiresGrad) {
      throw new TypeError(
        `setIndex(): a ${
          x.isLeaf ? "leaf " : ""
        }tensor that requires grad (shape ${
          formatShape(x.shape)
        }) is being used in an in-place operation; wrap the update in noGrad(), or build the tensor with stack()/cat()`,
      );
    }
    if (value instanceof Tensor && value.requiresGrad) {
      throw new TypeError(
        `setIndex() is not differentiable: the value (shape ${
          formatShape(value.shape)
        }) requires grad and its gradient would be lost; build the tensor with stack()/cat(), or assign detach(value)`,
      );
    }
  }
  const region = resolveRegion("setIndex", x.shape, specs);
  if (typeof value === "number") {
    fillRegion(x.data, region, value);
    return x;
  }
  if (!(value instanceof Tensor)) {
    throw new TypeError(
      `setIndex(): value must be a Tensor or a number, got ${
        value === null ? "null" : typeof value
      }`,
    );
  }
  // Leading size-1 dims of the value may exceed the region's rank (as in PyTorch).
  let shape: readonly number[] = value.shape;
  let lead = 0;
  while (shape.length - lead > region.outShape.length && shape[lead] === 1) {
    lead++;
  }
  shape = shape.slice(lead);
  const out = region.outShape;
  const fits = shape.length <= out.length &&
    shape.every((s, i) => s === 1 || s === out[out.length - shape.length + i]);
  if (!fits) {
    throw new TypeError(
      `setIndex(): shape mismatch: value tensor of shape ${
        formatShape(value.shape)
      } cannot be broadcast to indexing result of shape ${formatShape(out)}`,
    );
  }
  const src = expandData(value, broadcastIndex(shape, out), region.size);
  scatter(x.data, region, src);
  return x;
}

/**
 * Shape changes that keep the row-major order of the elements: `reshape`
 * (`view`), `flatten`, `unsqueeze`, `squeeze`. The result shares storage with
 * its input (as PyTorch views do); gradients pass through unchanged.
 *
 * @module
 */
import { fromOp } from "../autograd/from_op.ts";
import { intArgs } from "./_shape_args.ts";
import { formatShape, normalizeDim, type Tensor } from "./tensor.ts";

/** A view of `x` with another shape (same storage, same gradient). */
function viewAs(x: Tensor, shape: readonly number[], name: string): Tensor {
  return fromOp(x.data, shape, name, [x], (g) => [g]);
}

/**
 * Resolves a requested shape (at most one `-1`) for `numel` elements.
 * @throws {RangeError} if the shape cannot hold exactly `numel` elements.
 */
function inferShape(requested: readonly number[], numel: number): number[] {
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < requested.length; i++) {
    const s = requested[i];
    if (s === -1) {
      if (inferred >= 0) {
        throw new RangeError(
          `only one dimension can be inferred, but shape '${
            formatShape(requested)
          }' has several -1`,
        );
      }
      inferred = i;
    } else if (s < 0) {
      throw new RangeError(
        `invalid shape dimension ${s} in shape '${formatShape(requested)}'`,
      );
    } else known *= s;
  }
  const shape = [...requested];
  if (inferred >= 0) {
    if (known === 0) {
      throw new RangeError(
        `cannot reshape tensor of 0 elements into shape '${
          formatShape(requested)
        }' because the unspecified dimension size -1 can be any value and is ambiguous`,
      );
    }
    if (numel % known === 0) {
      shape[inferred] = numel / known;
      return shape;
    }
  } else if (known === numel) return shape;
  throw new RangeError(
    `shape '${formatShape(requested)}' is invalid for input of size ${numel}`,
  );
}

/**
 * `x` with a new shape holding the same elements in the same row-major order
 * (PyTorch's `reshape`/`view`). One size may be `-1`: it is inferred. The
 * result shares storage with `x`.
 *
 * @param x The tensor to reshape.
 * @param shape The new sizes, as arguments (`2, 3`) or one array (`[2, 3]`).
 * @returns A tensor of the new shape.
 * @throws {TypeError} if a size is not an integer.
 * @throws {RangeError} if the shape cannot hold `x.numel()` elements.
 *
 * @example
 * ```ts
 * import { reshape } from "./reshape.ts";
 * import { arange } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(reshape(arange(6), [2, 3]).tolist(), [[0, 1, 2], [3, 4, 5]]);
 * assertEquals(reshape(arange(6), 3, -1).shape, [3, 2]);
 * ```
 */
export function reshape(
  x: Tensor,
  ...shape: number[] | [readonly number[]]
): Tensor {
  const requested = intArgs("reshape", "shape", shape);
  return viewAs(x, inferShape(requested, x.data.length), "reshape");
}

/**
 * Alias of {@linkcode reshape} (our tensors are always contiguous).
 *
 * @param x The tensor to view.
 * @param shape The new sizes, as arguments or one array; one may be `-1`.
 * @returns A tensor of the new shape sharing storage with `x`.
 * @throws {RangeError} if the shape cannot hold `x.numel()` elements.
 *
 * @example
 * ```ts
 * import { view } from "./reshape.ts";
 * import { arange } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(view(arange(4), -1, 1).shape, [4, 1]);
 * ```
 */
export function view(
  x: Tensor,
  ...shape: number[] | [readonly number[]]
): Tensor {
  const requested = intArgs("view", "shape", shape);
  return viewAs(x, inferShape(requested, x.data.length), "view");
}

/**
 * Merges dimensions `startDim..endDim` (inclusive, negative counts from the
 * end) into one (PyTorch's `flatten`). A 0-d tensor becomes shape `[1]`.
 *
 * @param x The tensor to flatten.
 * @param startDim First dimension to merge (default 0).
 * @param endDim Last dimension to merge (default -1).
 * @returns A tensor sharing storage with `x`.
 * @throws {RangeError} if a dim is out of range or `startDim` comes after `endDim`.
 *
 * @example
 * ```ts
 * import { flatten } from "./reshape.ts";
 * import { zeros } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(flatten(zeros(2, 3, 4)).shape, [24]);
 * assertEquals(flatten(zeros(2, 3, 4), 1).shape, [2, 12]);
 * ```
 */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  const nd = x.shape.length;
  const s = normalizeDim(startDim, nd), e = normalizeDim(endDim, nd);
  if (nd === 0) return viewAs(x, [1], "flatten");
  if (s > e) {
    throw new RangeError(
      `flatten() has invalid args: start_dim (${startDim}) cannot come after end_dim (${endDim}) for shape ${
        formatShape(x.shape)
      }`,
    );
  }
  let merged = 1;
  for (let i = s; i <= e; i++) merged *= x.shape[i];
  const shape = [...x.shape.slice(0, s), merged, ...x.shape.slice(e + 1)];
  return viewAs(x, shape, "flatten");
}

/**
 * Inserts a dimension of size 1 at `dim` (PyTorch's `unsqueeze`); `dim` may
 * range over `[-x.ndim - 1, x.ndim]`.
 *
 * @param x The tensor.
 * @param dim Position of the new dimension in the result.
 * @returns A tensor sharing storage with `x`.
 * @throws {RangeError} if `dim` is out of range.
 *
 * @example
 * ```ts
 * import { unsqueeze } from "./reshape.ts";
 * import { zeros } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(unsqueeze(zeros(3), 0).shape, [1, 3]);
 * assertEquals(unsqueeze(zeros(3), -1).shape, [3, 1]);
 * ```
 */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return viewAs(x, shape, "unsqueeze");
}

/**
 * Removes dimensions of size 1: all of them, or only `dim` (left unchanged
 * when its size is not 1), as PyTorch's `squeeze`.
 *
 * @param x The tensor.
 * @param dim The dimension to remove (negative counts from the end).
 * @returns A tensor sharing storage with `x`.
 * @throws {RangeError} if `dim` is out of range.
 *
 * @example
 * ```ts
 * import { squeeze } from "./reshape.ts";
 * import { zeros } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(squeeze(zeros(1, 3, 1)).shape, [3]);
 * assertEquals(squeeze(zeros(1, 3, 1), 0).shape, [3, 1]);
 * assertEquals(squeeze(zeros(1, 3, 1), 1).shape, [1, 3, 1]);
 * ```
 */
export function squeeze(x: Tensor, dim?: number): Tensor {
  let shape: number[];
  if (dim === undefined) shape = x.shape.filter((s) => s !== 1);
  else {
    const d = normalizeDim(dim, x.shape.length);
    shape = [...x.shape];
    if (shape[d] === 1) shape.splice(d, 1);
  }
  return viewAs(x, shape, "squeeze");
}

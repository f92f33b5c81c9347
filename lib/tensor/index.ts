/**
 * Basic indexing, differentiable: `index` (PyTorch's `x[...]`), `select` and
 * `narrow`. Results are copies; the gradient is scattered back into zeros.
 * Also re-exports `setIndex` (in-place assignment) and `indexSelect` (gather
 * by a list of indices), which live in their own files.
 *
 * @module
 */
import { allocFloat64 } from "./_alloc.ts";
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { gather, type Region, resolveRegion, scatter } from "./_region.ts";
import type { Spec } from "./_region.ts";
import { normalizeDim, type Tensor } from "./tensor.ts";

export type { Slice, Spec } from "./_region.ts";
export { setIndex } from "./set_index.ts";
export { indexSelect } from "./index_select.ts";

function regionOp(x: Tensor, region: Region, name: string): Tensor {
  const out = resultStorage(region.size, x);
  gather(x.data, region, out);
  const n = x.data.length;
  return fromOp(out, region.outShape, name, [x], (g) => {
    const gx = allocFloat64(n);
    scatter(gx, region, g);
    return [gx];
  });
}

/**
 * NumPy/PyTorch basic indexing: `index(x, ":", 1)` is `x[:, 1]`. Each spec
 * indexes one dimension: an integer selects one entry and removes the dim
 * (negative counts from the end); a slice string (`":"`, `"0:24"`, `"-3:"`,
 * `"::2"`) or `{ start, stop, step }` keeps it; `null` is `":"`; `"..."`
 * stands for as many `":"` as needed. Missing trailing specs are `":"`.
 *
 * @param x The tensor to index.
 * @param specs One spec per leading dimension.
 * @returns A new tensor (a copy); gradients flow back into the selected entries.
 * @throws {RangeError} if an integer index is out of bounds (naming dim and
 *   size), there are more specs than dims, or a step is not positive.
 * @throws {TypeError} if a spec is malformed.
 *
 * @example
 * ```ts
 * import { index } from "./index.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const data = tensor([[1, 2], [3, 4], [5, 6]]);
 * assertEquals(index(data, ":", 1).tolist(), [2, 4, 6]);
 * assertEquals(index(data, "0:2").tolist(), [[1, 2], [3, 4]]);
 * assertEquals(index(data, -1).tolist(), [5, 6]);
 * assertEquals(index(data, "::2", 0).tolist(), [1, 5]);
 * ```
 */
export function index(x: Tensor, ...specs: Spec[]): Tensor {
  return regionOp(x, resolveRegion("index", x.shape, specs), "index");
}

/**
 * Entry `i` along dimension `dim`, with that dimension removed (PyTorch's
 * `select`): `select(x, 1, 0)` is `x[:, 0]`.
 *
 * @param x The tensor.
 * @param dim The dimension (negative counts from the end).
 * @param i The entry (negative counts from the end).
 * @returns A new tensor with one dimension fewer.
 * @throws {RangeError} if `dim` or `i` is out of range.
 *
 * @example
 * ```ts
 * import { select } from "./index.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(select(tensor([[1, 2], [3, 4]]), 1, 0).tolist(), [1, 3]);
 * ```
 */
export function select(x: Tensor, dim: number, i: number): Tensor {
  const d = normalizeDim(dim, x.shape.length);
  const specs: Spec[] = new Array<Spec>(d).fill(null);
  specs.push(i);
  return regionOp(x, resolveRegion("select", x.shape, specs), "select");
}

/**
 * `length` consecutive entries from `start` along dimension `dim` (PyTorch's
 * `narrow`): `narrow(x, 0, 2, 3)` is `x[2:5]`.
 *
 * @param x The tensor.
 * @param dim The dimension (negative counts from the end).
 * @param start First entry (negative counts from the end).
 * @param length Number of entries.
 * @returns A new tensor with `length` entries along `dim`.
 * @throws {RangeError} if the range does not fit in the dimension.
 *
 * @example
 * ```ts
 * import { narrow } from "./index.ts";
 * import { arange } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(narrow(arange(6), 0, 2, 3).tolist(), [2, 3, 4]);
 * ```
 */
export function narrow(
  x: Tensor,
  dim: number,
  start: number,
  length: number,
): Tensor {
  const d = normalizeDim(dim, x.shape.length);
  const size = x.shape[d];
  if (!Number.isInteger(start) || start < -size || start > size) {
    throw new RangeError(
      `narrow(): start (${start}) is out of range for dimension ${d} with size ${size}`,
    );
  }
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(length) || length < 0 || s + length > size) {
    throw new RangeError(
      `narrow(): start (${s}) + length (${length}) exceeds dimension size (${size}) of dimension ${d}`,
    );
  }
  const specs: Spec[] = new Array<Spec>(d).fill(null);
  specs.push({ start: s, stop: s + length });
  return regionOp(x, resolveRegion("narrow", x.shape, specs), "narrow");
}

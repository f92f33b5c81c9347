/**
 * `diag`: a diagonal matrix from a vector, or the diagonal of a matrix.
 *
 * @module
 */
import { allocFloat64 } from "./_alloc.ts";
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { formatShape, type Tensor } from "./tensor.ts";

/**
 * PyTorch's `torch.diag`: for a 1-D `x` of length n, the square matrix with
 * `x` on diagonal `diagonal` (size n + |diagonal|); for a 2-D `x`, that
 * diagonal as a 1-D tensor. Diagonal 0 is the main one, positive above it,
 * negative below. Differentiable.
 *
 * @param x A 1-D or 2-D tensor.
 * @param diagonal Which diagonal (default 0).
 * @returns A 2-D or 1-D tensor.
 * @throws {TypeError} if `x` is not 1-D or 2-D.
 * @throws {RangeError} if `diagonal` is not an integer.
 *
 * @example
 * ```ts
 * import { diag } from "./diag.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(diag(tensor([1, 2])).tolist(), [[1, 0], [0, 2]]);
 * assertEquals(diag(tensor([[1, 2], [3, 4]])).tolist(), [1, 4]);
 * assertEquals(diag(tensor([[1, 2], [3, 4]]), 1).tolist(), [2]);
 * ```
 */
export function diag(x: Tensor, diagonal = 0): Tensor {
  if (!Number.isInteger(diagonal)) {
    throw new RangeError(
      `diag(): diagonal must be an integer, but got ${diagonal}`,
    );
  }
  const nd = x.shape.length;
  if (nd !== 1 && nd !== 2) {
    throw new TypeError(
      `diag(): expected a 1-D or 2-D tensor, but got shape ${
        formatShape(x.shape)
      }`,
    );
  }
  // Both directions walk the same positions: element k of the diagonal sits
  // at row r0 + k, column c0 + k of the matrix.
  const r0 = diagonal < 0 ? -diagonal : 0, c0 = diagonal > 0 ? diagonal : 0;
  if (nd === 1) {
    const n = x.shape[0], size = n + Math.abs(diagonal);
    const out = resultStorage(size * size, x);
    const start = r0 * size + c0, step = size + 1;
    for (let k = 0; k < n; k++) out[start + k * step] = x.data[k];
    return fromOp(out, [size, size], "diag", [x], (g) => {
      const gx = allocFloat64(n);
      for (let k = 0; k < n; k++) gx[k] = g[start + k * step];
      return [gx];
    });
  }
  const [rows, cols] = x.shape;
  const n = Math.max(0, Math.min(rows - r0, cols - c0));
  const start = r0 * cols + c0, step = cols + 1;
  const out = resultStorage(n, x);
  for (let k = 0; k < n; k++) out[k] = x.data[start + k * step];
  const total = x.data.length;
  return fromOp(out, [n], "diag", [x], (g) => {
    const gx = allocFloat64(total);
    for (let k = 0; k < n; k++) gx[start + k * step] = g[k];
    return [gx];
  });
}

/**
 * Matrix products with gradients: `matmul` (NumPy semantics: vector·vector,
 * matrix·vector, matrix·matrix, batched with broadcast batch dimensions),
 * `mm`, `dot`, `outer`.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { allocFloat64 } from "./_alloc.ts";
import { broadcastIndex, broadcastShapes } from "./broadcast.ts";
import { gemm } from "../kernels/gemm.ts";
import { formatShape, shapeSize, Tensor } from "./tensor.ts";

function describe(shape: readonly number[]): string {
  return shape.join("x");
}

/**
 * Matrix product following `torch.matmul`: 1-D·1-D is a dot product (0-d
 * result); 2-D·1-D a matrix-vector product; 1-D·2-D a vector-matrix product;
 * N-D operands are stacks of matrices with broadcast batch dimensions.
 *
 * @throws {RangeError} `matmul: shapes (24x6) and (10x6) cannot be multiplied` when inner dimensions differ.
 * @throws {TypeError} for 0-d operands.
 *
 * @example
 * ```ts
 * import { matmul } from "./matmul.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const a = new Tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);
 * const v = new Tensor(new Float64Array([1, 1]), [2]);
 * assertEquals(Array.from(matmul(a, v).data), [3, 7]);
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new TypeError(
      `matmul: both arguments need at least 1 dimension, got shapes ${
        formatShape(a.shape)
      } and ${formatShape(b.shape)}`,
    );
  }
  if (a.dtype !== b.dtype) {
    // As PyTorch: no silent promotion in a matrix product (a float32 model given float64 input).
    throw new TypeError(
      `matmul: both arguments must have the same dtype, got ${a.dtype} ${
        formatShape(a.shape)
      } and ${b.dtype} ${formatShape(b.shape)}`,
    );
  }
  // Vectors act as matrices: a 1-D `a` is one row, a 1-D `b` one column.
  const an = a.ndim, bn = b.ndim;
  const n = an === 1 ? 1 : a.shape[an - 2], k = a.shape[an - 1];
  const k2 = bn === 1 ? b.shape[0] : b.shape[bn - 2];
  const m = bn === 1 ? 1 : b.shape[bn - 1];
  if (k !== k2) {
    throw new RangeError(
      `matmul: shapes (${describe(a.shape)}) and (${
        describe(b.shape)
      }) cannot be multiplied (${k} != ${k2})`,
    );
  }
  if (an <= 2 && bn <= 2) {
    // Without batch dimensions (the common case) no broadcasting is needed.
    const shape = an === 2 ? (bn === 2 ? [n, m] : [n]) : bn === 2 ? [m] : [];
    return product(a, b, n, k, m, 1, null, null, shape);
  }
  const aBatch = a.shape.slice(0, -2), bBatch = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(aBatch, bBatch);
  } catch {
    throw new RangeError(
      `matmul: batch dimensions of shapes (${describe(a.shape)}) and (${
        describe(b.shape)
      }) cannot be broadcast`,
    );
  }
  const mapA = broadcastIndex(aBatch, batch);
  const mapB = broadcastIndex(bBatch, batch);
  const shape = batch.slice();
  if (an > 1) shape.push(n);
  if (bn > 1) shape.push(m);
  return product(a, b, n, k, m, shapeSize(batch), mapA, mapB, shape);
}

/**
 * The product of `a` read as `nb` stacked `[n, k]` matrices and `b` as `nb`
 * stacked `[k, m]` ones (batch entry `t` of each at `mapA[t]`/`mapB[t]`, or
 * `t` without a map), as a tensor of shape `shape`, with its gradient.
 */
function product(
  a: Tensor,
  b: Tensor,
  n: number,
  k: number,
  m: number,
  nb: number,
  mapA: Int32Array | null,
  mapB: Int32Array | null,
  shape: number[],
): Tensor {
  const out = resultStorage(nb * n * m, a, b);
  for (let t = 0; t < nb; t++) {
    const ia = mapA ? mapA[t] : t, ib = mapB ? mapB[t] : t;
    gemm(
      n,
      k,
      m,
      a.data,
      ia * n * k,
      k,
      1,
      b.data,
      ib * k * m,
      m,
      1,
      out,
      t * n * m,
      m,
      true,
    );
  }
  return fromOp(out, shape, "MmBackward", [a, b], (g) => {
    // dA = g · Bᵀ, dB = Aᵀ · g, summed over broadcast batch entries.
    const ga = a.requiresGrad ? allocFloat64(a.data.length) : null;
    const gb = b.requiresGrad ? allocFloat64(b.data.length) : null;
    for (let t = 0; t < nb; t++) {
      const ia = mapA ? mapA[t] : t, ib = mapB ? mapB[t] : t;
      if (ga) {
        // Bᵀ by its strides.
        gemm(
          n,
          m,
          k,
          g,
          t * n * m,
          m,
          1,
          b.data,
          ib * k * m,
          1,
          m,
          ga,
          ia * n * k,
          k,
          true,
        );
      }
      if (gb) {
        // Aᵀ by its strides.
        gemm(
          k,
          n,
          m,
          a.data,
          ia * n * k,
          1,
          k,
          g,
          t * n * m,
          m,
          1,
          gb,
          ib * k * m,
          m,
          true,
        );
      }
    }
    return [ga, gb];
  });
}

/**
 * Product of two 2-D matrices (`torch.mm`).
 *
 * @throws {TypeError} unless both operands are 2-D.
 *
 * @example
 * ```ts
 * import { mm } from "./matmul.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const a = new Tensor(new Float64Array([1, 2]), [1, 2]);
 * assertEquals(mm(a, new Tensor(new Float64Array([3, 4]), [2, 1])).item(), 11);
 * ```
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 2 || b.ndim !== 2) {
    throw new TypeError(
      `mm: expected 2-D matrices, got shapes ${formatShape(a.shape)} and ${
        formatShape(b.shape)
      }`,
    );
  }
  return matmul(a, b);
}

/**
 * Dot product of two 1-D tensors of equal length (0-d result).
 *
 * @example
 * ```ts
 * import { dot } from "./matmul.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const v = new Tensor(new Float64Array([1, 2]), [2]);
 * assertEquals(dot(v, v).item(), 5);
 * ```
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new TypeError(
      `dot: expected 1-D tensors, got shapes ${formatShape(a.shape)} and ${
        formatShape(b.shape)
      }`,
    );
  }
  return matmul(a, b);
}

/**
 * Outer product `a bᵀ` of two 1-D tensors: shape `[a.length, b.length]`.
 *
 * @example
 * ```ts
 * import { outer } from "./matmul.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const r = outer(new Tensor(new Float64Array([1, 2]), [2]), new Tensor(new Float64Array([3, 4, 5]), [3]));
 * assertEquals(r.shape, [2, 3]);
 * assertEquals(Array.from(r.data), [3, 4, 5, 6, 8, 10]);
 * ```
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new TypeError(
      `outer: expected 1-D tensors, got shapes ${formatShape(a.shape)} and ${
        formatShape(b.shape)
      }`,
    );
  }
  const n = a.shape[0], m = b.shape[0];
  // [n, 1] · [1, m], read straight from the two vectors.
  return product(a, b, n, 1, m, 1, null, null, [n, m]);
}

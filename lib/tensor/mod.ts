/**
 * Tensors: the `Tensor` class with PyTorch-style methods, creation, element-wise
 * operations with broadcasting, matrix products, reductions, shape and
 * indexing operations — all differentiable.
 *
 * @example
 * ```ts
 * import { matmul, tensor, zeros } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const w = tensor([[1, 2], [3, 4]]);
 * assertEquals(matmul(w, zeros(2)).tolist(), [0, 0]);
 * assertEquals(w.T.tolist(), [[1, 3], [2, 4]]);
 * ```
 *
 * @module
 */
import "./methods.ts";

export * from "./tensor.ts";
export * from "./creation.ts";
export * from "./binary.ts";
export * from "./unary.ts";
export * from "./matmul.ts";
export * from "./reduce.ts";
export * from "./reshape.ts";
export * from "./transpose.ts";
export * from "./stack.ts";
export * from "./cat.ts";
export * from "./index.ts";
export * from "./diag.ts";
export { broadcastShapes } from "./broadcast.ts";
export type { Operand } from "./scalar.ts";

/**
 * The numeric ground floor: the one matrix product (`gemm`), the
 * WebAssembly SIMD kernels and their heap, the activations with their
 * derivatives, and the time-major layouts of the fused recurrent layers.
 * Nothing here imports another part of the library.
 *
 * @example
 * ```ts
 * import { gemm } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const c = new Float64Array(4);
 * gemm(2, 1, 2, new Float64Array([1, 2]), 0, 1, 1, new Float64Array([3, 4]), 0, 2, 1, c, 0, 2, false);
 * assertEquals(Array.from(c), [3, 4, 6, 8]);
 * ```
 *
 * @module
 */
export * from "./gemm.ts";
export * from "./wasm.ts";
export * from "./activations.ts";
export * from "./layout.ts";

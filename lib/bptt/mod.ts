/**
 * One fused, batched implementation of the single-layer Elman RNN with a
 * linear read-out and its hand-derived back-propagation through time, the
 * reference labs 1–3 compare their didactic code against.
 *
 * @example
 * ```ts
 * import { elmanBackward, elmanForward } from "./mod.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const z = (...s: number[]) => new Tensor(new Float64Array(s.reduce((a, b) => a * b, 1)), s);
 * const p = { U: z(5, 1), W: z(5, 5), b: null, V: z(1, 5), c: null };
 * const x = z(2, 10, 1);
 * const { h, y } = elmanForward(p, x);
 * assertEquals(elmanBackward(p, x, h, y).W.shape, [5, 5]);
 * ```
 *
 * @module
 */
export * from "./elman_params.ts";
export * from "./elman_forward.ts";
export * from "./elman_backward.ts";

/**
 * Reverse-mode automatic differentiation: `backward`, `noGrad`, `fromOp` for
 * custom operations, and `gradcheck` against finite differences.
 *
 * @example
 * ```ts
 * import { noGrad, isGradEnabled } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(noGrad(isGradEnabled), false);
 * ```
 *
 * @module
 */
export * from "./backward.ts";
export * from "./from_op.ts";
export * from "./grad_mode.ts";
export * from "./gradcheck.ts";

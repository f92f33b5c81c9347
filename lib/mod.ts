/**
 * The RNN labs' library: tensors with autograd, NumPy-compatible random
 * numbers, linear algebra, data preparation, display and plots.
 *
 * @example
 * ```ts
 * import { tensor, tanh } from "./mod.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * assertAlmostEquals(tanh(tensor(0.2)).item(), 0.197375320224904, 1e-12);
 * ```
 *
 * @module
 */
export * from "./tensor/mod.ts";
export * from "./autograd/mod.ts";
export * from "./linalg/mod.ts";
export * from "./random/mod.ts";
export * from "./data/mod.ts";
export * from "./bptt/mod.ts";
export { todo } from "./todo/todo.ts";
export * as nn from "./nn/mod.ts";
export {
  loadSafetensors,
  safetensorsBytes,
  saveSafetensors,
} from "./nn/safetensors.ts";
export * as optim from "./optim/mod.ts";
export * from "./display/mod.ts";
export * from "./plot/mod.ts";
export * from "./progress/mod.ts";

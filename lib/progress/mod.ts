/**
 * Progress bars for training loops: {@linkcode progress} wraps a loop,
 * {@linkcode ProgressBar} is updated by hand. In Jupyter the bar updates in
 * place; in a terminal it writes a few lines; under `deno test` it is silent.
 *
 * @example
 * ```ts
 * import { progress } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * let sum = 0;
 * for (const i of progress([1, 2, 3], { mode: "silent" })) sum += i;
 * assertEquals(sum, 6);
 * ```
 *
 * @module
 */
export * from "./progress_bar.ts";
export * from "./progress.ts";

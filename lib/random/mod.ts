/**
 * Seeded random numbers that replay NumPy's and PyTorch's streams.
 *
 * - {@linkcode RandomState}: NumPy's legacy `np.random.RandomState`
 *   (`seed`, `rand`, `randn`, `uniform`, `normal`, `randint`, `randomSample`).
 * - {@linkcode Generator}: PyTorch's CPU generator (`manualSeed`, `rand`,
 *   `randn`, `uniform`, `normal`, `randint`).
 * - {@linkcode MT19937}: the Mersenne Twister both are built on.
 *
 * Randomness is passed in: create a generator and hand it to the code that
 * draws; there is no global instance.
 *
 * @example Lab 002's first weights, as `np.random.seed(0); np.random.rand(1, 5) / 5 - 0.1`
 * ```ts
 * import { RandomState } from "./mod.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const w = new RandomState(0).rand(1, 5);
 * assertAlmostEquals(w.data[0] / 5 - 0.1, 0.00976270078546495, 1e-17);
 * ```
 *
 * @module
 */

export { MT19937, type MT19937State, toUint32 } from "./mt19937.ts";
export {
  RandomState,
  type RandomStateSnapshot,
  type Size,
} from "./random_state.ts";
export { Generator } from "./generator.ts";

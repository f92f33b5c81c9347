/**
 * Parameter initialisation: where layers get their random numbers.
 *
 * @module
 */
import { RandomState } from "../random/random_state.ts";
import { Tensor } from "../tensor/tensor.ts";

/**
 * Anything that draws uniform numbers in [0, 1) as a tensor of the given
 * sizes: the lib's `RandomState`, or a torch-style `Generator`.
 */
export interface UniformGenerator {
  /** A float tensor of the given sizes, uniform in [0, 1). */
  rand(...shape: [number, ...number[]]): Tensor;
}

/** Options of layers that draw initial weights. */
export interface InitOptions {
  /**
   * Source of the initial weights; default: the shared
   * {@linkcode defaultGenerator} (seeded with 0 when the library loads).
   */
  generator?: UniformGenerator;
  /** Storage type of the parameters (default `"float64"`). */
  dtype?: "float64" | "float32";
}

let shared: RandomState = new RandomState(0);

/**
 * The generator layers use when none is passed: a NumPy-compatible
 * `RandomState` seeded with 0 at load time (so a fresh process builds the
 * same default weights), shared like PyTorch's global generator.
 *
 * @example
 * ```ts
 * import { defaultGenerator, seedDefaultGenerator } from "./init.ts";
 * import { assertEquals } from "@std/assert";
 *
 * seedDefaultGenerator(3);
 * const a = defaultGenerator().rand(2).tolist();
 * seedDefaultGenerator(3);
 * assertEquals(defaultGenerator().rand(2).tolist(), a);
 * ```
 */
export function defaultGenerator(): UniformGenerator {
  return shared;
}

/**
 * Reseeds the default generator (PyTorch's `torch.manual_seed` for layer
 * initialisation).
 *
 * @param seed An integer in [0, 2^32).
 *
 * @example
 * ```ts
 * import { seedDefaultGenerator } from "./init.ts";
 * import { Linear } from "./linear.ts";
 * import { assertEquals } from "@std/assert";
 *
 * seedDefaultGenerator(1);
 * const w = new Linear(2, 2).weight.tolist();
 * seedDefaultGenerator(1);
 * assertEquals(new Linear(2, 2).weight.tolist(), w);
 * ```
 */
export function seedDefaultGenerator(seed: number): void {
  shared = new RandomState(seed);
}

/**
 * A new parameter (leaf tensor with `requiresGrad`) drawn from
 * U(−bound, bound), as PyTorch initialises `Linear`, `RNN` and `LSTM`.
 *
 * @param shape Its shape.
 * @param bound Half-width of the interval.
 * @param options Generator and dtype.
 * @returns The parameter.
 *
 * @example
 * ```ts
 * import { uniformParameter } from "./init.ts";
 * import { RandomState } from "../random/random_state.ts";
 * import { assert } from "@std/assert";
 *
 * const w = uniformParameter([4, 3], 0.5, { generator: new RandomState(0) });
 * assert(w.requiresGrad && w.data.every((v) => Math.abs(v) <= 0.5));
 * ```
 */
export function uniformParameter(
  shape: readonly number[],
  bound: number,
  options: InitOptions = {},
): Tensor {
  const gen = options.generator ?? shared;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = options.dtype === "float32"
    ? new Float32Array(n)
    : new Float64Array(n);
  if (n > 0) {
    const u = gen.rand(n).data;
    for (let i = 0; i < n; i++) data[i] = (2 * u[i] - 1) * bound;
  }
  return new Tensor(data, shape, true);
}

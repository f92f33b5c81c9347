/**
 * Parameter initialisation: where layers get their random numbers.
 *
 * @module
 */
import { Generator } from "../random/generator.ts";
import { Tensor } from "../tensor/tensor.ts";

/**
 * Anything that draws a tensor of uniform numbers in [low, high): the lib's
 * torch-style `Generator` (which then reproduces PyTorch's initial weights
 * bit for bit in float32) or NumPy-style `RandomState`.
 */
export interface UniformGenerator {
  /** A tensor of the given shape, uniform in [low, high). */
  uniform(
    low: number,
    high: number,
    shape: number[],
    options?: { dtype?: "float64" | "float32" },
  ): Tensor;
}

/** Options of layers that draw initial weights. */
export interface InitOptions {
  /**
   * Source of the initial weights; default: the shared
   * {@linkcode defaultGenerator}.
   */
  generator?: UniformGenerator;
  /** Storage type of the parameters (default `"float64"`). */
  dtype?: "float64" | "float32";
}

let shared: Generator = new Generator();

/**
 * The generator layers use when none is passed: a torch-style `Generator`
 * with PyTorch's default seed at load time, shared like PyTorch's global
 * generator (so a fresh process builds the same default weights, and with
 * `dtype: "float32"` the same ones as a fresh PyTorch process).
 *
 * @example
 * ```ts
 * import { defaultGenerator, seedDefaultGenerator } from "./init.ts";
 * import { assertEquals } from "@std/assert";
 *
 * seedDefaultGenerator(3);
 * const a = defaultGenerator().uniform(0, 1, [2]).tolist();
 * seedDefaultGenerator(3);
 * assertEquals(defaultGenerator().uniform(0, 1, [2]).tolist(), a);
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
  shared = new Generator(seed);
}

/**
 * A new parameter (leaf tensor with `requiresGrad`) drawn from
 * U(−bound, bound) with one `uniform` call, as PyTorch's `init.uniform_`
 * initialises `Linear`, `RNN` and `LSTM`.
 *
 * @param shape Its shape.
 * @param bound Half-width of the interval.
 * @param options Generator and dtype.
 * @returns The parameter.
 *
 * @example
 * ```ts
 * import { uniformParameter } from "./init.ts";
 * import { Generator } from "../random/generator.ts";
 * import { assert } from "@std/assert";
 *
 * const w = uniformParameter([4, 3], 0.5, { generator: new Generator(0) });
 * assert(w.requiresGrad && w.data.every((v) => Math.abs(v) <= 0.5));
 * ```
 */
export function uniformParameter(
  shape: readonly number[],
  bound: number,
  options: InitOptions = {},
): Tensor {
  const gen = options.generator ?? shared;
  const dtype = options.dtype ?? "float64";
  const t = gen.uniform(-bound, bound, [...shape], { dtype });
  if (t.dtype === dtype) return new Tensor(t.data, shape, true);
  const data = dtype === "float32"
    ? Float32Array.from(t.data)
    : Float64Array.from(t.data);
  return new Tensor(data, shape, true);
}

/**
 * Lab 1's RNN weights drawn exactly as the notebook's `RNN` constructor draws
 * them, so that the fused trainer and the didactic class start from the same
 * numbers when given equally seeded generators.
 *
 * @module
 */
import type { ElmanParams } from "../../bptt/elman_params.ts";
import type { Generator } from "../../random/generator.ts";
import { Tensor } from "../../tensor/tensor.ts";

/** Options for {@linkcode initWeatherRnn}. */
export interface InitWeatherRnnOptions {
  /** Where the random weights come from (consumed in the order U, W, V). */
  generator: Generator;
  /** Hidden units H. @default {10} */
  hiddenSize?: number;
  /** Input features D. @default {6} */
  numFeatures?: number;
  /** Standard deviation of the Normal(0, std) initialisation. @default {0.001} */
  initStd?: number;
}

/**
 * Draws the weights of lab 1's many-to-one RNN: `U` (H×D), `W` (H×H) and `V`
 * (1×H) from Normal(0, `initStd`), in that order and with the same calls as
 * the seed's `init_distribution.sample(...)` (`generator.normal(0, std, shape)`
 * with `V` drawn as a vector of H), and zero biases `b` (H) and `c` (1).
 *
 * @param options Generator and sizes.
 * @returns Parameters for `elmanForward`/`elmanBackward`.
 * @throws {RangeError} if a size is not a positive integer.
 *
 * @example Shapes, and the same draws as the notebook's class
 * ```ts
 * import { initWeatherRnn } from "./init_weather_rnn.ts";
 * import { Generator } from "../../random/generator.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const p = initWeatherRnn({ generator: new Generator(0) });
 * assertEquals([p.U.shape, p.W.shape, p.V.shape, p.b?.shape, p.c?.shape], [[10, 6], [10, 10], [1, 10], [10], [1]]);
 * const g = new Generator(0);
 * assertEquals(Array.from(p.U.data), Array.from(g.normal(0, 0.001, [10, 6]).data));
 * ```
 */
export function initWeatherRnn(options: InitWeatherRnnOptions): ElmanParams {
  const { generator, hiddenSize = 10, numFeatures = 6, initStd = 0.001 } =
    options;
  for (
    const [name, v] of [["hiddenSize", hiddenSize], [
      "numFeatures",
      numFeatures,
    ]] as const
  ) {
    if (!Number.isInteger(v) || v < 1) {
      throw new RangeError(
        `Cannot initialise the weather RNN: ${name} must be a positive integer, got ${v}`,
      );
    }
  }
  const U = generator.normal(0, initStd, [hiddenSize, numFeatures]);
  const W = generator.normal(0, initStd, [hiddenSize, hiddenSize]);
  const v = generator.normal(0, initStd, [hiddenSize]);
  return {
    U,
    W,
    b: new Tensor(new Float64Array(hiddenSize), [hiddenSize]),
    V: new Tensor(v.data, [1, hiddenSize]),
    c: new Tensor(new Float64Array(1), [1]),
  };
}

/**
 * Lab 1 (backpropagation through time, the weather RNN): the fused batched
 * training loop and predictions that the notebook's didactic per-sample
 * `RNN` class is checked against, and that make longer runs affordable.
 *
 * @example Train briefly, then predict
 * ```ts
 * import { predictNextHour, trainWeatherRnn } from "./mod.ts";
 * import { Generator } from "../../random/generator.ts";
 * import { Tensor } from "../../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const g = new Generator(0);
 * const data = g.randn([100, 6]);
 * const { params, losses } = trainWeatherRnn(data, { steps: 3, generator: g });
 * assertEquals(losses.length, 3);
 * assertEquals(predictNextHour(params, new Tensor(data.data, [4, 25, 6])).shape, [4]);
 * ```
 *
 * @module
 */
export * from "./init_weather_rnn.ts";
export * from "./train_weather_rnn.ts";
export * from "./predict_next_hour.ts";

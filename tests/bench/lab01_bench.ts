/**
 * Lab 1's speed targets: 500 training steps of the fused batched trainer
 * (≤ 0.25 s) and the predictions for all 8573 test windows (≤ 0.1 s).
 *
 * @module
 */
import {
  predictNextHour,
  trainWeatherRnn,
} from "../../lib/labs/weather/mod.ts";
import { Generator } from "../../lib/random/generator.ts";
import { lab01Data } from "../../course/rubric/lab01_reference.ts";

const data = lab01Data();
const { params } = trainWeatherRnn(data.dataTrain, {
  steps: 500,
  generator: new Generator(0),
});

Deno.bench({
  name: "lab01_train_500",
  fn() {
    trainWeatherRnn(data.dataTrain, {
      steps: 500,
      generator: new Generator(0),
    });
  },
});

Deno.bench({
  name: "lab01_eval",
  fn() {
    predictNextHour(params, data.test.x);
  },
});

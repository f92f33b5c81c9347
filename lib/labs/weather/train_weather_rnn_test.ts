import { assert, assertEquals, assertThrows } from "@std/assert";
import { Generator } from "../../random/generator.ts";
import { Tensor } from "../../tensor/tensor.ts";
import { initWeatherRnn } from "./init_weather_rnn.ts";
import { predictNextHour } from "./predict_next_hour.ts";
import { trainWeatherRnn, weatherTrainingStep } from "./train_weather_rnn.ts";

const series = (rows: number, cols = 6) =>
  new Tensor(
    Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(k / 7)),
    [rows, cols],
  );

Deno.test("trainWeatherRnn() throws TypeError for data that is not [N, F]", () => {
  assertThrows(
    () =>
      trainWeatherRnn(new Tensor(new Float64Array(30), [30]), {
        steps: 1,
        generator: new Generator(0),
      }),
    TypeError,
    "data must have shape [N, F], got [30]",
  );
});

Deno.test("trainWeatherRnn() throws RangeError for too few rows or a bad step count", () => {
  assertThrows(
    () =>
      trainWeatherRnn(series(24), { steps: 1, generator: new Generator(0) }),
    RangeError,
    "at least window + 1 = 25 rows, got shape [24, 6]",
  );
  assertThrows(
    () =>
      trainWeatherRnn(series(40), { steps: 1.5, generator: new Generator(0) }),
    RangeError,
    "steps must be a non-negative integer, got 1.5",
  );
});

Deno.test("weatherTrainingStep() throws RangeError for a target column outside the data", () => {
  const p = initWeatherRnn({ generator: new Generator(0) });
  assertThrows(
    () =>
      weatherTrainingStep(p, series(40), {
        generator: new Generator(0),
        targetColumn: 6,
      }),
    RangeError,
    "targetColumn must be a column of data",
  );
});

Deno.test("trainWeatherRnn() continues given parameters and reports every step", () => {
  const data = series(60);
  const first = trainWeatherRnn(data, {
    steps: 3,
    generator: new Generator(1),
  });
  const seen: number[] = [];
  const second = trainWeatherRnn(data, {
    steps: 4,
    generator: new Generator(2),
    params: first.params,
    onStep: (step, loss) => {
      seen.push(step);
      assert(Number.isFinite(loss));
    },
  });
  assertEquals(seen, [0, 1, 2, 3]);
  assert(second.params === first.params, "params are trained in place");
});

Deno.test("weatherTrainingStep() uses every valid start, the last one included", () => {
  // 26 rows and a 24-hour window: starts 0 and 1. With a zero model the
  // gradient of c is the mean of 2(0 − y), which tells which targets were drawn.
  const rows = 26;
  const data = new Tensor(new Float64Array(rows * 2), [rows, 2]);
  data.data[24 * 2 + 1] = 1; // target of start 0
  data.data[25 * 2 + 1] = 2; // target of start 1
  const zero = () =>
    initWeatherRnn({ generator: new Generator(0), numFeatures: 2, initStd: 0 });
  const targets = new Set<number>();
  const g = new Generator(3);
  for (let i = 0; i < 20; i++) {
    const p = zero();
    weatherTrainingStep(p, data, { generator: g, batchSize: 1, lr: 1 });
    targets.add(p.c!.data[0] / 2); // c − lr · 2(0 − y) = 2y
  }
  assertEquals([...targets].sort(), [1, 2]);
});

Deno.test("predictNextHour() throws TypeError for 2-D windows or several outputs", () => {
  const p = initWeatherRnn({ generator: new Generator(0) });
  assertThrows(
    () => predictNextHour(p, series(24)),
    TypeError,
    "windows must have shape (N, T, D), got [24, 6]",
  );
  const two = { ...p, V: new Tensor(new Float64Array(20), [2, 10]), c: null };
  assertThrows(
    () => predictNextHour(two, new Tensor(new Float64Array(144), [1, 24, 6])),
    TypeError,
    "one output",
  );
});

/**
 * The fused, batched version of lab 1's training loop (`trainRnn`): the same
 * random draws, the same per-sample loss and gradients, in one pass over a
 * batch with the lib's `elmanForward`/`elmanBackward`.
 *
 * @module
 */
import { checkFiniteLoss } from "../../optim/check_finite_loss.ts";
import type { ElmanParams } from "../../bptt/elman_params.ts";
import { elmanBackward } from "../../bptt/elman_backward.ts";
import { elmanForward } from "../../bptt/elman_forward.ts";
import type { Generator } from "../../random/generator.ts";
import { formatShape, Tensor } from "../../tensor/tensor.ts";
import { initWeatherRnn } from "./init_weather_rnn.ts";

/** Options for {@linkcode trainWeatherRnn} and {@linkcode weatherTrainingStep}. */
export interface WeatherTrainingOptions {
  /** Source of the initial weights and of the random windows. */
  generator: Generator;
  /** Windows per step. @default {32} */
  batchSize?: number;
  /** Step size of gradient descent. @default {0.01} */
  lr?: number;
  /** Hours per input window. @default {24} */
  window?: number;
  /** Column predicted one hour after the window (TEMP). @default {1} */
  targetColumn?: number;
}

/** Options for {@linkcode trainWeatherRnn}. */
export interface TrainWeatherRnnOptions extends WeatherTrainingOptions {
  /** Number of gradient steps. */
  steps: number;
  /** Hidden units of a new model. @default {10} */
  hiddenSize?: number;
  /** Continue training these parameters (updated in place) instead of new ones. */
  params?: ElmanParams;
  /** Called after every step with its 0-based index, loss and the parameters. */
  onStep?: (step: number, loss: number, params: ElmanParams) => void;
}

/** Result of {@linkcode trainWeatherRnn}. */
export interface TrainedWeatherRnn {
  /** The trained parameters (`V` is 1×H). */
  params: ElmanParams;
  /** Mean batch loss of every step. */
  losses: Float64Array;
}

function checkData(data: Tensor, window: number, targetColumn: number): void {
  if (data.ndim !== 2) {
    throw new TypeError(
      `Cannot train the weather RNN: data must have shape [N, F], got ${
        formatShape(data.shape)
      }`,
    );
  }
  if (data.shape[0] < window + 1) {
    throw new RangeError(
      `Cannot train the weather RNN: data needs at least window + 1 = ${
        window + 1
      } rows, got shape ${formatShape(data.shape)}`,
    );
  }
  if (targetColumn < 0 || targetColumn >= data.shape[1]) {
    throw new RangeError(
      `Cannot train the weather RNN: targetColumn must be a column of data (shape ${
        formatShape(data.shape)
      }), got ${targetColumn}`,
    );
  }
}

/**
 * One step of mini-batch gradient descent on the many-to-one MSE, exactly
 * as the notebook's `doTrainingStep`: `batchSize` windows of `window` hours
 * start at `generator.randint(0, N − window)` (every valid start, the last
 * one included), the target is the next hour's `targetColumn`, the loss of a
 * window is (ŷ − y)², and the parameters move by `lr` times the mean of the
 * per-window gradients. Updates `params` in place.
 *
 * @param params Parameters (`V` is 1×H); updated in place.
 * @param data Standardized training series, shape [N, F].
 * @param options Generator, batch size, learning rate, window, target column.
 * @returns The mean loss of the batch before the update.
 * @throws {TypeError} if `data` is not 2-D or does not match `params`.
 * @throws {RangeError} if `data` is shorter than `window + 1` rows.
 *
 * @example The loss of a fresh model is about the variance of the target
 * ```ts
 * import { initWeatherRnn } from "./init_weather_rnn.ts";
 * import { weatherTrainingStep } from "./train_weather_rnn.ts";
 * import { Generator } from "../../random/generator.ts";
 * import { assert } from "@std/assert";
 *
 * const g = new Generator(0);
 * const data = g.randn([200, 6]);
 * const loss = weatherTrainingStep(initWeatherRnn({ generator: g }), data, { generator: g, batchSize: 64 });
 * assert(loss > 0.3 && loss < 3);
 * ```
 */
export function weatherTrainingStep(
  params: ElmanParams,
  data: Tensor,
  options: WeatherTrainingOptions,
): number {
  const {
    generator,
    batchSize = 32,
    lr = 0.01,
    window = 24,
    targetColumn = 1,
  } = options;
  checkData(data, window, targetColumn);
  const [n, f] = data.shape;
  const src = data.data;
  const starts = generator.randint(0, n - window, [batchSize]).data;
  const span = window * f;
  const xs = new Float64Array(batchSize * span);
  const targets = new Float64Array(batchSize);
  for (let s = 0; s < batchSize; s++) {
    const start = starts[s];
    xs.set(src.subarray(start * f, start * f + span), s * span);
    targets[s] = src[(start + window) * f + targetColumn];
  }
  const x = new Tensor(xs, [batchSize, window, f]);
  const { h, y } = elmanForward(params, x);
  const dy = new Float64Array(batchSize * window);
  let loss = 0;
  for (let s = 0; s < batchSize; s++) {
    const last = s * window + window - 1;
    const err = y.data[last] - targets[s];
    loss += err * err;
    // Mean of the per-window gradients: each window's dL/dŷ = 2(ŷ − y).
    dy[last] = (2 * err) / batchSize;
  }
  const g = elmanBackward(params, x, h, new Tensor(dy, [batchSize, window, 1]));
  const pairs: [Tensor | null, Tensor | null][] = [
    [params.U, g.U],
    [params.W, g.W],
    [params.b, g.b],
    [params.V, g.V],
    [params.c, g.c],
  ];
  for (const [p, gp] of pairs) {
    if (!p || !gp) continue;
    const pd = p.data, gd = gp.data;
    for (let i = 0; i < pd.length; i++) pd[i] -= lr * gd[i];
  }
  return loss / batchSize;
}

/**
 * Trains lab 1's RNN like the notebook's `trainRnn(dataTrain, steps, {
 * generator })`: new weights from {@linkcode initWeatherRnn} (unless
 * `params` is given), then `steps` calls of {@linkcode weatherTrainingStep}.
 * With equally seeded generators it reproduces the notebook's losses up to
 * floating-point rounding, hundreds of times faster.
 *
 * @param data Standardized training series, shape [N, F].
 * @param options Steps, generator, batch size, learning rate, hidden size,
 * optional starting parameters and a per-step callback.
 * @returns The parameters and the loss of every step.
 * @throws {TypeError} if `data` is not 2-D.
 * @throws {RangeError} if `steps` is not a non-negative integer or `data` is too short.
 *
 * @example Learning to continue a sine wave
 * ```ts
 * import { trainWeatherRnn } from "./train_weather_rnn.ts";
 * import { Generator } from "../../random/generator.ts";
 * import { Tensor } from "../../tensor/tensor.ts";
 * import { assert } from "@std/assert";
 *
 * const wave = Float64Array.from({ length: 400 }, (_, i) => Math.sin(i / 4));
 * const data = new Tensor(wave, [400, 1]);
 * const { losses } = trainWeatherRnn(data, {
 *   steps: 300, lr: 0.1, window: 8, targetColumn: 0, generator: new Generator(0),
 *   hiddenSize: 8,
 * });
 * assert(losses.slice(-20).reduce((a, b) => a + b) / 20 < 0.1 * losses[0]);
 * ```
 */
export function trainWeatherRnn(
  data: Tensor,
  options: TrainWeatherRnnOptions,
): TrainedWeatherRnn {
  const { steps, hiddenSize = 10, onStep } = options;
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `Cannot train the weather RNN: steps must be a non-negative integer, got ${steps}`,
    );
  }
  if (data.ndim !== 2) checkData(data, options.window ?? 24, 0);
  const params = options.params ?? initWeatherRnn({
    generator: options.generator,
    hiddenSize,
    numFeatures: data.shape[1],
  });
  const losses = new Float64Array(steps);
  for (let step = 0; step < steps; step++) {
    losses[step] = checkFiniteLoss(
      weatherTrainingStep(params, data, options),
      step,
      "the weather RNN's loss",
    );
    onStep?.(step, losses[step], params);
  }
  return { params, losses };
}

/**
 * Lab 4's reference pieces on the lib: the running-average task, its loss
 * and the training loop (the seed's `generate_batch`, `loss_fn`, `train`),
 * shared by the lab-4 tests, checks and benchmarks.
 *
 * @module
 */
import { Tensor } from "../../lib/mod.ts";
import { mseLoss, type RecurrentRegressionModel } from "../../lib/nn/mod.ts";
import type { Optimizer } from "../../lib/optim/mod.ts";
import type { Generator } from "../../lib/random/generator.ts";

/**
 * `x ~ N(0, 1)` of shape `(B, T, 1)` and its running average
 * `y_t = (x_1 + … + x_t) / t`.
 */
export function generateBatch(
  generator: Generator,
  seqLen = 10,
  batchSize = 1,
): [Tensor, Tensor] {
  const x = generator.randn(batchSize, seqLen, 1);
  // cumsum(x, 1) / [1, 2, …, T], in one pass (same operations, same order).
  const y = new Float64Array(x.data.length);
  for (let b = 0; b < batchSize; b++) {
    let s = 0;
    for (let t = 0; t < seqLen; t++) {
      s += x.data[b * seqLen + t];
      y[b * seqLen + t] = s / (t + 1);
    }
  }
  return [x, new Tensor(y, x.shape)];
}

/** MSE over all steps, or over the last step only. */
export function lossFn(
  pred: Tensor,
  y: Tensor,
  lastTimestepOnly = false,
): Tensor {
  return lastTimestepOnly
    ? mseLoss(pred.select(1, -1), y.select(1, -1))
    : mseLoss(pred, y);
}

/** The seed's training loop; returns the loss of every batch. */
export function trainModel(
  model: RecurrentRegressionModel,
  optimizer: Optimizer,
  numBatches: number,
  lastTimestepOnly: boolean,
  generator: Generator,
  seqLen = 10,
  batchSize = 32,
): number[] {
  model.train();
  const losses: number[] = [];
  for (let i = 0; i < numBatches; i++) {
    const [x, y] = generateBatch(generator, seqLen, batchSize);
    const [pred] = model.forward(x);
    const loss = lossFn(pred, y, lastTimestepOnly);
    losses.push(loss.item());
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }
  return losses;
}

/** Mean of the last `n` values. */
export function meanOfLast(values: readonly number[], n = 100): number {
  const tail = values.slice(-n);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

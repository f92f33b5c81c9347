/**
 * Lab 02's speed figure: `lab02_train`, the notebook's own training run —
 * `fit` on its `RNN` class (hand-written batched BPTT on tensor ops, SGD with
 * clipping) for the notebook's 6 epochs over 10800 seven-day windows, hidden
 * size 10, batches of 64 — with a fresh model each time. The notebook is
 * executed up to the training cell to get its class, data and options.
 *
 * @module
 */
import { RandomState } from "../../lib/random/mod.ts";
import type { Tensor } from "../../lib/tensor/tensor.ts";
import { runLab02Notebook } from "../lab02_notebook.ts";

type Model = object;
const ns = await runLab02Notebook({ stopBefore: "const model = new RNN" });
const RNN = ns.RNN as new (
  d: number,
  h: number,
  o: number,
  rng: RandomState,
) => Model;
const fit = ns.fit as (
  model: Model,
  train: { x: Tensor; y: Tensor },
  valid: { x: Tensor; y: Tensor },
  options: Record<string, unknown>,
) => Promise<{ validLoss: number[] }>;
const trainSet = ns.trainSet as { x: Tensor; y: Tensor };
const validSet = ns.validSet as { x: Tensor; y: Tensor };

Deno.bench({
  name: "lab02_train",
  n: 3,
  warmup: 1,
  async fn() {
    const model = new RNN(3, 10, 1, new RandomState(0));
    const history = await fit(model, trainSet, validSet, {
      epochs: 6,
      lr: 0.3,
      batchSize: 64,
      maxNorm: 1,
      rng: new RandomState(1),
    });
    if (!(history.validLoss.at(-1)! < 0.4)) {
      throw new Error(`training diverged: ${history.validLoss}`);
    }
  },
});

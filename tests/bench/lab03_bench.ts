/**
 * Lab 03's speed figures.
 *
 * - `lab03_train`: the notebook's own training run — `train` on its `RNN`
 *   with its default settings (init uniform(−0.05, 0.05), lr 0.01, batches
 *   of 25, clipping at norm 1), 500 epochs over 250 windows through the fused
 *   `lib/bptt`, with the losses of both sets after every epoch, as in the
 *   seed. (The seed's NumPy code with a correct BPTT takes ≈ 21 s here.)
 * - `lab03_train_per_sample`: the same with the seed's schedule, one update
 *   per sample (`batchSize: 1`).
 *
 * The notebook is executed up to its training cell (without the seed-init
 * run) to get its class, data, functions and settings.
 *
 * @module
 */
import { RandomState } from "../../lib/random/mod.ts";
import type { RnnLike } from "../../course/rubric/lab03.ts";
import { loadLab03 } from "../lab03_notebook.ts";

const ns = await loadLab03({
  stopBefore: "const rnn = new RNN",
  skip: ["const seedRun = await train("],
});
const RNN = ns.RNN as new (
  d: number,
  h: number,
  c: number,
  o: object,
) => RnnLike;
const train = ns.train as (
  r: RnnLike,
  o: object,
) => Promise<{ trainLosses: number[]; valiLosses: number[] }>;
const settings = {
  epochs: ns.epochs as number,
  lr: ns.learningRate as number,
  batchSize: ns.batchSize as number,
  maxNorm: ns.maxNorm as number | null,
  quiet: true,
};
const range = ns.initRange as number;
const fresh = () =>
  new RNN(1, 50, 4, { rng: new RandomState(0), low: -range, high: range });

async function trainOnce(batchSize: number): Promise<void> {
  const h = await train(fresh(), { ...settings, batchSize });
  if (!(h.valiLosses.at(-1)! <= 5e-4 && h.trainLosses.at(-1)! <= 5e-4)) {
    throw new Error(`training missed the goal: ${h.valiLosses.at(-1)}`);
  }
}

Deno.bench({
  name: "lab03_train",
  n: 3,
  warmup: 1,
  // Deno.bench awaits only `async` functions (not arrows returning promises).
  async fn() {
    await trainOnce(settings.batchSize);
  },
});

Deno.bench({
  name: "lab03_train_per_sample",
  n: 2,
  warmup: 1,
  async fn() {
    await trainOnce(1);
  },
});

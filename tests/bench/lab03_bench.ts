/**
 * Lab 03's speed figures.
 *
 * - `lab03_train`: the notebook's own training run — `train` on its `RNN`
 *   with the default settings (init uniform(−0.05, 0.05), lr 0.01, clipping at
 *   norm 1), 500 epochs of per-sample SGD over 250 windows through the fused
 *   `lib/bptt`, with the losses of both sets after every epoch, as in the seed.
 *   (The seed's NumPy code with a correct BPTT takes ≈ 21 s here.)
 * - `lab03_sgd_500`: the same 500 epochs without the per-epoch losses: the
 *   per-sample `elmanForward` + `elmanBackward` + clipping + update alone.
 *
 * The notebook is executed up to its first training cell to get its class,
 * data and functions.
 *
 * @module
 */
import { RandomState } from "../../lib/random/mod.ts";
import type { Tensor } from "../../lib/tensor/mod.ts";
import type { RnnLike, Weights } from "../checks/lab03.ts";
import { loadLab03 } from "../lab03_notebook.ts";

const ns = await loadLab03("const epochs = 500");
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
const fusedBackward = ns.fusedBackward as (
  r: RnnLike,
  x: Tensor,
  y: number,
) => Weights;
const clipGradients = ns.clipGradients as (g: Weights, m: number) => number;
const sgdStep = ns.sgdStep as (r: RnnLike, g: Weights, lr: number) => void;
const xTrain = ns.xTrain as Tensor, yTrain = ns.yTrain as Tensor;
const range = ns.initRange as number;
const fresh = () =>
  new RNN(1, 50, 4, { rng: new RandomState(0), low: -range, high: range });

Deno.bench({
  name: "lab03_train",
  n: 3,
  warmup: 1,
  async fn() {
    const h = await train(fresh(), {
      epochs: 500,
      lr: 0.01,
      maxNorm: 1,
      quiet: true,
    });
    if (!(h.valiLosses.at(-1)! <= 5e-4 && h.trainLosses.at(-1)! <= 5e-4)) {
      throw new Error(`training missed the goal: ${h.valiLosses.at(-1)}`);
    }
  },
});

Deno.bench({
  name: "lab03_sgd_500",
  n: 3,
  warmup: 1,
  fn() {
    const rnn = fresh();
    const samples = Array.from(
      { length: 250 },
      (_, k) => xTrain.index(k).reshape(4, 1),
    );
    for (let epoch = 0; epoch < 500; epoch++) {
      for (let k = 0; k < 250; k++) {
        const g = fusedBackward(rnn, samples[k], yTrain.data[k]);
        clipGradients(g, 1);
        sgdStep(rnn, g, 0.01);
      }
    }
  },
});

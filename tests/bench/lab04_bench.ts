/**
 * Lab 4's speed targets: one full training run each (5000 batches of 32,
 * sequence length 10, hidden size 32, Adam lr 1e-4, loss on all steps):
 * 1-layer RNN ≤ 3 s, 2-layer RNN ≤ 6 s, 1-layer LSTM ≤ 7 s.
 *
 * @module
 */
import { LSTM, RecurrentRegressionModel, RNN } from "../../lib/nn/mod.ts";
import { Adam } from "../../lib/optim/mod.ts";
import { Generator } from "../../lib/random/generator.ts";
import { trainModel } from "../../course/rubric/lab04_reference.ts";

function run(net: RNN | LSTM, generator: Generator): number[] {
  const model = new RecurrentRegressionModel(net, 1, { generator });
  const opt = new Adam(model.parameters(), { lr: 1e-4 });
  return trainModel(model, opt, 5000, false, generator);
}

Deno.bench({
  name: "lab04_rnn1",
  // One run takes seconds: a few iterations measure it well enough.
  n: 3,
  warmup: 1,
  fn() {
    const g = new Generator(0);
    run(new RNN(1, 32, 1, { generator: g }), g);
  },
});

Deno.bench({
  name: "lab04_rnn2",
  n: 3,
  warmup: 1,
  fn() {
    const g = new Generator(0);
    run(new RNN(1, 32, 2, { generator: g }), g);
  },
});

Deno.bench({
  name: "lab04_lstm1",
  n: 3,
  warmup: 1,
  fn() {
    const g = new Generator(0);
    run(new LSTM(1, 32, 1, { generator: g }), g);
  },
});

/**
 * Speed beyond the lab's sizes, in float32: one recurrent layer (input 8,
 * batch 32) with a `Linear(H→1)` head on every step, MSE against fixed
 * random targets, Adam lr 1e-3, 200 batches made before timing. PyTorch's
 * side of the same work: `tools/torch_bench/torch_timings.py`
 * (`torch_scale_*`), compared by `deno task bench-torch`.
 *
 * @module
 */
import {
  GRU,
  LSTM,
  mseLoss,
  RecurrentRegressionModel,
} from "../../lib/nn/mod.ts";
import { Adam } from "../../lib/optim/mod.ts";
import { Generator } from "../../lib/random/generator.ts";
import type { Tensor } from "../../lib/tensor/tensor.ts";
import "../../lib/tensor/methods.ts";

const BATCHES = 200;

function job(kind: "lstm" | "gru", hidden: number, steps: number): () => void {
  const g = new Generator(0);
  const data: [Tensor, Tensor][] = [];
  for (let i = 0; i < BATCHES; i++) {
    data.push([
      g.randn([32, steps, 8], { dtype: "float32" }),
      g.randn([32, steps, 1], { dtype: "float32" }),
    ]);
  }
  const options = { generator: g, dtype: "float32" as const };
  const net = kind === "lstm"
    ? new LSTM(8, hidden, 1, options)
    : new GRU(8, hidden, 1, options);
  const model = new RecurrentRegressionModel(net, 1, options);
  const opt = new Adam(model.parameters(), { lr: 1e-3 });
  return () => {
    for (const [x, y] of data) {
      const loss = mseLoss(model.forward(x)[0], y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }
  };
}

for (
  const [name, kind, hidden, steps] of [
    ["scale_lstm_h32_t10", "lstm", 32, 10],
    ["scale_lstm_h128_t10", "lstm", 128, 10],
    ["scale_lstm_h256_t10", "lstm", 256, 10],
    ["scale_lstm_h32_t200", "lstm", 32, 200],
    ["scale_gru_h128_t10", "gru", 128, 10],
  ] as const
) {
  const run = job(kind, hidden, steps);
  // One run is 200 batches; a few runs measure it well enough.
  Deno.bench({ name, n: 3, warmup: 1, fn: run });
}

import { LSTM, RecurrentRegressionModel, RNN } from "../lib/nn/mod.ts";
import { Adam } from "../lib/optim/mod.ts";
import { Generator } from "../lib/random/generator.ts";
import { trainModel } from "../course/rubric/lab04_reference.ts";
const kind = Deno.args[0] ?? "rnn1";
const g = new Generator(0);
const net = kind === "lstm1"
  ? new LSTM(1, 32, 1, { generator: g })
  : new RNN(1, 32, kind === "rnn2" ? 2 : 1, { generator: g });
const model = new RecurrentRegressionModel(net, 1, { generator: g });
const opt = new Adam(model.parameters(), { lr: 1e-4 });
const t0 = performance.now();
trainModel(model, opt, 2000, false, g);
console.log(kind, ((performance.now() - t0) / 2000).toFixed(3), "ms/batch");

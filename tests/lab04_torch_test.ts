/**
 * lib/nn and lib/optim against PyTorch 1.13 (float64) on random weights and
 * inputs: outputs, hidden states and every gradient to 1e-10, Adam's
 * trajectory, and PyTorch's initial weights from the same seed. The values
 * come from `fixtures/lab04/generate.py` (run once; the test needs no Python).
 */
import { assertEquals, assertLess } from "@std/assert";
import { Generator, Tensor } from "../lib/mod.ts";
import {
  Linear,
  LSTM,
  LSTMLayer,
  type Module,
  mseLoss,
  RecurrentRegressionModel,
  RNN,
  RNNLayer,
  type StateDict,
} from "../lib/nn/mod.ts";
import { Adam } from "../lib/optim/mod.ts";
import fixture from "./fixtures/lab04/lab04_torch.json" with { type: "json" };

interface Json {
  shape: number[];
  data: number[];
}
// deno-lint-ignore no-explicit-any
type Case = any;

const TOL = 1e-10;
const cases = fixture.cases as Case[];
const toTensor = (j: Json, requiresGrad = false) =>
  new Tensor(Float64Array.from(j.data), j.shape, requiresGrad);
const toDict = (d: Record<string, Json>): StateDict =>
  Object.fromEntries(Object.entries(d).map(([k, v]) => [k, toTensor(v)]));

function assertClose(actual: Tensor | null, expected: Json, what: string) {
  if (actual === null) throw new Error(`${what}: no gradient`);
  assertEquals(actual.shape, expected.shape, what);
  let err = 0;
  actual.data.forEach((v, i) =>
    err = Math.max(err, Math.abs(v - expected.data[i]))
  );
  assertLess(err, TOL, `${what}: max |ours − torch| = ${err}`);
}

/** Loads the weights, runs `forward`, back-propagates Σ R·output, compares all. */
function compare(
  c: Case,
  model: Module,
  forward: (x: Tensor) => Tensor[],
  extra: Tensor[] = [],
) {
  model.loadStateDict(toDict(c.stateDict));
  const x = toTensor(c.x, true);
  const outputs = forward(x);
  outputs.forEach((o, i) => assertClose(o, c.outputs[i], `output ${i}`));
  let loss: Tensor | null = null;
  outputs.forEach((o, i) => {
    const term = o.mul(toTensor(c.weights[i])).sum();
    loss = loss === null ? term : loss.add(term);
  });
  loss!.backward();
  for (const [k, p] of model.namedParameters()) {
    assertClose(p.grad, c.grads[k], `grad ${k}`);
  }
  assertClose(x.grad, c.gradX, "grad x");
  return extra;
}

Deno.test("RNNLayer matches torch.nn.RNN (tanh and relu) in outputs and gradients", () => {
  for (const c of cases.filter((c) => c.kind === "rnn_layer")) {
    const layer = new RNNLayer(c.inputSize, c.hiddenSize, {
      nonlinearity: c.nonlinearity,
    });
    compare(c, layer, (x) => layer.forward(x));
  }
});

Deno.test("2-layer RNN matches torch.nn.RNN(num_layers=2) (per-step cells and fused sequence)", () => {
  for (const c of cases.filter((c) => c.kind === "rnn")) {
    const rnn = new RNN(c.inputSize, c.hiddenSize, c.numLayers, {
      nonlinearity: c.nonlinearity,
    });
    compare(c, rnn, (x) => rnn.forward(x));
  }
});

Deno.test("LSTMLayer matches torch.nn.LSTM: output, h_n, c_n and gradients", () => {
  for (const c of cases.filter((c) => c.kind === "lstm_layer")) {
    const lstm = new LSTMLayer(c.inputSize, c.hiddenSize);
    compare(c, lstm, (x) => {
      const [out, [h, cc]] = lstm.forward(x);
      return [out, h, cc];
    });
  }
});

Deno.test("2-layer LSTM matches torch.nn.LSTM, with and without (h0, c0)", () => {
  for (const c of cases.filter((c) => c.kind === "lstm")) {
    const lstm = new LSTM(c.inputSize, c.hiddenSize, c.numLayers);
    const h0 = c.h0 ? toTensor(c.h0, true) : undefined;
    const c0 = c.c0 ? toTensor(c.c0, true) : undefined;
    compare(c, lstm, (x) => {
      const [out, [h, cc]] = lstm.forward(x, h0 && c0 ? [h0, c0] : undefined);
      return [out, h, cc];
    });
    if (h0 && c0) {
      assertClose(h0.grad, c.gradH0, "grad h0");
      assertClose(c0.grad, c.gradC0, "grad c0");
    }
  }
});

Deno.test("Linear matches torch.nn.Linear on a 3-D input", () => {
  const c = cases.find((c) => c.kind === "linear");
  const lin = new Linear(4, 3);
  compare(c, lin, (x) => [lin.forward(x)]);
});

Deno.test("RecurrentRegressionModel + mseLoss match PyTorch's loss and gradients", () => {
  const c = cases.find((c) => c.kind === "model");
  const model = new RecurrentRegressionModel(new RNN(2, 4, 2), 3);
  model.loadStateDict(toDict(c.stateDict));
  const [pred] = model.forward(toTensor(c.x));
  assertClose(pred, c.pred, "pred");
  const loss = mseLoss(pred, toTensor(c.y));
  assertLess(Math.abs(loss.item() - c.loss), TOL);
  loss.backward();
  for (const [k, p] of model.namedParameters()) {
    assertClose(p.grad, c.grads[k], `grad ${k}`);
  }
});

Deno.test("Adam follows torch.optim.Adam step by step (custom options and defaults)", () => {
  const c = cases.find((c) => c.kind === "adam");
  for (const run of [c.custom, c.defaults]) {
    const p = toTensor(run.start, true);
    const opt = run.lr === undefined ? new Adam([p]) : new Adam([p], {
      lr: run.lr,
      betas: run.betas,
      eps: run.eps,
      weightDecay: run.weightDecay,
    });
    run.grads.forEach((g: Json, i: number) => {
      opt.zeroGrad();
      p.grad = toTensor(g);
      opt.step();
      assertClose(p, run.params[i], `step ${i + 1}`);
    });
  }
});

// PyTorch's float32 uniform_ computes u·(to − from) + from with a fused
// multiply-add (one rounding); lib/random's Generator rounds twice, so a few
// weights differ by one rounding of the bound's size (≤ 2^-24·0.58 < 6e-8).
Deno.test("Linear and LSTM built from Generator(seed) in float32 equal PyTorch's initial weights to one float32 rounding", () => {
  const c = cases.find((c) => c.kind === "init");
  const lin = new Linear(c.linear.inFeatures, c.linear.outFeatures, {
    generator: new Generator(c.linear.seed),
    dtype: "float32",
  });
  const lstm = new LSTM(
    c.lstm.inputSize,
    c.lstm.hiddenSize,
    c.lstm.numLayers,
    { generator: new Generator(c.lstm.seed), dtype: "float32" },
  );
  for (const [m, sd] of [[lin, c.linear.stateDict], [lstm, c.lstm.stateDict]]) {
    for (const [k, v] of Object.entries((m as Module).stateDict())) {
      assertEquals(v.shape, sd[k].shape, k);
      v.data.forEach((w, i) =>
        assertLess(Math.abs(w - sd[k].data[i]), 6e-8, k)
      );
    }
  }
});

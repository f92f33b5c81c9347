/**
 * `Linear`, `RecurrentRegressionModel` with `mseLoss`, and the initial
 * weights of every module against PyTorch 1.13 (fixtures written by
 * `tools/fixtures/torch_nn.py`).
 */
import { assertEquals, assertLess } from "@std/assert";
import { Generator } from "../random/generator.ts";
import { Tensor } from "../tensor/tensor.ts";
import "../tensor/methods.ts";
import { GRU } from "./gru.ts";
import { Linear } from "./linear.ts";
import { LSTM } from "./lstm.ts";
import type { Module, StateDict } from "./module.ts";
import { mseLoss } from "./mse_loss.ts";
import { RecurrentRegressionModel } from "./recurrent_regression_model.ts";
import { RNN } from "./rnn.ts";

interface Json {
  shape: number[];
  data: number[];
}
// deno-lint-ignore no-explicit-any
type Case = any;

const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/torch_nn.json", import.meta.url)),
) as { cases: Case[] };
const cases = fixture.cases;
const TOL = 1e-10;
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

Deno.test("Linear matches torch.nn.Linear on a 3-D input, gradients included", () => {
  const c = cases.find((c) => c.kind === "linear");
  const lin = new Linear(4, 3);
  lin.loadStateDict(toDict(c.stateDict));
  const x = toTensor(c.x, true);
  const out = lin.forward(x);
  assertClose(out, c.outputs[0], "output");
  out.mul(toTensor(c.weights[0])).sum().backward();
  for (const [k, p] of lin.namedParameters()) {
    assertClose(p.grad, c.grads[k], `grad ${k}`);
  }
  assertClose(x.grad, c.gradX, "grad x");
});

Deno.test("RecurrentRegressionModel(RNN(2, 4, 2), 3) + mseLoss match PyTorch's loss and gradients, loaded by PyTorch's keys", () => {
  const c = cases.find((c) => c.kind === "model");
  const model = new RecurrentRegressionModel(new RNN(2, 4, 2), 3);
  assertEquals(
    Object.keys(model.stateDict()).sort(),
    Object.keys(c.stateDict).sort(),
  );
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

// PyTorch's float32 uniform_ computes u·(to − from) + from with a fused
// multiply-add (one rounding); lib/random's Generator rounds twice, so a few
// weights differ by one rounding of the bound's size (≤ 2^-24·0.58 < 6e-8).
Deno.test("Linear, LSTM, RNN and GRU built from Generator(seed) in float32 draw PyTorch's initial weights, in its order, to one float32 rounding", () => {
  const c = cases.find((c) => c.kind === "init");
  for (const m of c.modules) {
    const options = {
      generator: new Generator(m.seed),
      dtype: "float32" as const,
    };
    const [a, b, l] = m.args as number[];
    const make: Record<string, () => Module> = {
      Linear: () => new Linear(a, b, options),
      LSTM: () => new LSTM(a, b, l, options),
      RNN: () => new RNN(a, b, l, options),
      GRU: () => new GRU(a, b, l, options),
    };
    const module = make[m.kind]();
    const sd = module.stateDict();
    assertEquals(Object.keys(sd), Object.keys(m.stateDict), m.kind);
    for (const [k, v] of Object.entries(sd)) {
      assertEquals(v.shape, m.stateDict[k].shape, k);
      v.data.forEach((w, i) =>
        assertLess(Math.abs(w - m.stateDict[k].data[i]), 6e-8, `${m.kind} ${k}`)
      );
    }
  }
});

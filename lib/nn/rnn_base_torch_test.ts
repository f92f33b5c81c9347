/**
 * The recurrent modules against PyTorch 1.13 (fixtures written by
 * `tools/fixtures/torch_recurrent.py`): float64 2-layer RNN (tanh, ReLU),
 * LSTM and GRU, with and without h0, and weights in PyTorch's safetensors
 * files.
 */
import { assertEquals, assertLess } from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import "../tensor/methods.ts";
import { useWasmKernels } from "../kernels/wasm.ts";
import { GRU } from "./gru.ts";
import { LSTM } from "./lstm.ts";
import { RNN } from "./rnn.ts";
import type { RNNBase } from "./rnn_base.ts";
import { loadSafetensors } from "./safetensors.ts";

interface Flat {
  shape: number[];
  data: number[];
}
interface Case {
  mode: string;
  bias: boolean;
  withH0: boolean;
  sizes: {
    batch: number;
    steps: number;
    input: number;
    hidden: number;
    layers: number;
  };
  stateDict: Record<string, Flat>;
  inputs: Record<string, Flat>;
  lossWeights: Record<string, Flat>;
  output: Flat;
  hN: Flat;
  cN?: Flat;
  loss: number;
  grads: Record<string, Flat>;
}

const fixtures = JSON.parse(
  Deno.readTextFileSync(
    new URL("./testdata/torch_recurrent.json", import.meta.url),
  ),
) as { torch: string; cases: Case[] };

const tensorOf = (f: Flat, requiresGrad = false) =>
  new Tensor(Float64Array.from(f.data), f.shape, requiresGrad);

function maxDiff(a: Tensor, e: Flat): number {
  assertEquals(a.shape, e.shape);
  let m = 0;
  a.data.forEach((v, i) => m = Math.max(m, Math.abs(v - e.data[i])));
  return m;
}

function build(c: Case): RNNBase {
  const { input, hidden, layers } = c.sizes;
  const options = { bias: c.bias };
  if (c.mode === "LSTM") return new LSTM(input, hidden, layers, options);
  if (c.mode === "GRU") return new GRU(input, hidden, layers, options);
  const nonlinearity = c.mode === "RNN_RELU" ? "relu" : "tanh";
  return new RNN(input, hidden, layers, { ...options, nonlinearity });
}

function check(c: Case): void {
  const net = build(c);
  net.loadStateDict(
    Object.fromEntries(
      Object.entries(c.stateDict).map(([k, v]) => [k, tensorOf(v)]),
    ),
  );
  const x = tensorOf(c.inputs.x, true);
  const h0 = c.inputs.h0 ? tensorOf(c.inputs.h0, true) : undefined;
  const c0 = c.inputs.c0 ? tensorOf(c.inputs.c0, true) : undefined;
  const { output, hN, cN } = net.run(x, h0, c0);
  const tol = 1e-10;
  assertLess(maxDiff(output, c.output), tol, "output");
  assertLess(maxDiff(hN, c.hN), tol, "hN");
  let loss = output.mul(tensorOf(c.lossWeights.R)).sum()
    .add(hN.mul(tensorOf(c.lossWeights.S)).sum());
  if (c.cN) {
    assertLess(maxDiff(cN!, c.cN), tol, "cN");
    loss = loss.add(cN!.mul(tensorOf(c.lossWeights.Sc)).sum());
  }
  assertLess(Math.abs(loss.item() - c.loss), tol * Math.abs(c.loss) + tol);
  loss.backward();
  const named = Object.fromEntries(net.namedParameters());
  assertEquals(
    Object.keys(named).sort(),
    Object.keys(c.grads).filter((k) => !["x", "h0", "c0"].includes(k)).sort(),
  );
  for (const [k, p] of Object.entries(named)) {
    assertLess(maxDiff(p.grad!, c.grads[k]), tol, `d loss / d ${k}`);
  }
  assertLess(maxDiff(x.grad!, c.grads.x), tol, "d loss / d x");
  if (h0) assertLess(maxDiff(h0.grad!, c.grads.h0), tol, "d loss / d h0");
  if (c0) assertLess(maxDiff(c0.grad!, c.grads.c0), tol, "d loss / d c0");
}

const name = (c: Case) =>
  `${c.mode}${c.bias ? "" : " without biases"}, 2 layers, ${
    c.withH0 ? "from h0" : "from zeros"
  }`;

for (const c of fixtures.cases) {
  Deno.test(`${name(c)}: outputs, final states and every gradient equal torch ${fixtures.torch} to 1e-10`, () =>
    check(c));
}

Deno.test(
  "the plain JavaScript path equals torch too (WebAssembly switched off)",
  () => {
    const before = useWasmKernels(false);
    try {
      for (const c of fixtures.cases) check(c);
    } finally {
      useWasmKernels(before);
    }
  },
);

const outputs = JSON.parse(
  Deno.readTextFileSync(
    new URL("./testdata/torch_safetensors.json", import.meta.url),
  ),
) as {
  lstm: { x: Flat; output: Flat; hN: Flat; cN: Flat };
  gru: { x: Flat; output: Flat; hN: Flat };
};

Deno.test(
  "a float32 nn.LSTM saved by torch as .safetensors loads as float32 and gives torch's outputs",
  async () => {
    const dict = await loadSafetensors(
      new URL("./testdata/torch_lstm.safetensors", import.meta.url).pathname,
    );
    assertEquals(
      Object.values(dict).map((t) => t.dtype),
      Array(8).fill("float32"),
    );
    const lstm = new LSTM(3, 8, 2, { dtype: "float32" });
    lstm.loadStateDict(dict);
    const x = new Tensor(
      Float32Array.from(outputs.lstm.x.data),
      outputs.lstm.x.shape,
    );
    const [out, [hN, cN]] = lstm.forward(x);
    assertEquals(out.dtype, "float32");
    assertLess(maxDiff(out, outputs.lstm.output), 1e-6);
    assertLess(maxDiff(hN, outputs.lstm.hN), 1e-6);
    assertLess(maxDiff(cN, outputs.lstm.cN), 1e-6);
  },
);

Deno.test(
  "a float64 nn.GRU saved by torch as .safetensors gives torch's outputs to 1e-12",
  async () => {
    const bytes = await Deno.readFile(
      new URL("./testdata/torch_gru_f64.safetensors", import.meta.url),
    );
    const dict = await loadSafetensors(bytes);
    const gru = new GRU(3, 5, 1);
    gru.loadStateDict(dict);
    const [out, hN] = gru.forward(tensorOf(outputs.gru.x));
    assertLess(maxDiff(out, outputs.gru.output), 1e-12);
    assertLess(maxDiff(hN, outputs.gru.hN), 1e-12);
  },
);

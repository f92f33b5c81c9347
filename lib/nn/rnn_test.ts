import {
  assertAlmostEquals,
  assertEquals,
  assertLess,
  assertThrows,
} from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { Generator } from "../random/generator.ts";
import { tensor } from "../tensor/creation.ts";
import { select } from "../tensor/index.ts";
import type { Tensor } from "../tensor/tensor.ts";
import "../tensor/methods.ts";
import { rnnCellSpec } from "./rnn_cell_spec.ts";
import { recurrentSequence } from "./recurrent_sequence.ts";
import { RNN } from "./rnn.ts";

const SEED_DATA = [
  [[0.1, 0.15], [0.2, 0.25], [0.3, 0.35], [0.4, 0.45]],
  [[-0.1, -1.5], [-0.2, -2.5], [-0.3, -3.5], [-0.4, -0.45]],
];
// Lab 4's expected hidden states (PyTorch, float32, 4 decimals) for a
// one-bias RNN with every weight −0.1.
const SEED_ALL_H = [
  [-0.1244, -0.1073, -0.1320, -0.1444],
  [0.0599, 0.1509, 0.2305, -0.0840],
].map((row) => row.map((v) => [v, v, v]));
const SEED_TWO_LAYERS = [
  [-0.0626, -0.0490, -0.0457, -0.0430],
  [-0.1174, -0.1096, -0.1354, -0.0342],
].map((row) => row.map((v) => [v, v, v]));

function maxAbsDiff(a: Tensor, expected: unknown): number {
  const e = tensor(expected as number[]);
  assertEquals(a.shape, e.shape);
  let m = 0;
  a.data.forEach((v, i) => m = Math.max(m, Math.abs(v - e.data[i])));
  return m;
}

/** Every weight and b_ih to `value`, b_hh to 0: the seed's one bias. */
function seedWeights(rnn: RNN, value: number): void {
  rnn.loadStateDict(
    Object.fromEntries(
      Object.entries(rnn.stateDict()).map((
        [k, v],
      ) => [k, v.mul(0).add(k.startsWith("bias_hh") ? 0 : value)]),
    ),
  );
}

Deno.test("RNN with 1 and 2 layers reproduces lab 4's expected tensors (b_ih = −0.1, b_hh = 0)", () => {
  const one = new RNN(2, 3, 1);
  seedWeights(one, -0.1);
  const [a1, l1] = one.forward(tensor(SEED_DATA));
  assertLess(maxAbsDiff(a1, SEED_ALL_H), 1e-4);
  assertLess(maxAbsDiff(l1, [SEED_ALL_H.map((r) => r[3])]), 1e-4);
  const two = new RNN(2, 3, 2);
  seedWeights(two, -0.1);
  const [a2, l2] = two.forward(tensor(SEED_DATA));
  assertLess(maxAbsDiff(a2, SEED_TWO_LAYERS), 1e-4);
  assertLess(
    maxAbsDiff(l2, [
      SEED_ALL_H.map((r) => r[3]),
      SEED_TWO_LAYERS.map((r) => r[3]),
    ]),
    1e-4,
  );
});

Deno.test("RNN has PyTorch's parameter count: two biases per layer, none with bias: false", () => {
  assertEquals(new RNN(2, 3, 1).numParameters(), 45 - 24);
  assertEquals(new RNN(2, 3, 2).numParameters(), 21 + 24);
  assertEquals(
    new RNN(2, 3, 2, { bias: false }).numParameters(),
    6 + 9 + 9 + 9,
  );
  assertEquals(Object.keys(new RNN(2, 3, 2, { bias: false }).stateDict()), [
    "weight_ih_l0",
    "weight_hh_l0",
    "weight_ih_l1",
    "weight_hh_l1",
  ]);
});

Deno.test("RNN.forward(x, h0) starts each layer from its slice of h0 (L, B, H)", () => {
  const g = new Generator(5);
  const rnn = new RNN(2, 3, 2, { generator: g });
  const x = g.randn([4, 5, 2]);
  const h0 = g.randn([2, 4, 3]);
  const [out, hN] = rnn.forward(x, h0);
  const spec = rnnCellSpec("tanh");
  const a1 = recurrentSequence(spec, x, select(h0, 0, 0), null, rnn.layers[0]);
  const a2 = recurrentSequence(spec, a1, select(h0, 0, 1), null, rnn.layers[1]);
  assertEquals(Array.from(out.data), Array.from(a2.data));
  assertEquals(hN.shape, [2, 4, 3]);
  assertEquals(
    Array.from(select(hN, 0, 1).data),
    Array.from(select(a2, 1, 4).data),
  );
  const [zero] = rnn.forward(x);
  assertLess(0, Math.abs(zero.data[0] - out.data[0]));
});

Deno.test("RNN.forward refuses an h0 of the wrong shape, naming both", () => {
  const rnn = new RNN(2, 3, 2);
  const x = new Generator(1).randn([4, 5, 2]);
  assertThrows(
    () => rnn.forward(x, new Generator(1).randn([1, 4, 3])),
    TypeError,
    "Expected hidden size [2, 4, 3] (num_layers, batch, hidden_size), got [1, 4, 3]",
  );
});

Deno.test("RNN refuses bad inputs and sizes, naming them", () => {
  assertThrows(
    () => new RNN(2, 3).forward(tensor([[[1, 2, 3]]])),
    TypeError,
    "input.size(-1) must be equal to inputSize. Expected 2, got 3",
  );
  assertThrows(() => new RNN(1, 3).forward(tensor([[1]])), TypeError, "3-D");
  assertThrows(
    () => new RNN(1, 3, 0),
    RangeError,
    "numLayers must be an integer ≥ 1, got 0",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => new RNN(1, 3, 1, { nonlinearity: "sigmoid" as any }),
    RangeError,
    "Unknown nonlinearity 'sigmoid'",
  );
});

Deno.test("RNN's h0 gradient and every ReLU/identity gradient equal finite differences", () => {
  const g = new Generator(9);
  for (const nonlinearity of ["tanh", "relu", "identity"] as const) {
    const rnn = new RNN(2, 3, 2, { generator: g, nonlinearity });
    const x = g.randn([2, 4, 2]);
    const h0 = g.randn([2, 2, 3]);
    const r = gradcheck((h, xx) => rnn.forward(xx, h)[0].square().sum(), [
      h0,
      x,
    ]);
    assertLess(r.maxRelativeError, 1e-6, nonlinearity);
    const p = gradcheck(
      (..._p) => rnn.forward(x, h0)[1].square().sum(),
      rnn.parameters(),
    );
    assertLess(p.maxRelativeError, 1e-6, nonlinearity);
  }
});

Deno.test("RNN(1, 1) with every weight 0.1 and b_hh = 0 outputs tanh(0.2)", () => {
  const rnn = new RNN(1, 1);
  seedWeights(rnn, 0.1);
  assertAlmostEquals(
    rnn.forward(tensor([[[1]]]))[1].item(),
    Math.tanh(0.2),
    1e-15,
  );
});

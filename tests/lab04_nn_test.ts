/**
 * lib/nn and lib/optim on the lab-4 seed's numbers, hand-computed cases and
 * finite differences.
 */
import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertLess,
  assertThrows,
} from "@std/assert";
import {
  arange,
  cumsum,
  Generator,
  gradcheck,
  type Tensor,
  tensor,
} from "../lib/mod.ts";
import { generateBatch } from "../course/rubric/lab04_reference.ts";
import {
  Linear,
  linear,
  LSTM,
  lstmCell,
  LSTMLayer,
  lstmSequence,
  type Module,
  mseLoss,
  RecurrentRegressionModel,
  RNN,
  rnnCell,
  RNNLayer,
  rnnSequence,
} from "../lib/nn/mod.ts";
import { Adam, clipGradNorm, SGD } from "../lib/optim/mod.ts";
import { RandomState } from "../lib/random/random_state.ts";

const SEED_DATA = [
  [[0.1, 0.15], [0.2, 0.25], [0.3, 0.35], [0.4, 0.45]],
  [[-0.1, -1.5], [-0.2, -2.5], [-0.3, -3.5], [-0.4, -0.45]],
];

function setAll(m: Module, value: number): void {
  m.loadStateDict(
    Object.fromEntries(
      Object.entries(m.stateDict()).map(([k, v]) => [k, v.mul(0).add(value)]),
    ),
  );
}

function maxAbsDiff(a: Tensor, expected: unknown): number {
  const e = tensor(expected as number[]);
  assertEquals(a.shape, e.shape);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    m = Math.max(m, Math.abs(a.data[i] - e.data[i]));
  }
  return m;
}

function randn(rs: RandomState, ...shape: [number, ...number[]]): Tensor {
  return rs.randn(...shape);
}

Deno.test("RNNLayer(1, 1) with all weights 0.1 outputs tanh(0.2) ≈ 0.1973753", () => {
  const rnn = new RNNLayer(1, 1);
  setAll(rnn, 0.1);
  const [allH, lastH] = rnn.forward(tensor([[[1]]]));
  assertEquals(allH.shape, [1, 1, 1]);
  assertLess(Math.abs(lastH.item() - 0.1973753273487091), 1e-4);
  assertEquals(allH.data[0], lastH.data[0]);
});

Deno.test("RNNLayer(2, 3) has 18 parameters and matches the seed's identity-activation tensors", () => {
  const rnn = new RNNLayer(2, 3, { nonlinearity: "identity" });
  assertEquals(rnn.numParameters(), 18);
  setAll(rnn, -0.1);
  const [allH, lastH] = rnn.forward(tensor(SEED_DATA));
  const e = [[-0.1250, -0.1075, -0.1328, -0.1452], [
    0.0600,
    0.1520,
    0.2344,
    -0.0853,
  ]];
  const expected = e.map((row) => row.map((v) => [v, v, v]));
  assertLess(maxAbsDiff(allH, expected), 1e-4);
  assertLess(maxAbsDiff(lastH, expected.map((r) => r[3])), 1e-4);
  // A function nonlinearity takes the unfused path and agrees.
  const fn = new RNNLayer(2, 3, { nonlinearity: (z) => z });
  setAll(fn, -0.1);
  assertLess(
    maxAbsDiff(fn.forward(tensor(SEED_DATA))[0], allH.tolist()),
    1e-15,
  );
});

const SEED_ALL_H = [
  [-0.1244, -0.1073, -0.1320, -0.1444],
  [0.0599, 0.1509, 0.2305, -0.0840],
].map((row) => row.map((v) => [v, v, v]));

Deno.test("RecurrentRegressionModel(RNNLayer(2, 3), 4) has 34 parameters and matches the seed", () => {
  const model = new RecurrentRegressionModel(new RNNLayer(2, 3), 4);
  assertEquals(model.numParameters(), 34);
  setAll(model, -0.1);
  const [preds, allH] = model.forward(tensor(SEED_DATA));
  const p = [[-0.0627, -0.0678, -0.0604, -0.0567], [
    -0.1180,
    -0.1453,
    -0.1692,
    -0.0748,
  ]];
  assertLess(maxAbsDiff(preds, p.map((r) => r.map((v) => [v, v, v, v]))), 1e-4);
  assertLess(maxAbsDiff(allH, SEED_ALL_H), 1e-4);
});

Deno.test("RNN with 1 and 2 layers matches the seed's expected tensors", () => {
  const one = new RNN(2, 3, 1);
  setAll(one, -0.1);
  const [a1, l1] = one.forward(tensor(SEED_DATA));
  assertLess(maxAbsDiff(a1, SEED_ALL_H), 1e-4);
  assertLess(maxAbsDiff(l1, [SEED_ALL_H.map((r) => r[3])]), 1e-4);
  const two = new RNN(2, 3, 2);
  setAll(two, -0.1);
  const [a2, l2] = two.forward(tensor(SEED_DATA));
  const e2 = [[-0.0626, -0.0490, -0.0457, -0.0430], [
    -0.1174,
    -0.1096,
    -0.1354,
    -0.0342,
  ]].map((row) => row.map((v) => [v, v, v]));
  assertLess(maxAbsDiff(a2, e2), 1e-4);
  assertLess(
    maxAbsDiff(l2, [SEED_ALL_H.map((r) => r[3]), e2.map((r) => r[3])]),
    1e-4,
  );
});

Deno.test("namedParameters uses dotted PyTorch-style names", () => {
  const model = new RecurrentRegressionModel(new LSTM(1, 4, 2));
  assertEquals(model.namedParameters().map(([k]) => k), [
    "recurrentNet.layers.0.weightIh",
    "recurrentNet.layers.0.weightHh",
    "recurrentNet.layers.0.biasIh",
    "recurrentNet.layers.0.biasHh",
    "recurrentNet.layers.1.weightIh",
    "recurrentNet.layers.1.weightHh",
    "recurrentNet.layers.1.biasIh",
    "recurrentNet.layers.1.biasHh",
    "linear.weight",
    "linear.bias",
  ]);
});

Deno.test("loadStateDict names missing and unexpected keys and shape mismatches", () => {
  const rnn = new RNNLayer(2, 3);
  const sd = rnn.stateDict();
  const { bias: _, ...noBias } = sd;
  assertThrows(
    () => rnn.loadStateDict({ ...noBias, extra: tensor([1]) }),
    RangeError,
    'Missing key(s) in state_dict: "bias". Unexpected key(s) in state_dict: "extra".',
  );
  assertThrows(
    () => rnn.loadStateDict({ ...sd, weightHh: tensor([[1, 2]]) }),
    TypeError,
    "size mismatch for weightHh: copying a param with shape [1, 2] from checkpoint, the shape in current model is [3, 3]",
  );
  rnn.loadStateDict({ bias: tensor([1, 2, 3]) }, false);
  assertEquals(Array.from(rnn.bias.data), [1, 2, 3]);
  sd.bias.data[0] = 99; // the dict is a copy
  assertEquals(rnn.bias.data[0], 1);
});

Deno.test("Linear initialises from U(-1/sqrt(in), 1/sqrt(in)) with the passed generator", () => {
  const a = new Linear(16, 8, { generator: new RandomState(5) });
  const b = new Linear(16, 8, { generator: new RandomState(5) });
  assertEquals(a.weight.tolist(), b.weight.tolist());
  assert(a.weight.data.every((v) => Math.abs(v) <= 0.25));
  assert(a.bias!.data.every((v) => Math.abs(v) <= 0.25));
  assertEquals(new Linear(3, 2, { bias: false }).numParameters(), 6);
});

Deno.test("LSTMLayer matches a one-unit step computed by hand, gates in the order i, f, g, o", () => {
  const lstm = new LSTMLayer(1, 1);
  // W_ih = [i, f, g, o] = [0.5, -0.3, 0.8, 0.2], W_hh = [0.1, 0.2, -0.4, 0.3],
  // b_ih = [0.05, 0.1, -0.05, 0], b_hh = [0, 0.2, 0.1, -0.1].
  lstm.loadStateDict({
    weightIh: tensor([[0.5], [-0.3], [0.8], [0.2]]),
    weightHh: tensor([[0.1], [0.2], [-0.4], [0.3]]),
    biasIh: tensor([0.05, 0.1, -0.05, 0]),
    biasHh: tensor([0, 0.2, 0.1, -0.1]),
  });
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = 0, c = 0;
  const hs: number[] = [];
  for (const x of [1, -2]) {
    const i = sig(0.5 * x + 0.1 * h + 0.05);
    const f = sig(-0.3 * x + 0.2 * h + 0.3);
    const g = Math.tanh(0.8 * x - 0.4 * h + 0.05);
    const o = sig(0.2 * x + 0.3 * h - 0.1);
    c = f * c + i * g;
    h = o * Math.tanh(c);
    hs.push(h);
  }
  const [out, [hN, cN]] = lstm.forward(tensor([[[1], [-2]]]));
  assertAlmostEquals(out.data[0], hs[0], 1e-15);
  assertAlmostEquals(out.data[1], hs[1], 1e-15);
  assertAlmostEquals(hN.item(), h, 1e-15);
  assertAlmostEquals(cN.item(), c, 1e-15);
});

Deno.test("fused linear, rnnCell and lstmCell pass gradcheck for every input", () => {
  const rs = new RandomState(1);
  const r = linear;
  for (
    const [name, fn, inputs] of [
      ["linear", (x, w, b) => r(x, w, b), [
        randn(rs, 2, 3, 4),
        randn(rs, 5, 4),
        randn(rs, 5),
      ]],
      ...(["tanh", "relu", "identity"] as const).map((act) => [
        `rnnCell ${act}`,
        (
          x: Tensor,
          h: Tensor,
          wi: Tensor,
          wh: Tensor,
          b1: Tensor,
          b2: Tensor,
        ) => rnnCell(x, h, wi, wh, b1, b2, act),
        [
          randn(rs, 3, 2),
          randn(rs, 3, 4),
          randn(rs, 4, 2),
          randn(rs, 4, 4),
          randn(rs, 4),
          randn(rs, 4),
        ],
      ]),
      ["lstmCell", lstmCell, [
        randn(rs, 3, 2),
        randn(rs, 3, 4),
        randn(rs, 3, 4),
        randn(rs, 16, 2),
        randn(rs, 16, 4),
        randn(rs, 16),
        randn(rs, 16),
      ]],
      ["mseLoss", (a, b) => mseLoss(a, b), [randn(rs, 3, 4), randn(rs, 3, 4)]],
    ] as [string, (...t: Tensor[]) => Tensor, Tensor[]][]
  ) {
    const { maxRelativeError } = gradcheck(fn, inputs);
    assertLess(maxRelativeError, 1e-7, name);
  }
});

Deno.test("whole RNN and LSTM regression models pass gradcheck (float64)", () => {
  const rs = new RandomState(2);
  for (
    const net of [
      new RNN(2, 4, 2, { generator: rs }),
      new RNN(2, 3, 1, { generator: rs, nonlinearity: "relu" }),
      new LSTM(2, 3, 2, { generator: rs }),
    ]
  ) {
    const model = new RecurrentRegressionModel(net, 2, { generator: rs });
    const x = randn(rs, 3, 5, 2), y = randn(rs, 3, 5, 2);
    const params = model.parameters();
    const { maxRelativeError } = gradcheck(
      (..._p) => mseLoss(model.forward(x)[0], y),
      params,
    );
    assertLess(maxRelativeError, 1e-7, net.constructor.name);
    // And through the input.
    const gx = gradcheck((xx) => mseLoss(model.forward(xx)[0], y), [x]);
    assertLess(gx.maxRelativeError, 1e-7);
  }
});

Deno.test("RNNLayer.hList holds the total dL/dh_t after backward", () => {
  const rs = new RandomState(3);
  const fused = new RNNLayer(1, 4, { generator: rs });
  const plain = new RNNLayer(1, 4, { nonlinearity: (z) => z.tanh() });
  plain.loadStateDict(fused.stateDict());
  const head = new Linear(4, 1, { generator: rs });
  const x = randn(rs, 2, 6, 1), y = randn(rs, 2, 6, 1);
  for (const rnn of [fused, plain]) {
    mseLoss(head.forward(rnn.forward(x)[0]), y).backward();
  }
  assertEquals(fused.hList.length, 6);
  for (let t = 0; t < 6; t++) {
    assertLess(
      maxAbsDiff(fused.hList[t].grad!, plain.hList[t].grad!.tolist()),
      1e-15,
    );
  }
  // At the last step only the read-out contributes: dL/dh_T = dL/dy_T · W.
  const [pred] = [head.forward(fused.forward(x)[0])];
  for (let b = 0; b < 2; b++) {
    const dy = 2 * (pred.data[b * 6 + 5] - y.data[b * 6 + 5]) / 12;
    for (let j = 0; j < 4; j++) {
      assertAlmostEquals(
        plain.hList[5].grad!.data[b * 4 + j],
        dy * head.weight.data[j],
        1e-14,
      );
    }
  }
  assert(Math.abs(plain.hList[0].grad!.data[0]) > 0);
});

Deno.test("Adam and SGD follow PyTorch's update rules", () => {
  const p = tensor([1, -2], { requiresGrad: true });
  const opt = new Adam([p], {
    lr: 0.1,
    betas: [0.8, 0.9],
    eps: 1e-6,
    weightDecay: 0.01,
  });
  const ref = [1, -2], m = [0, 0], v = [0, 0];
  for (let t = 1; t <= 3; t++) {
    p.grad = tensor([0.5 * t, -1 / t]);
    opt.step();
    for (let k = 0; k < 2; k++) {
      const g = [0.5 * t, -1 / t][k] + 0.01 * ref[k];
      m[k] = 0.8 * m[k] + 0.2 * g;
      v[k] = 0.9 * v[k] + 0.1 * g * g;
      const mh = m[k] / (1 - 0.8 ** t);
      ref[k] -= 0.1 * mh / (Math.sqrt(v[k] / (1 - 0.9 ** t)) + 1e-6);
    }
  }
  assertAlmostEquals(p.data[0], ref[0], 1e-12);
  assertAlmostEquals(p.data[1], ref[1], 1e-12);

  const q = tensor([1], { requiresGrad: true });
  const sgd = new SGD([q], { lr: 0.1, momentum: 0.9 });
  q.grad = tensor([1]);
  sgd.step(); // buf = 1, q = 0.9
  sgd.step(); // buf = 1.9, q = 0.71
  assertAlmostEquals(q.item(), 0.71, 1e-12);
  sgd.zeroGrad();
  assertEquals(q.grad, null);
});

Deno.test("clipGradNorm rescales to maxNorm and returns the norm before clipping", () => {
  const a = tensor([0], { requiresGrad: true }),
    b = tensor([0], { requiresGrad: true });
  a.grad = tensor([6]);
  b.grad = tensor([8]);
  assertEquals(clipGradNorm([a, b], 5), 10);
  assertAlmostEquals(a.grad.item(), 3, 1e-6);
  assertAlmostEquals(b.grad.item(), 4, 1e-6);
});

Deno.test("recurrent layers reject inputs of the wrong shape, naming the sizes", () => {
  assertThrows(
    () => new RNNLayer(2, 3).forward(tensor([[[1, 2, 3]]])),
    TypeError,
    "input.size(-1) must be equal to inputSize. Expected 2, got 3",
  );
  assertThrows(() => new LSTM(1, 3).forward(tensor([[1]])), TypeError, "3-D");
  assertThrows(() => new RNN(1, 3, 0), RangeError, "numLayers");
});

Deno.test("fused rnnSequence and lstmSequence pass gradcheck for every input, h0 and c0 included", () => {
  const rs = new RandomState(11);
  for (const act of ["tanh", "relu", "identity"] as const) {
    const inputs = [
      randn(rs, 4, 3, 2),
      randn(rs, 4, 4),
      randn(rs, 4, 2),
      randn(rs, 4, 4),
      randn(rs, 4),
      randn(rs, 4),
    ];
    const { maxRelativeError } = gradcheck(
      (x, h0, wi, wh, b1, b2) => rnnSequence(x, h0, wi, wh, b1, b2, act),
      inputs,
    );
    assertLess(maxRelativeError, 1e-7, `rnnSequence ${act}`);
  }
  const inputs = [
    randn(rs, 4, 3, 4),
    randn(rs, 4, 4),
    randn(rs, 4, 4),
    randn(rs, 16, 4),
    randn(rs, 16, 4),
    randn(rs, 16),
    randn(rs, 16),
  ];
  const { maxRelativeError } = gradcheck(
    (x, h0, c0, wi, wh, b1, b2) => lstmSequence(x, h0, c0, wi, wh, b1, b2),
    inputs,
  );
  assertLess(maxRelativeError, 1e-7, "lstmSequence");
});

Deno.test("fused layers equal the per-step cells, hList gradients included", () => {
  const rs = new RandomState(12);
  for (const kind of ["rnn", "lstm"] as const) {
    const fused = kind === "rnn" ? new RNNLayer(3, 8) : new LSTMLayer(3, 8);
    const cells = kind === "rnn"
      ? new RNNLayer(3, 8, { nonlinearity: (z) => z.tanh() })
      : new LSTMLayer(3, 8);
    cells.loadStateDict(fused.stateDict());
    const x = randn(rs, 8, 5, 3), r = randn(rs, 8, 5, 8);
    const a = fused.forward(x)[0];
    // Batch 7 is not a multiple of 4: the cells path; run it row by row.
    const b = cells.forward(x.index("0:7"))[0];
    const bLast = cells.forward(x.index("7:8"))[0];
    assertLess(maxAbsDiff(a.index("0:7"), b.tolist()), 1e-14, kind);
    assertLess(maxAbsDiff(a.index("7:8"), bLast.tolist()), 1e-14, kind);
    a.mul(r).sum().backward();
    const g1 = fused.parameters().map((p) => p.grad!);
    const hGrads = fused.hList.map((h) => h.grad!);
    fused.zeroGrad();
    cells.zeroGrad();
    const c7 = cells.forward(x.index("0:7"))[0];
    c7.mul(r.index("0:7")).sum().backward();
    const h7 = cells.hList.map((h) => h.grad!);
    const c1 = cells.forward(x.index("7:8"))[0];
    c1.mul(r.index("7:8")).sum().backward();
    cells.parameters().forEach((p, i) =>
      assertLess(
        maxAbsDiff(p.grad!, g1[i].tolist()),
        1e-12,
        `${kind} grad ${i}`,
      )
    );
    h7.forEach((g, t) =>
      assertLess(
        maxAbsDiff(g, hGrads[t].index("0:7").tolist()),
        1e-13,
        `dL/dh_${t + 1}`,
      )
    );
  }
});

Deno.test("the reference generateBatch equals cumsum(x) / [1..T] computed with tensor ops", () => {
  const g = new Generator(3);
  const [x, y] = generateBatch(g, 7, 5);
  const expected = cumsum(x, 1).div(arange(1, 8).reshape(1, 7, 1));
  assertEquals(Array.from(y.data), Array.from(expected.data));
});

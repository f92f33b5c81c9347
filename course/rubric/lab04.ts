/**
 * Exercise checks of lab 4, `notebooks/04_rnn_lstm_gradient_flow.ipynb`
 * (RNNs, LSTMs and gradient flow). `deno test` runs them on the solution
 * notebook; graders run them on students' copies (`deno task grade`).
 *
 * The notebook must define these top-level names:
 * - `class RNNLayer extends nn.Module` — `new RNNLayer(inputSize, hiddenSize,
 *   nonlinearity?, { generator }?)`, `forward(x (B,T,D))` → `[allH (B,T,H),
 *   lastH (B,H)]`, `hList` (the per-step hidden states, `retainGrad()`ed);
 * - `class RecurrentRegressionModel extends nn.Module` —
 *   `new RecurrentRegressionModel(recurrentNet, outputDim?)`, `forward(x)` →
 *   `[out (B,T,O), allH (B,T,H)]`;
 * - `lossFn(pred, y, lastTimestepOnly)` → 0-d Tensor;
 * - `biggestEigMagnitude(matrix)` → number; `scaleWeights(stateDict,
 *   weightVal, biasVal)` → state dict; `recurrentWeight(rnnLayer)` → Tensor;
 * - `class RNN extends nn.Module` — `new RNN(inputSize, hiddenSize,
 *   numLayers)`, `forward(x)` → `[lastLayerH (B,T,H), lastStepH (L,B,H)]`;
 * - `predictAllLosses`, `predictOneLosses`, `lstmAllLosses`, `lstmOneLosses`
 *   (number[][]: per model, the loss of every batch).
 *
 * The student's modules are compared with `lib/nn` on fresh random weights:
 * the lib's weights are copied in by name, or (when the names differ, e.g.
 * two `nn.Linear`s) by shape in parameter order. The checks run in the
 * grader; the student's modules stay in the notebook's process and are
 * driven by requests (`StudentNotebook`).
 *
 * @module
 */
import { assert, assertEquals, assertLess } from "@std/assert";
import type {
  ExerciseCheck,
  Figures,
  Seeds,
  StudentNotebook,
} from "./checks.ts";
import { asTensor, asTensorPair } from "./answers.ts";
import { Generator, spectralRadius, Tensor, tensor } from "../../lib/mod.ts";
import * as nn from "../../lib/nn/mod.ts";
import { describeValue, Helper, type Remote } from "../runner/remote.ts";

const SEED_DATA = [
  [[0.1, 0.15], [0.2, 0.25], [0.3, 0.35], [0.4, 0.45]],
  [[-0.1, -1.5], [-0.2, -2.5], [-0.3, -3.5], [-0.4, -0.45]],
];
const SEED_ALL_H = [
  [-0.1244, -0.1073, -0.1320, -0.1444],
  [0.0599, 0.1509, 0.2305, -0.0840],
];
const triple = (rows: number[][], n = 3) =>
  rows.map((r) => r.map((v) => new Array(n).fill(v)));

function maxDiff(value: unknown, b: Tensor | unknown, what = "value"): number {
  const a = asTensor(value, what);
  const e = b instanceof Tensor ? b : tensor(b as number[]);
  assertEquals(a.shape, e.shape, `${what}: shape`);
  let m = 0;
  a.data.forEach((v, i) => m = Math.max(m, Math.abs(v - e.data[i])));
  return Number.isNaN(m) ? Infinity : m;
}

function stateDictOf(v: unknown, what: string): Record<string, Tensor> {
  if (
    typeof v !== "object" || v === null || v instanceof Tensor ||
    Array.isArray(v)
  ) {
    throw new TypeError(
      `${what} must be a state dict, got ${describeValue(v)}`,
    );
  }
  const out: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(v)) out[k] = asTensor(t, `${what}.${k}`);
  return out;
}

/** Sets every parameter of the student's module to `value`, through its own `loadStateDict`. */
async function setAll(m: Remote, value: number): Promise<void> {
  const sd = stateDictOf(await m.method("stateDict"), "stateDict()");
  await m.method(
    "loadStateDict",
    Object.fromEntries(
      Object.entries(sd).map(([k, v]) => [k, v.mul(0).add(value)]),
    ),
  );
}

/**
 * The lib module's parameters as a one-bias RNN (the lab's) sees them:
 * PyTorch's two biases of each `nn.RNN` layer folded into one (`b_ih +
 * b_hh` into `b_ih`, `b_hh` set to 0, so the lib module computes the same),
 * and `b_hh` left out.
 */
function oneBiasParameters(from: nn.Module): [string, Tensor][] {
  const params = from.namedParameters();
  const byName = new Map(params);
  for (const [k, p] of params) {
    const m = /^(.*)bias_hh_l(\d+)$/.exec(k);
    if (m === null) continue;
    const ih = byName.get(`${m[1]}bias_ih_l${m[2]}`)!;
    ih.data.forEach((v, i, a) => a[i] = v + p.data[i]);
    p.data.fill(0);
  }
  return params.filter(([k]) => !/bias_hh_l\d+$/.test(k));
}

/**
 * Copies the lib module's weights into the student's: by name, else by
 * shape in parameter order (see {@linkcode oneBiasParameters}).
 */
async function transfer(from: nn.Module, to: Remote): Promise<void> {
  const src = oneBiasParameters(from);
  const named = await to.method("namedParameters");
  assert(
    Array.isArray(named),
    `namedParameters() gave ${describeValue(named)}`,
  );
  const dst = named.map((e, k) => {
    assert(
      Array.isArray(e) && typeof e[0] === "string",
      "namedParameters() entries are [name, tensor]",
    );
    return [e[0], asTensor(e[1], `parameter ${k}`)] as [string, Tensor];
  });
  assertEquals(
    dst.reduce((n, [, p]) => n + p.numel(), 0),
    src.reduce((n, [, p]) => n + p.numel(), 0),
    "number of parameters",
  );
  const names = new Set(dst.map(([k]) => k));
  if (src.every(([k]) => names.has(k))) {
    await to.method("loadStateDict", Object.fromEntries(src));
    return;
  }
  const params = await to.methodRef("namedParameters");
  const used = new Set<number>();
  for (const [k, [, p]] of dst.entries()) {
    const i = src.findIndex(([, q], j) =>
      !used.has(j) && String(q.shape) === String(p.shape)
    );
    assert(i >= 0, `no lib parameter of shape [${p.shape}] for ${dst[k][0]}`);
    used.add(i);
    await (await (await params.ref(k)).ref(1)).assign(src[i][1]);
  }
}

const rand = (g: Generator, ...shape: number[]) => g.randn(shape);
const freshGenerator = (seeds: Seeds) => new Generator(seeds.next());

export const checks: ExerciseCheck[] = [
  {
    id: "ex1A.seed",
    exercise: "1.A RNNLayer",
    points: 2,
    description:
      "the seed's two tests: tanh(0.2) and the 2×4×3 identity case, 18 parameters",
    async run(nb) {
      const RNNLayer = await nb.needFunction("RNNLayer");
      const one = await RNNLayer.construct(1, 1);
      await setAll(one, 0.1);
      const [allH, lastH] = asTensorPair(
        await one.method("forward", tensor([[[1]]])),
        "forward",
      );
      assertLess(maxDiff(allH, [[[0.1973753273487091]]], "allH"), 1e-4);
      assertLess(maxDiff(lastH, [[0.1973753273487091]], "lastH"), 1e-4);
      const rnn = await RNNLayer.construct(2, 3, new Helper("identity"));
      assertEquals(
        await rnn.method("numParameters"),
        18,
        "RNNLayer(2, 3) parameters",
      );
      await setAll(rnn, -0.1);
      const [a, l] = asTensorPair(
        await rnn.method("forward", tensor(SEED_DATA)),
        "forward",
      );
      const e = triple([[-0.1250, -0.1075, -0.1328, -0.1452], [
        0.0600,
        0.1520,
        0.2344,
        -0.0853,
      ]]);
      assertLess(maxDiff(a, e, "allH"), 1e-4);
      assertLess(maxDiff(l, e.map((r) => r[3]), "lastH"), 1e-4);
    },
  },
  {
    id: "ex1A.lib",
    exercise: "1.A RNNLayer",
    points: 2,
    description: "equals lib nn.RNN on random weights, incl. dL/dh_t in hList",
    async run(nb, seeds) {
      const RNNLayer = await nb.needFunction("RNNLayer");
      const g = freshGenerator(seeds);
      for (const name of ["tanh", "identity"] as const) {
        const lib = new nn.RNN(3, 5, 1, { nonlinearity: name, generator: g });
        const mine = await RNNLayer.construct(3, 5, new Helper(name));
        await transfer(lib, mine);
        const x = rand(g, 4, 6, 3), r = rand(g, 4, 6, 5);
        const [a1, hN] = lib.forward(x);
        const l1 = hN.select(0, 0);
        const out = await mine.methodRef("forward", x);
        const a2 = await out.get(0), l2 = await out.get(1);
        assertLess(maxDiff(a2, a1, `allH (${name})`), 1e-10, `allH (${name})`);
        assertLess(
          maxDiff(l2, l1, `lastH (${name})`),
          1e-10,
          `lastH (${name})`,
        );
        a1.mul(r).sum().backward();
        const product = await (await out.ref(0)).methodRef("mul", r);
        await (await product.methodRef("sum")).method("backward");
        const hList = await mine.ref("hList");
        assertEquals(
          await hList.get("length"),
          6,
          "hList holds T hidden states",
        );
        for (let t = 0; t < 6; t++) {
          const grad = await (await hList.ref(t)).get("grad");
          assert(grad !== null, `hList[${t}].grad is null: call retainGrad()`);
          assertLess(
            maxDiff(grad, lib.hList[t].grad!, `dL/dh_${t + 1}`),
            1e-10,
            `dL/dh_${t + 1}`,
          );
        }
      }
    },
  },
  {
    id: "ex1B.model",
    exercise: "1.B RecurrentRegressionModel",
    points: 2,
    description:
      "34 parameters, the seed's predictions and hidden states, equals the lib on random weights",
    async run(nb, seeds) {
      const RNNLayer = await nb.needFunction("RNNLayer");
      const Model = await nb.needFunction("RecurrentRegressionModel");
      const m = await Model.construct(await RNNLayer.construct(2, 3), 4);
      assertEquals(await m.method("numParameters"), 34, "parameters");
      await setAll(m, -0.1);
      const [preds, allH] = asTensorPair(
        await m.method("forward", tensor(SEED_DATA)),
        "forward",
      );
      assertLess(maxDiff(allH, triple(SEED_ALL_H), "allH"), 1e-4);
      const p = [[-0.0627, -0.0678, -0.0604, -0.0567], [
        -0.1180,
        -0.1453,
        -0.1692,
        -0.0748,
      ]];
      assertLess(maxDiff(preds, triple(p, 4), "predictions"), 1e-4);
      const g = freshGenerator(seeds);
      const lib = new nn.RecurrentRegressionModel(
        new nn.RNN(2, 6, 1, { generator: g }),
        3,
        { generator: g },
      );
      const mine = await Model.construct(await RNNLayer.construct(2, 6), 3);
      await transfer(lib, mine);
      const x = rand(g, 3, 5, 2);
      const [mineOut] = asTensorPair(
        await mine.method("forward", x),
        "forward",
      );
      assertLess(maxDiff(mineOut, lib.forward(x)[0], "predictions"), 1e-10);
    },
  },
  {
    id: "ex1C.loss",
    exercise: "1.C lossFn",
    points: 1,
    description:
      "3.0067 and 3.7 on the seed's tensors; equals nn.mseLoss on random sequences",
    async run(nb, seeds) {
      const lossFn = await nb.needFunction("lossFn");
      const loss = async (...args: unknown[]) => {
        const v = asTensor(await lossFn.call(...args), "lossFn(…)");
        assertEquals(v.shape, [], "lossFn must return a scalar (0-d) tensor");
        return v.data[0];
      };
      const pred = tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
      const y = tensor([[-1.1, -1.2, -1.3], [-1.4, -1.5, -1.6]]);
      assertLess(Math.abs(await loss(pred, y, false) - 3.0067), 1e-4);
      assertLess(Math.abs(await loss(pred, y, true) - 3.7), 1e-4);
      const g = freshGenerator(seeds);
      const p = rand(g, 4, 7, 1), t = rand(g, 4, 7, 1);
      assertLess(
        Math.abs(await loss(p, t, false) - nn.mseLoss(p, t).item()),
        1e-12,
      );
      assertLess(
        Math.abs(
          await loss(p, t, true) -
            nn.mseLoss(p.select(1, 6), t.select(1, 6)).item(),
        ),
        1e-12,
      );
    },
  },
  {
    id: "ex1D.eig",
    exercise: "1.D gradient analysis",
    points: 0, // given code in the seed (not an exercise): checked, no points
    description:
      "biggestEigMagnitude on known matrices and against lib spectralRadius",
    async run(nb, seeds) {
      const eigFn = await nb.needFunction("biggestEigMagnitude");
      const eig = async (m: Tensor) => {
        const v = await eigFn.call(m);
        assert(
          typeof v === "number",
          `biggestEigMagnitude gave ${describeValue(v)}`,
        );
        return v;
      };
      assertLess(Math.abs(await eig(tensor([[0, -2], [2, 0]])) - 2), 1e-12); // ±2i
      assertLess(Math.abs(await eig(tensor([[2, 1], [1, 2]])) - 3), 1e-12); // 3 and 1
      assertLess(Math.abs(await eig(tensor([[-4, 0], [0, 1]])) - 4), 1e-12);
      const m = freshGenerator(seeds).randn(6, 6);
      assertLess(Math.abs(await eig(m) - spectralRadius(m)), 1e-10);
    },
  },
  {
    id: "ex1D.visualizer",
    exercise: "1.D gradient analysis",
    points: 1,
    description:
      "scaleWeights scales weights and biases; recurrentWeight is W_hh",
    async run(nb, seeds) {
      const scale = await nb.needFunction("scaleWeights");
      const RNNLayer = await nb.needFunction("RNNLayer");
      const recurrentWeight = await nb.needFunction("recurrentWeight");
      const rnn = await RNNLayer.construct(2, 4);
      const g = freshGenerator(seeds);
      const [wScale, bScale] = [
        1 + g.rand([1]).item(),
        -1 - 3 * g.rand([1]).item(),
      ];
      const sd = stateDictOf(await rnn.method("stateDict"), "stateDict()");
      const scaled = stateDictOf(
        await scale.call(await rnn.methodRef("stateDict"), wScale, bScale),
        "scaleWeights(…)",
      );
      assertEquals(Object.keys(scaled).sort(), Object.keys(sd).sort());
      for (const [k, v] of Object.entries(sd)) {
        const f = k.toLowerCase().includes("bias") ? bScale : wScale;
        assertLess(maxDiff(scaled[k], v.mul(f), k), 1e-15, k);
      }
      const w = asTensor(await recurrentWeight.call(rnn), "recurrentWeight(…)");
      assertEquals(w.shape, [4, 4]);
      // W_hh is the only 4×4 parameter of RNNLayer(2, 4).
      const params = await rnn.method("parameters");
      assert(Array.isArray(params), "parameters() must return a list");
      const hh = params.filter((p) =>
        p instanceof Tensor && String(p.shape) === "4,4"
      );
      assertEquals(hh.length, 1);
      assertEquals(Array.from(w.data), Array.from((hh[0] as Tensor).data));
    },
  },
  {
    id: "ex1K.rnn",
    exercise: "1.K multi-layer RNN",
    points: 2,
    description:
      "the seed's 1- and 2-layer tests; equals lib nn.RNN on random weights",
    async run(nb, seeds) {
      const RNN = await nb.needFunction("RNN");
      const one = await RNN.construct(2, 3, 1);
      await setAll(one, -0.1);
      const [a1, l1] = asTensorPair(
        await one.method("forward", tensor(SEED_DATA)),
        "forward",
      );
      assertLess(maxDiff(a1, triple(SEED_ALL_H), "output"), 1e-4);
      assertLess(
        maxDiff(l1, [triple(SEED_ALL_H).map((r) => r[3])], "hN"),
        1e-4,
      );
      const two = await RNN.construct(2, 3, 2);
      await setAll(two, -0.1);
      const [a2, l2] = asTensorPair(
        await two.method("forward", tensor(SEED_DATA)),
        "forward",
      );
      const e2 = triple([[-0.0626, -0.0490, -0.0457, -0.0430], [
        -0.1174,
        -0.1096,
        -0.1354,
        -0.0342,
      ]]);
      assertLess(maxDiff(a2, e2, "output"), 1e-4);
      assertLess(
        maxDiff(
          l2,
          [triple(SEED_ALL_H).map((r) => r[3]), e2.map((r) => r[3])],
          "hN",
        ),
        1e-4,
      );
      const g = freshGenerator(seeds);
      // Batch 3, hidden 5 (padded inside the lib's kernel) and batch 8,
      // hidden 8 (not padded): the student's RNN must equal both.
      for (const [b, h, layers] of [[3, 5, 3], [8, 8, 2]]) {
        const lib = new nn.RNN(2, h, layers, { generator: g });
        const mine = await RNN.construct(2, h, layers);
        await transfer(lib, mine);
        const x = rand(g, b, 4, 2);
        const [o1, s1] = lib.forward(x);
        const [o2, s2] = asTensorPair(
          await mine.method("forward", x),
          "forward",
        );
        assertLess(maxDiff(o2, o1, "output"), 1e-10);
        assertLess(maxDiff(s2, s1, "hN"), 1e-10);
      }
    },
  },
  {
    id: "ex1K.training",
    exercise: "1.K training",
    points: 1,
    description:
      "every training run lowers its loss (mean of the last 100 batches < half the first 100)",
    async run(nb) {
      for (
        const name of [
          "predictAllLosses",
          "predictOneLosses",
          "lstmAllLosses",
          "lstmOneLosses",
        ]
      ) {
        const runs = await nb.need(name, "object");
        assert(
          Array.isArray(runs) && runs.length === 2,
          `${name}: two models, got ${describeValue(runs)}`,
        );
        for (const losses of runs) {
          assert(
            Array.isArray(losses) && losses.length >= 200 &&
              losses.every((v) => typeof v === "number"),
            `${name}: each model's losses are a list of at least 200 numbers`,
          );
          const xs = losses as number[];
          const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
          assertLess(
            mean(xs.slice(-100)),
            0.5 * mean(xs.slice(0, 100)),
            name,
          );
        }
      }
    },
  },
];

/** Final mean losses (last 100 batches) of the notebook's training runs (read from it; not graded). */
export async function figures(nb: StudentNotebook): Promise<Figures> {
  const out: Figures = {};
  const mean = (a: number[]) =>
    a.slice(-100).reduce((s, v) => s + v, 0) / Math.min(100, a.length);
  for (
    const [name, label] of [
      ["predictAllLosses", "RNN all steps"],
      ["predictOneLosses", "RNN last step"],
      ["lstmAllLosses", "LSTM all steps"],
      ["lstmOneLosses", "LSTM last step"],
    ]
  ) {
    const runs = await nb.maybe(name);
    if (!Array.isArray(runs)) continue;
    runs.forEach((l, k) => {
      if (Array.isArray(l) && l.every((v) => typeof v === "number")) {
        out[`${label}, ${k + 1} layer(s): mean loss of last 100`] = Number(
          mean(l as number[]).toFixed(5),
        );
      }
    });
  }
  return out;
}

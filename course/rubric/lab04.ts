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
 * two `nn.Linear`s) by shape in parameter order.
 *
 * @module
 */
import { assert, assertEquals, assertLess } from "@std/assert";
import {
  type ExerciseCheck,
  type Figures,
  type Namespace,
  need,
} from "./checks.ts";
import { Generator, spectralRadius, Tensor, tensor } from "../../lib/mod.ts";
import * as nn from "../../lib/nn/mod.ts";

type Ctor<T> = new (...args: never[]) => T;
interface StudentModule extends nn.Module {
  forward(x: Tensor): [Tensor, Tensor];
  hList?: Tensor[];
}

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

function maxDiff(a: Tensor, b: Tensor | unknown): number {
  const e = b instanceof Tensor ? b : tensor(b as number[]);
  assertEquals(a.shape, e.shape, "shape");
  let m = 0;
  a.data.forEach((v, i) => m = Math.max(m, Math.abs(v - e.data[i])));
  return m;
}

function setAll(m: nn.Module, value: number): void {
  m.loadStateDict(
    Object.fromEntries(
      Object.entries(m.stateDict()).map(([k, v]) => [k, v.mul(0).add(value)]),
    ),
  );
}

/** Copies `from`'s weights into `to`: by name, else by shape in order. */
function transfer(from: nn.Module, to: nn.Module): void {
  const src = from.namedParameters();
  const dst = to.namedParameters();
  assertEquals(
    dst.reduce((n, [, p]) => n + p.numel(), 0),
    from.numParameters(),
    "number of parameters",
  );
  const names = new Set(dst.map(([k]) => k));
  if (src.every(([k]) => names.has(k))) {
    to.loadStateDict(from.stateDict());
    return;
  }
  const used = new Set<number>();
  for (const [k, p] of dst) {
    const i = src.findIndex(([, q], j) =>
      !used.has(j) && String(q.shape) === String(p.shape)
    );
    assert(i >= 0, `no lib parameter of shape [${p.shape}] for ${k}`);
    used.add(i);
    p.data.set(src[i][1].data);
  }
}

const rand = (g: Generator, ...shape: number[]) => g.randn(shape);

const identity = (z: Tensor) => z;
const tanhFn = (z: Tensor) => z.tanh();

export const checks: ExerciseCheck[] = [
  {
    id: "ex1A.seed",
    exercise: "1.A RNNLayer",
    points: 2,
    description:
      "the seed's two tests: tanh(0.2) and the 2×4×3 identity case, 18 parameters",
    run(ns) {
      const RNNLayer = need<Ctor<StudentModule>>(ns, "RNNLayer", "function");
      const one = new (RNNLayer as unknown as new (
        d: number,
        h: number,
      ) => StudentModule)(1, 1);
      setAll(one, 0.1);
      const [allH, lastH] = one.forward(tensor([[[1]]]));
      assertLess(maxDiff(allH, [[[0.1973753273487091]]]), 1e-4);
      assertLess(maxDiff(lastH, [[0.1973753273487091]]), 1e-4);
      const rnn = new (RNNLayer as unknown as new (
        d: number,
        h: number,
        f: (z: Tensor) => Tensor,
      ) => StudentModule)(2, 3, identity);
      assertEquals(rnn.numParameters(), 18, "RNNLayer(2, 3) parameters");
      setAll(rnn, -0.1);
      const [a, l] = rnn.forward(tensor(SEED_DATA));
      const e = triple([[-0.1250, -0.1075, -0.1328, -0.1452], [
        0.0600,
        0.1520,
        0.2344,
        -0.0853,
      ]]);
      assertLess(maxDiff(a, e), 1e-4);
      assertLess(maxDiff(l, e.map((r) => r[3])), 1e-4);
    },
  },
  {
    id: "ex1A.lib",
    exercise: "1.A RNNLayer",
    points: 2,
    description:
      "equals lib nn.RNNLayer on random weights, incl. dL/dh_t in hList",
    run(ns) {
      const RNNLayer = need<Ctor<StudentModule>>(
        ns,
        "RNNLayer",
        "function",
      ) as unknown as new (
        d: number,
        h: number,
        f: (z: Tensor) => Tensor,
      ) => StudentModule;
      const g = new Generator(404);
      for (
        const [f, name] of [[tanhFn, "tanh"], [identity, "identity"]] as const
      ) {
        const lib = new nn.RNNLayer(3, 5, { nonlinearity: name, generator: g });
        const mine = new RNNLayer(3, 5, f);
        transfer(lib, mine);
        const x = rand(g, 4, 6, 3), r = rand(g, 4, 6, 5);
        const [a1, l1] = lib.forward(x);
        const [a2, l2] = mine.forward(x);
        assertLess(maxDiff(a2, a1), 1e-10, `allH (${name})`);
        assertLess(maxDiff(l2, l1), 1e-10, `lastH (${name})`);
        a1.mul(r).sum().backward();
        a2.mul(r).sum().backward();
        assert(
          mine.hList && mine.hList.length === 6,
          "hList holds T hidden states",
        );
        mine.hList.forEach((h, t) => {
          assert(
            h.grad !== null,
            `hList[${t}].grad is null: call retainGrad()`,
          );
          assertLess(
            maxDiff(h.grad, lib.hList[t].grad!),
            1e-10,
            `dL/dh_${t + 1}`,
          );
        });
      }
    },
  },
  {
    id: "ex1B.model",
    exercise: "1.B RecurrentRegressionModel",
    points: 2,
    description:
      "34 parameters, the seed's predictions and hidden states, equals the lib on random weights",
    run(ns) {
      const RNNLayer = need<Ctor<StudentModule>>(
        ns,
        "RNNLayer",
        "function",
      ) as unknown as new (
        d: number,
        h: number,
      ) => StudentModule;
      const Model = need<Ctor<StudentModule>>(
        ns,
        "RecurrentRegressionModel",
        "function",
      ) as unknown as new (
        net: StudentModule,
        o?: number,
      ) => StudentModule;
      const m = new Model(new RNNLayer(2, 3), 4);
      assertEquals(m.numParameters(), 34, "parameters");
      setAll(m, -0.1);
      const [preds, allH] = m.forward(tensor(SEED_DATA));
      assertLess(maxDiff(allH, triple(SEED_ALL_H)), 1e-4);
      const p = [[-0.0627, -0.0678, -0.0604, -0.0567], [
        -0.1180,
        -0.1453,
        -0.1692,
        -0.0748,
      ]];
      assertLess(maxDiff(preds, triple(p, 4)), 1e-4);
      const g = new Generator(405);
      const lib = new nn.RecurrentRegressionModel(
        new nn.RNNLayer(2, 6, { generator: g }),
        3,
        { generator: g },
      );
      const mine = new Model(new RNNLayer(2, 6), 3);
      transfer(lib, mine);
      const x = rand(g, 3, 5, 2);
      assertLess(maxDiff(mine.forward(x)[0], lib.forward(x)[0]), 1e-10);
    },
  },
  {
    id: "ex1C.loss",
    exercise: "1.C lossFn",
    points: 1,
    description:
      "3.0067 and 3.7 on the seed's tensors; equals nn.mseLoss on random sequences",
    run(ns) {
      const lossFn = need<(p: Tensor, y: Tensor, l?: boolean) => Tensor>(
        ns,
        "lossFn",
        "function",
      );
      const pred = tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]);
      const y = tensor([[-1.1, -1.2, -1.3], [-1.4, -1.5, -1.6]]);
      const all = lossFn(pred, y, false), last = lossFn(pred, y, true);
      assertEquals([all.shape, last.shape], [[], []], "scalar losses");
      assertLess(Math.abs(all.item() - 3.0067), 1e-4);
      assertLess(Math.abs(last.item() - 3.7), 1e-4);
      const g = new Generator(406);
      const p = rand(g, 4, 7, 1), t = rand(g, 4, 7, 1);
      assertLess(
        Math.abs(lossFn(p, t, false).item() - nn.mseLoss(p, t).item()),
        1e-12,
      );
      assertLess(
        Math.abs(
          lossFn(p, t, true).item() -
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
    run(ns) {
      const eig = need<(m: Tensor) => number>(
        ns,
        "biggestEigMagnitude",
        "function",
      );
      assertLess(Math.abs(eig(tensor([[0, -2], [2, 0]])) - 2), 1e-12); // ±2i
      assertLess(Math.abs(eig(tensor([[2, 1], [1, 2]])) - 3), 1e-12); // 3 and 1
      assertLess(Math.abs(eig(tensor([[-4, 0], [0, 1]])) - 4), 1e-12);
      const m = new Generator(407).randn(6, 6);
      assertLess(Math.abs(eig(m) - spectralRadius(m)), 1e-10);
    },
  },
  {
    id: "ex1D.visualizer",
    exercise: "1.D gradient analysis",
    points: 1,
    description:
      "scaleWeights scales weights and biases; recurrentWeight is W_hh",
    run(ns) {
      const scale = need<
        (d: nn.StateDict, w: number, b: number) => nn.StateDict
      >(
        ns,
        "scaleWeights",
        "function",
      );
      const RNNLayer = need<Ctor<StudentModule>>(
        ns,
        "RNNLayer",
        "function",
      ) as unknown as new (
        d: number,
        h: number,
      ) => StudentModule;
      const recurrentWeight = need<(r: StudentModule) => Tensor>(
        ns,
        "recurrentWeight",
        "function",
      );
      const rnn = new RNNLayer(2, 4);
      const sd = rnn.stateDict();
      const scaled = scale(sd, 2, -3);
      assertEquals(Object.keys(scaled).sort(), Object.keys(sd).sort());
      for (const [k, v] of Object.entries(sd)) {
        const f = k.includes("bias") ? -3 : 2;
        assertLess(maxDiff(scaled[k], v.mul(f)), 1e-15, k);
      }
      const w = recurrentWeight(rnn);
      assertEquals(w.shape, [4, 4]);
      // W_hh is the only 4×4 parameter of RNNLayer(2, 4).
      const hh = rnn.parameters().filter((p) => String(p.shape) === "4,4");
      assertEquals(hh.length, 1);
      assertEquals(Array.from(w.data), Array.from(hh[0].data));
    },
  },
  {
    id: "ex1K.rnn",
    exercise: "1.K multi-layer RNN",
    points: 2,
    description:
      "the seed's 1- and 2-layer tests; equals lib nn.RNN on random weights",
    run(ns) {
      const RNN = need<Ctor<StudentModule>>(
        ns,
        "RNN",
        "function",
      ) as unknown as new (
        d: number,
        h: number,
        l: number,
      ) => StudentModule;
      const one = new RNN(2, 3, 1);
      setAll(one, -0.1);
      const [a1, l1] = one.forward(tensor(SEED_DATA));
      assertLess(maxDiff(a1, triple(SEED_ALL_H)), 1e-4);
      assertLess(maxDiff(l1, [triple(SEED_ALL_H).map((r) => r[3])]), 1e-4);
      const two = new RNN(2, 3, 2);
      setAll(two, -0.1);
      const [a2, l2] = two.forward(tensor(SEED_DATA));
      const e2 = triple([[-0.0626, -0.0490, -0.0457, -0.0430], [
        -0.1174,
        -0.1096,
        -0.1354,
        -0.0342,
      ]]);
      assertLess(maxDiff(a2, e2), 1e-4);
      assertLess(
        maxDiff(l2, [triple(SEED_ALL_H).map((r) => r[3]), e2.map((r) => r[3])]),
        1e-4,
      );
      const g = new Generator(408);
      // Batch 3, hidden 5: the lib chains per-step cells; batch 8, hidden 8:
      // one fused node per layer. The student's RNN must equal both.
      for (const [b, h, layers] of [[3, 5, 3], [8, 8, 2]]) {
        const lib = new nn.RNN(2, h, layers, { generator: g });
        const mine = new RNN(2, h, layers);
        transfer(lib, mine);
        const x = rand(g, b, 4, 2);
        const [o1, s1] = lib.forward(x), [o2, s2] = mine.forward(x);
        assertLess(maxDiff(o2, o1), 1e-10);
        assertLess(maxDiff(s2, s1), 1e-10);
      }
    },
  },
  {
    id: "ex1K.training",
    exercise: "1.K training",
    points: 1,
    description:
      "every training run lowers its loss (mean of the last 100 batches < half the first 100)",
    run(ns) {
      for (
        const name of [
          "predictAllLosses",
          "predictOneLosses",
          "lstmAllLosses",
          "lstmOneLosses",
        ]
      ) {
        const runs = need<number[][]>(ns, name, "object");
        assertEquals(runs.length, 2, `${name}: two models`);
        for (const losses of runs) {
          const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
          assertLess(
            mean(losses.slice(-100)),
            0.5 * mean(losses.slice(0, 100)),
            name,
          );
        }
      }
    },
  },
];

/** Final mean losses (last 100 batches) of the notebook's training runs. */
export function figures(ns: Namespace): Figures {
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
    const runs = ns[name] as number[][] | undefined;
    if (!runs) continue;
    runs.forEach((l, k) =>
      out[`${label}, ${k + 1} layer(s): mean loss of last 100`] = Number(
        mean(l).toFixed(5),
      )
    );
  }
  return out;
}

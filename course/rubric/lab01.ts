/**
 * Exercise checks of lab 1, `notebooks/01_bptt_weather.ipynb` (BPTT and the
 * weather RNN). `deno test` runs them on the solution notebook; graders run
 * them on students' copies (`deno task grade`).
 *
 * The notebook must define these top-level names (the handout's cells
 * define them; only the marked regions are the student's):
 * - `dataset` (Tensor [42984, 6]), `numTrainSamples` (number), `dataTrain`,
 *   `dataTest` (standardized Tensors), `means`, `stds` (Tensor [6]);
 * - `getRandomDay(data, { generator })` → `[x (24, D), y [1]]`;
 * - `class RNN` (`new RNN({ generator, hiddenStateSize?, numFeatures? })`,
 *   fields `u, w, v, b, c`, `forward(x)` → `[hidden (τ, H), y [1]]`,
 *   `computeGradH/C/B/V/W/U`, `getGradients`);
 * - `mseLoss(yTrue, yPred)` → one-element Tensor;
 * - `doTrainingStep(rnn, dataTrain, batchSize, lr, { generator })` → mean
 *   batch loss; `trainRnn(dataTrain, numSteps, { generator })` →
 *   `[rnn, losses]`;
 * - `losses` (number[] of the notebook's 500-step run).
 * Optional, for the key figures: `testRmse`, `persistenceRmse`, `longRmse`,
 * `trainSeconds`, `fastSeconds`.
 *
 * Student code is compared with the lib's independent implementations
 * (`lib/data`, `lib/bptt`, `lib/labs/weather`) on fresh random inputs, and
 * with finite differences of the student's own forward pass and loss.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { elmanBackward, elmanForward } from "../../lib/bptt/mod.ts";
import type { ElmanParams } from "../../lib/bptt/elman_params.ts";
import {
  type ExerciseCheck,
  type Figures,
  type Namespace,
  need,
} from "./checks.ts";
import {
  trainWeatherRnn,
  weatherTrainingStep,
} from "../../lib/labs/weather/mod.ts";
import { Generator } from "../../lib/random/generator.ts";
import { Tensor } from "../../lib/tensor/tensor.ts";
import { type Lab01Data, lab01Data } from "./lab01_reference.ts";

/** The student's RNN as the checks use it. */
interface StudentRnn {
  u: Tensor;
  w: Tensor;
  v: Tensor;
  b: Tensor;
  c: Tensor;
  forward(x: Tensor): [Tensor, Tensor];
  computeGradH(yTrue: Tensor, yPred: Tensor, hidden: Tensor): Tensor;
  computeGradC(yTrue: Tensor, yPred: Tensor): Tensor;
  computeGradB(hidden: Tensor, gradH: Tensor): Tensor;
  computeGradV(yTrue: Tensor, yPred: Tensor, hidden: Tensor): Tensor;
  computeGradW(hidden: Tensor, gradH: Tensor): Tensor;
  computeGradU(hidden: Tensor, gradH: Tensor, x: Tensor): Tensor;
  getGradients(
    x: Tensor,
    yTrue: Tensor,
    yPred: Tensor,
    hidden: Tensor,
  ): Record<"gradC" | "gradB" | "gradV" | "gradW" | "gradU", Tensor>;
}
type RnnClass = new (
  options: {
    generator: Generator;
    hiddenStateSize?: number;
    numFeatures?: number;
  },
) => StudentRnn;
type GetRandomDay = (
  data: Tensor,
  options: { generator: Generator },
) => [Tensor, Tensor];
type MseLoss = (yTrue: Tensor, yPred: Tensor) => Tensor;
type DoTrainingStep = (
  rnn: StudentRnn,
  data: Tensor,
  batchSize: number,
  lr: number,
  options: { generator: Generator },
) => number;
type TrainRnn = (
  data: Tensor,
  numSteps: number,
  options: { generator: Generator },
) => [StudentRnn, number[]];

const references = new Map<number | undefined, Lab01Data>();
/** The lib's preparation of the data (with the seed's split unless told), computed once. */
function ref(numTrainSamples?: number): Lab01Data {
  let r = references.get(numTrainSamples);
  if (!r) references.set(numTrainSamples, r = lab01Data(numTrainSamples));
  return r;
}

/**
 * The student's split if it is the seed's (34387 rows) or whole days
 * (34368 rows), else a failure.
 */
function studentSplit(ns: Namespace): number {
  const n = need<number>(ns, "numTrainSamples", "number");
  const seed = ref().numTrainSamples;
  const wholeDays = 24 * Math.trunc(0.8 * 42984 / 24);
  assert(
    n === seed || n === wholeDays,
    `numTrainSamples is ${n}: expected the original formula trunc(0.8 n − n % 24) = ${seed} (or whole days, ${wholeDays})`,
  );
  return n;
}

function tensorOf(ns: Namespace, name: string): Tensor {
  const t = need<Tensor>(ns, name, "object");
  if (!(t instanceof Tensor)) {
    throw new TypeError(`\`${name}\` must be a Tensor, got ${t}`);
  }
  return t;
}

/** max |a − b| / max(|b|, tiny), after checking the shapes agree. */
function relError(a: Tensor, b: Tensor, what: string): number {
  assert(a instanceof Tensor, `${what} must be a Tensor`);
  assertEquals(
    a.numel(),
    b.numel(),
    `${what}: ${a.numel()} values, expected ${b.numel()}`,
  );
  let diff = 0, scale = 1e-300;
  for (let i = 0; i < b.data.length; i++) {
    diff = Math.max(diff, Math.abs(a.data[i] - b.data[i]));
    scale = Math.max(scale, Math.abs(b.data[i]));
  }
  return diff / scale;
}

function assertClose(a: Tensor, b: Tensor, what: string, tol = 1e-9): void {
  const e = relError(a, b, what);
  assert(
    e < tol,
    `${what} differs from the reference: relative error ${
      e.toExponential(2)
    } ≥ ${tol}`,
  );
}

/** An RNN of the student's class with weights N(0, scale), all of them drawn from `g`. */
function randomRnn(Rnn: RnnClass, g: Generator, scale = 0.5): StudentRnn {
  const rnn = new Rnn({ generator: g });
  rnn.u = g.normal(0, scale, [10, 6]);
  rnn.w = g.normal(0, scale, [10, 10]);
  rnn.v = g.normal(0, scale, [10]);
  rnn.b = g.normal(0, scale, [10]);
  rnn.c = g.normal(0, scale, [1]);
  return rnn;
}

function paramsOf(rnn: StudentRnn): ElmanParams {
  return {
    U: rnn.u,
    W: rnn.w,
    b: rnn.b,
    V: new Tensor(rnn.v.data, [1, rnn.v.numel()]),
    c: rnn.c,
  };
}

function meanOfLast(xs: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = xs.length - n; i < xs.length; i++) s += xs[i];
  return s / n;
}

/** Lab 1's checks, in the notebook's order. */
export const checks: ExerciseCheck[] = [
  {
    id: "ex3.dataset",
    exercise: "Exercise 3",
    points: 1,
    description:
      "dataset: the first 43000 rows trimmed to 42984, columns DEWP, TEMP, PRES, Iws, Is, Ir",
    run(ns) {
      const dataset = tensorOf(ns, "dataset");
      assertEquals(dataset.shape, [42984, 6]);
      assertEquals(
        Array.from(dataset.data.subarray(0, 30)),
        Array.from(ref().dataset.data.subarray(0, 30)),
        "the first five rows differ from the CSV file's",
      );
      assertClose(dataset, ref().dataset, "dataset", 1e-12);
    },
  },
  {
    id: "ex3.split",
    exercise: "Exercise 3",
    points: 1,
    description:
      "numTrainSamples = trunc(0.8 n − n % 24) = 34387 (or 34368, whole days); the rest is the test set",
    run(ns) {
      const n = studentSplit(ns);
      assertEquals(tensorOf(ns, "dataTrain").shape, [n, 6]);
      assertEquals(tensorOf(ns, "dataTest").shape, [42984 - n, 6]);
    },
  },
  {
    id: "ex3.standardize",
    exercise: "Exercise 3",
    points: 2,
    description:
      "training means and unbiased stds; both sets standardized with them",
    run(ns) {
      const split = ref(studentSplit(ns));
      assertClose(tensorOf(ns, "means"), split.means, "means");
      assertClose(tensorOf(ns, "stds"), split.stds, "stds (unbiased, n − 1)");
      const train = tensorOf(ns, "dataTrain");
      assertEquals(train.dtype, "float64", "dataTrain should stay float64");
      const [n, f] = train.shape;
      for (let j = 0; j < f; j++) {
        let s = 0, s2 = 0;
        for (let i = 0; i < n; i++) s += train.data[i * f + j];
        const mean = s / n;
        for (let i = 0; i < n; i++) s2 += (train.data[i * f + j] - mean) ** 2;
        const std = Math.sqrt(s2 / (n - 1));
        assert(
          Math.abs(mean) < 1e-6,
          `column ${j} of dataTrain has mean ${mean}`,
        );
        assert(
          Math.abs(std - 1) < 1e-6,
          `column ${j} of dataTrain has std ${std}`,
        );
      }
      assertClose(train, split.dataTrain, "dataTrain");
      assertClose(
        tensorOf(ns, "dataTest"),
        split.dataTest,
        "dataTest (use the training statistics)",
      );
    },
  },
  {
    id: "ex3.getRandomDay",
    exercise: "Exercise 3",
    points: 2,
    description:
      "getRandomDay: 24 contiguous hours and the next hour's temperature, every valid start",
    run(ns) {
      const getRandomDay = need<GetRandomDay>(ns, "getRandomDay", "function");
      // Row i holds 10 i + j in column j, so x tells where it started.
      const rows = 30;
      const data = new Tensor(
        Float64Array.from(
          { length: rows * 6 },
          (_, k) => 10 * Math.floor(k / 6) + (k % 6),
        ),
        [rows, 6],
      );
      const generator = new Generator(7);
      const seen = new Set<number>();
      for (let draw = 0; draw < 300; draw++) {
        const [x, y] = getRandomDay(data, { generator });
        assertEquals(x.shape, [24, 6]);
        assertEquals(y.shape, [1]);
        const start = x.data[0] / 10;
        assert(
          Number.isInteger(start),
          `x[0] = ${
            Array.from(x.data.subarray(0, 6))
          } is not a row of the data`,
        );
        for (let k = 0; k < 24 * 6; k++) {
          assertEquals(
            x.data[k],
            data.data[start * 6 + k],
            `x is not rows ${start}..${start + 23} of the data`,
          );
        }
        assertEquals(
          y.data[0],
          data.data[(start + 24) * 6 + 1],
          "y must be the temperature (column 1) of the hour after x",
        );
        seen.add(start);
      }
      const starts = [...seen].sort((a, b) => a - b);
      assertEquals(
        starts,
        Array.from({ length: rows - 24 }, (_, i) => i),
        `with ${rows} rows the valid starts are 0..${
          rows - 25
        }, all of them; drawn: ${starts}`,
      );
    },
  },
  {
    id: "ex3.forward",
    exercise: "Exercise 3",
    points: 2,
    description:
      "RNN.forward equals the lib's Elman forward pass on random weights and inputs",
    run(ns) {
      const Rnn = need<RnnClass>(ns, "RNN", "function");
      const g = new Generator(11);
      for (let trial = 0; trial < 3; trial++) {
        const rnn = randomRnn(Rnn, g);
        const x = g.randn([24, 6]);
        const [h, y] = rnn.forward(x);
        assertEquals(
          h.shape,
          [24, 10],
          "forward must return the 24 hidden states h[1..24]",
        );
        assertEquals(y.shape, [1]);
        const want = elmanForward(paramsOf(rnn), x);
        assertClose(h, want.h, "hidden states");
        assertClose(y, new Tensor(want.y.data.slice(23), [1]), "output y");
      }
    },
  },
  {
    id: "ex3.gradients",
    exercise: "Exercise 3",
    points: 3,
    description:
      "computeGradH/C/B/V/W/U equal the lib's BPTT on random weights and inputs",
    run(ns) {
      const Rnn = need<RnnClass>(ns, "RNN", "function");
      const g = new Generator(12);
      for (let trial = 0; trial < 3; trial++) {
        const rnn = randomRnn(Rnn, g);
        const x = g.randn([24, 6]);
        const yTrue = g.randn([1]);
        const [h, yHat] = rnn.forward(x);
        const p = paramsOf(rnn);
        const dy = new Tensor(new Float64Array(24), [24, 1]);
        dy.data[23] = 2 * (yHat.data[0] - yTrue.data[0]);
        const want = elmanBackward(p, x, elmanForward(p, x).h, dy);
        const gradH = rnn.computeGradH(yTrue, yHat, h);
        assertEquals(gradH.shape, [24, 10]);
        assertClose(gradH, want.h, "computeGradH");
        const shapes: [string, Tensor, Tensor, number[]][] = [
          ["computeGradC", rnn.computeGradC(yTrue, yHat), want.c!, [1]],
          ["computeGradB", rnn.computeGradB(h, gradH), want.b!, [10]],
          ["computeGradV", rnn.computeGradV(yTrue, yHat, h), want.V, [10]],
          ["computeGradW", rnn.computeGradW(h, gradH), want.W, [10, 10]],
          ["computeGradU", rnn.computeGradU(h, gradH, x), want.U, [10, 6]],
        ];
        for (const [name, got, expected, shape] of shapes) {
          assertEquals(got.shape, shape, `${name} must have shape [${shape}]`);
          assertClose(got, expected, name);
        }
        const all = rnn.getGradients(x, yTrue, yHat, h);
        assertClose(all.gradU, want.U, "getGradients().gradU");
        assertClose(all.gradW, want.W, "getGradients().gradW");
      }
    },
  },
  {
    id: "ex3.gradcheck",
    exercise: "Exercise 3",
    points: 1,
    description:
      "getGradients equals finite differences of mseLoss(forward) (float64, relative error < 1e-6)",
    run(ns) {
      const Rnn = need<RnnClass>(ns, "RNN", "function");
      const mseLoss = need<MseLoss>(ns, "mseLoss", "function");
      const g = new Generator(13);
      const rnn = randomRnn(Rnn, g);
      const x = g.randn([24, 6]);
      const yTrue = g.randn([1]);
      const [h, yHat] = rnn.forward(x);
      const grads = rnn.getGradients(x, yTrue, yHat, h);
      const loss = () => mseLoss(yTrue, rnn.forward(x)[1]).item();
      const eps = 1e-6;
      const pairs: [string, Tensor, Tensor][] = [
        ["u", rnn.u, grads.gradU],
        ["w", rnn.w, grads.gradW],
        ["v", rnn.v, grads.gradV],
        ["b", rnn.b, grads.gradB],
        ["c", rnn.c, grads.gradC],
      ];
      for (const [name, param, grad] of pairs) {
        const numeric = new Float64Array(param.numel());
        for (let i = 0; i < numeric.length; i++) {
          const saved = param.data[i];
          param.data[i] = saved + eps;
          const plus = loss();
          param.data[i] = saved - eps;
          const minus = loss();
          param.data[i] = saved;
          numeric[i] = (plus - minus) / (2 * eps);
        }
        assertClose(
          grad,
          new Tensor(numeric, [numeric.length]),
          `the gradient of ${name} vs finite differences`,
          1e-6,
        );
      }
    },
  },
  {
    id: "ex3.mseLoss",
    exercise: "Exercise 3",
    points: 1,
    description: "mseLoss is the mean of the squared differences",
    run(ns) {
      const mseLoss = need<MseLoss>(ns, "mseLoss", "function");
      const a = new Tensor(new Float64Array([1, 2, 3]), [3]);
      const b = new Tensor(new Float64Array([1, 4, 0]), [3]);
      const loss = mseLoss(a, b);
      assertEquals(loss.numel(), 1);
      assert(
        Math.abs(loss.data[0] - 13 / 3) < 1e-12,
        `mseLoss([1,2,3], [1,4,0]) = ${loss.data[0]}, expected 13/3`,
      );
    },
  },
  {
    id: "ex3.trainingStep",
    exercise: "Exercise 3",
    points: 2,
    description:
      "doTrainingStep equals the lib's fused step: same windows, mean gradient, mean batch loss",
    run(ns) {
      const Rnn = need<RnnClass>(ns, "RNN", "function");
      const doTrainingStep = need<DoTrainingStep>(
        ns,
        "doTrainingStep",
        "function",
      );
      const data = ref().dataTrain;
      for (const [seed, batchSize, lr] of [[21, 8, 0.5], [22, 3, 0.1]]) {
        const rnn = new Rnn({ generator: new Generator(seed) });
        // Larger weights than the real init, so that every gradient matters.
        const weights = new Generator(seed + 50);
        for (const k of ["u", "w", "v", "b", "c"] as const) {
          rnn[k] = weights.normal(0, 0.3, rnn[k].shape);
        }
        const copy = (t: Tensor, shape = t.shape) =>
          new Tensor(Float64Array.from(t.data), shape);
        const expected = {
          U: copy(rnn.u),
          W: copy(rnn.w),
          b: copy(rnn.b),
          V: copy(rnn.v, [1, 10]),
          c: copy(rnn.c),
        };
        const generator = new Generator(seed + 100);
        const twin = new Generator(seed + 100);
        const studentLoss = doTrainingStep(rnn, data, batchSize, lr, {
          generator,
        });
        const loss = weatherTrainingStep(expected, data, {
          generator: twin,
          batchSize,
          lr,
        });
        assert(
          Math.abs(studentLoss - loss) < 1e-9 * Math.max(1, loss),
          `doTrainingStep returned ${studentLoss}, expected the mean batch loss ${loss}`,
        );
        assertClose(rnn.u, expected.U, "u after one step");
        assertClose(rnn.w, expected.W, "w after one step");
        assertClose(rnn.v, expected.V, "v after one step");
        assertClose(rnn.b, expected.b, "b after one step");
        assertClose(rnn.c, expected.c, "c after one step");
      }
    },
  },
  {
    id: "ex3.convergence",
    exercise: "Exercise 3",
    points: 2,
    description:
      "trainRnn equals the fused trainer; mean of the last 25 of 500 losses < 0.075, in the notebook and for 5 seeds",
    timeoutMs: 60_000,
    run(ns) {
      const trainRnn = need<TrainRnn>(ns, "trainRnn", "function");
      const data = ref().dataTrain;
      for (const seed of [101, 102]) {
        const [, studentLosses] = trainRnn(data, 15, {
          generator: new Generator(seed),
        });
        const { losses } = trainWeatherRnn(data, {
          steps: 15,
          generator: new Generator(seed),
        });
        assertEquals(studentLosses.length, 15);
        for (let i = 0; i < 15; i++) {
          assert(
            Math.abs(studentLosses[i] - losses[i]) < 1e-9,
            `trainRnn's loss at step ${i} is ${
              studentLosses[i]
            }, the fused trainer's ${losses[i]} (seed ${seed})`,
          );
        }
      }
      const notebookLosses = need<number[]>(ns, "losses", "object");
      assertEquals(
        notebookLosses.length,
        500,
        "the notebook should train for 500 steps",
      );
      const last = meanOfLast(notebookLosses, 25);
      assert(
        last < 0.075,
        `the notebook's mean of the last 25 losses is ${last} ≥ 0.075`,
      );
      for (const seed of [0, 1, 2, 3, 4]) {
        const { losses } = trainWeatherRnn(data, {
          steps: 500,
          generator: new Generator(seed),
        });
        const m = meanOfLast(losses, 25);
        assert(
          m < 0.075,
          `seed ${seed}: mean of the last 25 losses ${m} ≥ 0.075`,
        );
      }
    },
  },
];

/** Key figures of the executed notebook. */
export function figures(ns: Namespace): Figures {
  const num = (name: string) =>
    typeof ns[name] === "number" ? ns[name] as number : null;
  const losses = Array.isArray(ns.losses) ? ns.losses as number[] : null;
  return {
    "mean of the last 25 losses": losses && losses.length >= 25
      ? meanOfLast(losses, 25)
      : null,
    "test RMSE after 500 steps (°C)": num("testRmse"),
    "persistence RMSE (°C)": num("persistenceRmse"),
    "test RMSE after the longer run (°C)": num("longRmse"),
    "500 steps, notebook class (s)": num("trainSeconds"),
    "500 steps, fused (s)": num("fastSeconds"),
  };
}

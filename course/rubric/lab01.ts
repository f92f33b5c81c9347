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
 * with finite differences of the student's own forward pass and loss. The
 * checks run in the grader; the notebook only answers calls (`StudentNotebook`).
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { elmanBackward, elmanForward } from "../../lib/bptt/mod.ts";
import type { ElmanParams } from "../../lib/bptt/elman_params.ts";
import type {
  ExerciseCheck,
  Figures,
  Seeds,
  StudentNotebook,
} from "./checks.ts";
import { asTensor, asTensorPair } from "./answers.ts";
import {
  trainWeatherRnn,
  weatherTrainingStep,
} from "../../lib/labs/weather/mod.ts";
import { Generator } from "../../lib/random/generator.ts";
import { Tensor } from "../../lib/tensor/tensor.ts";
import { type Lab01Data, lab01Data } from "./lab01_reference.ts";
import { describeValue, type Remote } from "../runner/remote.ts";

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
async function studentSplit(nb: StudentNotebook): Promise<number> {
  const n = await nb.needNumber("numTrainSamples");
  const seed = ref().numTrainSamples;
  const wholeDays = 24 * Math.trunc(0.8 * 42984 / 24);
  assert(
    n === seed || n === wholeDays,
    `numTrainSamples is ${n}: expected the original formula trunc(0.8 n − n % 24) = ${seed} (or whole days, ${wholeDays})`,
  );
  return n;
}

/** max |a − b| / max(|b|, tiny), after checking the shapes agree. */
function relError(a: unknown, b: Tensor, what: string): number {
  a = asTensor(a, what);
  assert(a instanceof Tensor);
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

function assertClose(a: unknown, b: Tensor, what: string, tol = 1e-9): void {
  const e = relError(a, b, what);
  assert(
    e < tol,
    `${what} differs from the reference: relative error ${
      e.toExponential(2)
    } ≥ ${tol}`,
  );
}

/** Weights N(0, scale) of the notebook's RNN shapes, drawn by the grader. */
function randomParams(g: Generator, scale = 0.5): ElmanParams & { v: Tensor } {
  const U = g.normal(0, scale, [10, 6]);
  const W = g.normal(0, scale, [10, 10]);
  const v = g.normal(0, scale, [10]);
  const b = g.normal(0, scale, [10]);
  const c = g.normal(0, scale, [1]);
  return { U, W, b, V: new Tensor(v.data, [1, 10]), c, v };
}

/**
 * Random weights under which every time step still matters to the loss: W
 * near 0.9·I and small inputs keep tanh out of saturation, so the gradient
 * reaching h[1] from the last step is about 0.9²³ ≈ 9% of it, not 1e-10
 * (an error at the first step must show in finite differences).
 */
function longMemoryParams(g: Generator): ElmanParams & { v: Tensor } {
  const p = randomParams(g, 0.1);
  const W = g.normal(0, 0.02, [10, 10]);
  for (let i = 0; i < 10; i++) W.data[i * 10 + i] += 0.9;
  const v = g.normal(0, 0.5, [10]);
  return { ...p, W, v, V: new Tensor(v.data, [1, 10]) };
}

/** A new RNN of the student's class (its own init drawn in the notebook), with the grader's weights set. */
async function studentRnn(
  nb: StudentNotebook,
  Rnn: Remote,
  seeds: Seeds,
  p: ElmanParams & { v: Tensor },
): Promise<Remote> {
  const rnn = await Rnn.construct({ generator: nb.generator(seeds.next()) });
  await rnn.set("u", p.U);
  await rnn.set("w", p.W);
  await rnn.set("v", p.v);
  await rnn.set("b", p.b!);
  await rnn.set("c", p.c!);
  return rnn;
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
    points: 0, // given code in the handout: checked, no points
    description:
      "dataset: the first 43000 rows trimmed to 42984, columns DEWP, TEMP, PRES, Iws, Is, Ir",
    async run(nb) {
      const dataset = await nb.needTensor("dataset");
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
    async run(nb) {
      const n = await studentSplit(nb);
      assertEquals((await nb.needTensor("dataTrain")).shape, [n, 6]);
      assertEquals((await nb.needTensor("dataTest")).shape, [42984 - n, 6]);
    },
  },
  {
    id: "ex3.standardize",
    exercise: "Exercise 3",
    points: 2,
    description:
      "training means and unbiased stds; both sets standardized with them",
    async run(nb) {
      const split = ref(await studentSplit(nb));
      assertClose(await nb.needTensor("means"), split.means, "means");
      assertClose(
        await nb.needTensor("stds"),
        split.stds,
        "stds (unbiased, n − 1)",
      );
      const train = await nb.needTensor("dataTrain");
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
        await nb.needTensor("dataTest"),
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
    async run(nb, seeds) {
      const getRandomDay = await nb.needFunction("getRandomDay");
      // Row i holds 10 i + j in column j, so x tells where it started.
      const rows = 30;
      const data = new Tensor(
        Float64Array.from(
          { length: rows * 6 },
          (_, k) => 10 * Math.floor(k / 6) + (k % 6),
        ),
        [rows, 6],
      );
      const dataRef = await nb.put(data);
      const generator = await nb.put(nb.generator(seeds.next()));
      const seen = new Set<number>();
      for (let draw = 0; draw < 300; draw++) {
        const [x, y] = asTensorPair(
          await getRandomDay.call(dataRef, { generator }),
          "getRandomDay",
        );
        assertEquals(x.shape, [24, 6]);
        assertEquals(y.shape, [1]);
        const start = x.data[0] / 10;
        assert(
          Number.isInteger(start) && start >= 0 && start + 24 < rows,
          `x[0] = ${
            Array.from(x.data.subarray(0, 6))
          } is not a valid first row`,
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
    async run(nb, seeds) {
      const Rnn = await nb.needFunction("RNN");
      const g = new Generator(seeds.next());
      for (let trial = 0; trial < 3; trial++) {
        const p = randomParams(g);
        const rnn = await studentRnn(nb, Rnn, seeds, p);
        const x = g.randn([24, 6]);
        const [h, y] = asTensorPair(await rnn.method("forward", x), "forward");
        assertEquals(
          h.shape,
          [24, 10],
          "forward must return the 24 hidden states h[1..24]",
        );
        assertEquals(y.shape, [1]);
        const want = elmanForward(p, x);
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
    async run(nb, seeds) {
      const Rnn = await nb.needFunction("RNN");
      const g = new Generator(seeds.next());
      for (let trial = 0; trial < 3; trial++) {
        const p = randomParams(g);
        const rnn = await studentRnn(nb, Rnn, seeds, p);
        const x = g.randn([24, 6]);
        const yTrue = g.randn([1]);
        const forward = elmanForward(p, x);
        // The student's methods get the reference forward values, so each is checked on its own.
        const h = forward.h;
        const yHat = new Tensor(forward.y.data.slice(23), [1]);
        const dy = new Tensor(new Float64Array(24), [24, 1]);
        dy.data[23] = 2 * (yHat.data[0] - yTrue.data[0]);
        const want = elmanBackward(p, x, h, dy);
        const gradH = asTensor(
          await rnn.method("computeGradH", yTrue, yHat, h),
          "computeGradH",
        );
        assertEquals(gradH.shape, [24, 10]);
        assertClose(gradH, want.h, "computeGradH");
        const shapes: [string, unknown[], Tensor, number[]][] = [
          ["computeGradC", [yTrue, yHat], want.c!, [1]],
          ["computeGradB", [h, want.h], want.b!, [10]],
          ["computeGradV", [yTrue, yHat, h], want.V, [10]],
          ["computeGradW", [h, want.h], want.W, [10, 10]],
          ["computeGradU", [h, want.h, x], want.U, [10, 6]],
        ];
        for (const [name, args, expected, shape] of shapes) {
          const got = asTensor(await rnn.method(name, ...args), name);
          assertEquals(got.shape, shape, `${name} must have shape [${shape}]`);
          assertClose(got, expected, name);
        }
        const all = await rnn.method(
          "getGradients",
          x,
          yTrue,
          yHat,
          h,
        ) as Record<
          string,
          unknown
        >;
        assertClose(all?.gradU, want.U, "getGradients().gradU");
        assertClose(all?.gradW, want.W, "getGradients().gradW");
      }
    },
  },
  {
    id: "ex3.gradcheck",
    exercise: "Exercise 3",
    points: 1,
    description:
      "getGradients equals finite differences of mseLoss(forward) (float64, relative error < 1e-6)",
    async run(nb, seeds) {
      const Rnn = await nb.needFunction("RNN");
      const mseLoss = await nb.needFunction("mseLoss");
      const g = new Generator(seeds.next());
      const p = longMemoryParams(g);
      const rnn = await studentRnn(nb, Rnn, seeds, p);
      const x = g.randn([24, 6]);
      const yTrue = g.randn([1]);
      const [h, yHat] = asTensorPair(await rnn.method("forward", x), "forward");
      const grads = await rnn.method(
        "getGradients",
        x,
        yTrue,
        yHat,
        h,
      ) as Record<
        string,
        unknown
      >;
      const loss = async () => {
        const [, y] = asTensorPair(await rnn.method("forward", x), "forward");
        const l = asTensor(await mseLoss.call(yTrue, y), "mseLoss");
        assertEquals(l.numel(), 1, "mseLoss must return one value");
        return l.data[0];
      };
      const eps = 1e-6;
      const pairs: [string, Tensor, unknown][] = [
        ["u", p.U, grads?.gradU],
        ["w", p.W, grads?.gradW],
        ["v", p.v, grads?.gradV],
        ["b", p.b!, grads?.gradB],
        ["c", p.c!, grads?.gradC],
      ];
      for (const [name, param, grad] of pairs) {
        const numeric = new Float64Array(param.numel());
        const moved = new Tensor(Float64Array.from(param.data), param.shape);
        for (let i = 0; i < numeric.length; i++) {
          const saved = moved.data[i];
          moved.data[i] = saved + eps;
          await rnn.set(name, moved);
          const plus = await loss();
          moved.data[i] = saved - eps;
          await rnn.set(name, moved);
          const minus = await loss();
          moved.data[i] = saved;
          numeric[i] = (plus - minus) / (2 * eps);
        }
        await rnn.set(name, param);
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
    async run(nb, seeds) {
      const mseLoss = await nb.needFunction("mseLoss");
      const g = new Generator(seeds.next());
      for (const n of [1, 3, 7]) {
        const a = g.randn([n]), b = g.randn([n]);
        let want = 0;
        for (let i = 0; i < n; i++) want += (a.data[i] - b.data[i]) ** 2 / n;
        const loss = asTensor(await mseLoss.call(a, b), "mseLoss");
        assertEquals(loss.numel(), 1, "mseLoss must return one value");
        assert(
          Math.abs(loss.data[0] - want) < 1e-12 * Math.max(1, want),
          `mseLoss(${a.data}, ${b.data}) = ${loss.data[0]}, expected ${want}`,
        );
      }
    },
  },
  {
    id: "ex3.trainingStep",
    exercise: "Exercise 3",
    points: 2,
    description:
      "doTrainingStep equals the lib's fused step: same windows, mean gradient, mean batch loss",
    async run(nb, seeds) {
      const Rnn = await nb.needFunction("RNN");
      const doTrainingStep = await nb.needFunction("doTrainingStep");
      const data = ref().dataTrain;
      const dataRef = await nb.put(data);
      for (const [batchSize, lr] of [[8, 0.5], [3, 0.1]]) {
        // Larger weights than the real init, so that every gradient matters.
        const p = randomParams(new Generator(seeds.next()), 0.3);
        const rnn = await studentRnn(nb, Rnn, seeds, p);
        const expected = {
          U: p.U,
          W: p.W,
          b: p.b,
          V: new Tensor(Float64Array.from(p.v.data), [1, 10]),
          c: p.c,
        };
        const stepSeed = seeds.next();
        const studentLoss = await doTrainingStep.call(
          rnn,
          dataRef,
          batchSize,
          lr,
          {
            generator: nb.generator(stepSeed),
          },
        );
        const loss = weatherTrainingStep(expected, data, {
          generator: new Generator(stepSeed),
          batchSize,
          lr,
        });
        assert(
          typeof studentLoss === "number" &&
            Math.abs(studentLoss - loss) < 1e-9 * Math.max(1, loss),
          `doTrainingStep returned ${
            describeValue(studentLoss)
          }, expected the mean batch loss ${loss}`,
        );
        assertClose(await rnn.get("u"), expected.U, "u after one step");
        assertClose(await rnn.get("w"), expected.W, "w after one step");
        assertClose(await rnn.get("v"), expected.V, "v after one step");
        assertClose(await rnn.get("b"), expected.b!, "b after one step");
        assertClose(await rnn.get("c"), expected.c!, "c after one step");
      }
    },
  },
  {
    id: "ex3.convergence",
    exercise: "Exercise 3",
    points: 2,
    description:
      "trainRnn equals the fused trainer; the notebook's mean of the last 25 of 500 losses < 0.075",
    timeoutMs: 60_000,
    async run(nb, seeds) {
      const trainRnn = await nb.needFunction("trainRnn");
      const data = ref().dataTrain;
      const dataRef = await nb.put(data);
      for (let k = 0; k < 2; k++) {
        const seed = seeds.next();
        const result = await trainRnn.call(dataRef, 15, {
          generator: nb.generator(seed),
        });
        const studentLosses = Array.isArray(result) ? result[1] : undefined;
        assert(
          Array.isArray(studentLosses) && studentLosses.length === 15,
          `trainRnn(data, 15) must return [rnn, 15 losses], got ${
            describeValue(studentLosses)
          }`,
        );
        const { losses } = trainWeatherRnn(data, {
          steps: 15,
          generator: new Generator(seed),
        });
        for (let i = 0; i < 15; i++) {
          const got = studentLosses[i];
          assert(
            typeof got === "number" && Math.abs(got - losses[i]) < 1e-9,
            `trainRnn's loss at step ${i} is ${
              describeValue(got)
            }, the fused trainer's ${losses[i]} (seed ${seed})`,
          );
        }
      }
      const notebookLosses = await nb.need("losses", "object");
      assert(
        Array.isArray(notebookLosses) && notebookLosses.length === 500 &&
          notebookLosses.every((v) => typeof v === "number"),
        `the notebook should train for 500 steps (losses holds ${
          describeValue(notebookLosses)
        })`,
      );
      const last = meanOfLast(notebookLosses as number[], 25);
      assert(
        last < 0.075,
        `the notebook's mean of the last 25 losses is ${last} ≥ 0.075`,
      );
    },
  },
];

/** Key figures of the executed notebook (read from it; not graded). */
export async function figures(nb: StudentNotebook): Promise<Figures> {
  const num = async (name: string) => {
    const v = await nb.maybe(name);
    return typeof v === "number" ? v : null;
  };
  const losses = await nb.maybe("losses");
  return {
    "mean of the last 25 losses": Array.isArray(losses) && losses.length >= 25
      ? meanOfLast(losses as number[], 25)
      : null,
    "test RMSE after 500 steps (°C)": await num("testRmse"),
    "persistence RMSE (°C)": await num("persistenceRmse"),
    "test RMSE after the longer run (°C)": await num("longRmse"),
    "500 steps, notebook class (s)": await num("trainSeconds"),
    "500 steps, fused (s)": await num("fastSeconds"),
  };
}

/**
 * Exercise checks of lab 02 (`notebooks/02_rnn_from_scratch.ipynb`), run by
 * `deno test` on the solution notebook and by the graders on students'
 * notebooks.
 *
 * Names the notebook must define (top level):
 *
 * | Name | What |
 * |---|---|
 * | `rnnForward(params, x)` | Exercise 1: `params = { weightInput (D×H), weightHidden (H×H), weightOutput (H×O) }`, `x` (T, D) → `{ predictions (T, O), hiddens (T, H) }`, no biases |
 * | `predictions`, `hiddens` | the seed's forward pass over the first ten `tmax` values |
 * | `lossGrad` | δ = prediction − target (10) |
 * | `outputWeightGrad9`, `outputBiasGrad9`, `hiddenOutputGradient9`, `activationGrad9`, `preactivationGrad9`, `inputWeightGrad9` | step 9 as the seed prints it |
 * | `lossGrad8`, `outputWeightGrad98`, `outputBiasGrad98`, `hiddenOutputGradient8`, `activationGrad8`, `preactivationGrad8`, `inputWeightGrad98` | step 8 (sums over steps 9 and 8) |
 * | `seedHiddenWeightGradient9`, `seedHiddenBiasGradient9`, `seedHiddenWeightGradient98`, `seedHiddenBiasGradient98`, `seedOutputWeightGradPartial`, `seedHiddenOutputGradient0` | the seed's wrong or partial numbers, reproduced |
 * | `hiddenWeightGrad9`, `hiddenBiasGrad9`, `hiddenWeightGrad98`, `hiddenBiasGrad98` | corrected step-wise gradients |
 * | `bptt(params, x, hiddens, lossGrad)` | Exercise 2: all steps → `{ weightInput, weightHidden, biasHidden (1×H), weightOutput, biasOutput (1×O) }` |
 * | `grads` | `bptt` on the seed's network: the full totals |
 * | `RNN` | Exercise 3: `new RNN(inputSize, hiddenSize, outputSize, rng)` with fields `weightInput` (D×H), `weightHidden` (H×H), `biasHidden` (1×H), `weightOutput` (H×O), `biasOutput` (1×O); `forward(x (B,T,D))` → `{ hiddens (B,T,H), outputs (B,T,O) }`; `backward(x, hiddens, outputGrad)` → gradients summed over the batch; `step(grads, lr, maxNorm)` |
 * | `fit(model, train, valid, options)` | Exercise 4: async, mini-batch SGD → `{ trainLoss: number[], validLoss: number[] }` |
 * | `history`, `validRmse`, `persistenceRmse`, `trainSeconds` | the training run and its evaluation |
 *
 * The student's functions are compared with the library's fused Elman RNN
 * (`lib/bptt`) and autograd on fresh random inputs; the seed's numbers with
 * `tests/fixtures/lab02/seed_numpy.json` (seed 002 run with NumPy).
 *
 * @module
 */
import { assert, assertEquals, AssertionError } from "@std/assert";
import { elmanBackward, elmanForward } from "../../lib/bptt/mod.ts";
import { gradcheck, matmul, Tensor, zeros } from "../../lib/mod.ts";
import type {
  ExerciseCheck,
  Figures,
  Seeds,
  StudentNotebook,
} from "./checks.ts";
import { describeValue, type Remote } from "../runner/remote.ts";
import { RandomState } from "../../lib/random/mod.ts";
import fixture from "./fixtures/lab02/seed_numpy.json" with { type: "json" };

/** One array of the NumPy fixture. */
interface FixtureArray {
  shape: number[];
  data: number[];
}
const SEED = fixture.values as Record<string, FixtureArray>;

/**
 * The seed's value `name` from the NumPy fixture, as a tensor.
 *
 * @example
 * ```ts
 * import { seedValue } from "./lab02.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * assertAlmostEquals(seedValue("prediction").data[0], 71.0742190277846, 1e-12);
 * ```
 */
export function seedValue(name: string): Tensor {
  const v = SEED[name];
  if (!v) throw new RangeError(`No value ${name} in seed_numpy.json`);
  return new Tensor(Float64Array.from(v.data), v.shape);
}

/** The numbers in a notebook value: a Tensor, a number or a (nested) array. */
function numbersOf(name: string, value: unknown): number[] {
  if (value instanceof Tensor) return Array.from(value.data);
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flat(Infinity) as number[];
  throw new TypeError(
    `\`${name}\` must be a Tensor, a number or an array, got ${
      describeValue(value)
    }`,
  );
}

/**
 * Asserts that `actual` holds the numbers of `expected` elementwise within
 * |a − e| ≤ rtol·|e| + atol, naming the value and the first bad element.
 *
 * @example
 * ```ts
 * import { assertClose } from "./lab02.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertClose("x", [1, 2 + 1e-12], [1, 2], { rtol: 1e-9 });
 * assertThrows(() => assertClose("x", [1.1], [1], { rtol: 1e-9 }));
 * ```
 */
export function assertClose(
  name: string,
  actual: unknown,
  expected: Tensor | number[],
  { rtol = 0, atol = 0 }: { rtol?: number; atol?: number },
): void {
  const a = numbersOf(name, actual);
  const e = expected instanceof Tensor ? Array.from(expected.data) : expected;
  if (a.length !== e.length) {
    throw new AssertionError(
      `\`${name}\` has ${a.length} numbers, expected ${e.length}${
        expected instanceof Tensor ? ` (shape [${expected.shape}])` : ""
      }`,
    );
  }
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i] - e[i]);
    if (!(err <= rtol * Math.abs(e[i]) + atol)) {
      throw new AssertionError(
        `\`${name}\`[${i}] is ${a[i]}, expected ${
          e[i]
        } (difference ${err}, allowed rtol ${rtol}, atol ${atol})`,
      );
    }
  }
}

function assertShape(name: string, value: unknown, shape: number[]): void {
  if (!(value instanceof Tensor)) {
    throw new AssertionError(
      `\`${name}\` must be a Tensor of shape [${shape}]`,
    );
  }
  assertEquals(
    value.shape,
    shape,
    `\`${name}\` must have shape [${shape}], got [${value.shape}]`,
  );
}

/** Uniform(−scale, scale) tensor from a fixed stream. */
function uniform(rng: RandomState, scale: number, ...shape: number[]): Tensor {
  return rng.uniform(-scale, scale, shape) as Tensor;
}

const T_ = (t: Tensor) => t.T;

// --- Exercise 1 -----------------------------------------------------------

type SeedParams = {
  weightInput: Tensor;
  weightHidden: Tensor;
  weightOutput: Tensor;
};
/**
 * Asserts gradients in the seed's layout (weights transposed, biases as one
 * row) equal the lib's BPTT, for sizes D (input), H (hidden), O (output).
 */
function assertSeedLayoutGradients(
  what: string,
  g: Record<string, unknown>,
  ref: ReturnType<typeof elmanBackward>,
  [d, h, o]: [number, number, number],
): void {
  const expected: Record<string, [Tensor, number[]]> = {
    weightInput: [ref.U.T, [d, h]],
    weightHidden: [ref.W.T, [h, h]],
    biasHidden: [ref.b!, [1, h]],
    weightOutput: [ref.V.T, [h, o]],
    biasOutput: [ref.c!, [1, o]],
  };
  for (const name of GRAD_NAMES) {
    const [value, shape] = expected[name];
    assertShape(`${what}.${name}`, g[name], shape);
    assertClose(`${what}.${name}`, g[name], value, {
      rtol: 1e-10,
      atol: 1e-12,
    });
  }
}

/** Random weights of the seed's layout (D=2, H=4, O=3) and a sequence of T=6 inputs. */
function seedShapedNetwork(
  rng: RandomState,
): { params: SeedParams; x: Tensor } {
  const params = {
    weightInput: uniform(rng, 0.8, 2, 4),
    weightHidden: uniform(rng, 0.8, 4, 4),
    weightOutput: uniform(rng, 0.8, 4, 3),
  };
  return { params, x: uniform(rng, 1.5, 6, 2) };
}

const forwardOnRandomInputs: ExerciseCheck = {
  id: "ex1.forward",
  exercise: "Exercise 1",
  points: 3,
  description:
    "rnnForward equals the library's fused Elman forward pass on random weights (D=2, H=4, O=3, T=6)",
  async run(nb, seeds) {
    const rnnForward = await nb.needFunction("rnnForward");
    const rng = new RandomState(seeds.next());
    const { params, x } = seedShapedNetwork(rng);
    const { predictions, hiddens } = await rnnForward.call(params, x) as Record<
      string,
      unknown
    >;
    const ref = elmanForward({
      U: T_(params.weightInput),
      W: T_(params.weightHidden),
      b: null,
      V: T_(params.weightOutput),
      c: null,
    }, x);
    assertShape("predictions", predictions, [6, 3]);
    assertShape("hiddens", hiddens, [6, 4]);
    assertClose("hiddens", hiddens, ref.h, { atol: 1e-12 });
    assertClose("predictions", predictions, ref.y, { atol: 1e-12 });
  },
};

const seedForward: ExerciseCheck = {
  id: "ex1.seedForward",
  exercise: "Exercise 1",
  points: 1,
  description:
    "the seed's predictions and hidden states over the first ten tmax values, to 1e-12",
  async run(nb) {
    assertClose(
      "predictions",
      await nb.need("predictions"),
      seedValue("prediction"),
      {
        atol: 1e-12,
      },
    );
    assertClose("hiddens", await nb.need("hiddens"), seedValue("hiddens"), {
      atol: 1e-12,
    });
  },
};

/**
 * Notebook name → fixture name of the values printed step by step.
 *
 * @example
 * ```ts
 * import { SEED_STEPS } from "./lab02.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(SEED_STEPS.outputWeightGrad9, "output_weight_grad_9");
 * ```
 */
export const SEED_STEPS: Record<string, string> = {
  lossGrad: "loss_grad",
  outputWeightGrad9: "output_weight_grad_9",
  outputBiasGrad9: "output_bias_grad_9",
  hiddenOutputGradient9: "hidden_output_gradient_9",
  activationGrad9: "activation_grad_9",
  preactivationGrad9: "preactivation_grad_9",
  inputWeightGrad9: "input_weight_grad_9",
  seedHiddenWeightGradient9: "seed_hidden_weight_gradient_9",
  seedHiddenBiasGradient9: "seed_hidden_bias_gradient_9",
  lossGrad8: "loss_grad_8",
  outputWeightGrad98: "output_weight_grad_98",
  outputBiasGrad98: "output_bias_grad_98",
  hiddenOutputGradient8: "hidden_output_gradient_8",
  activationGrad8: "activation_grad_8",
  preactivationGrad8: "preactivation_grad_8",
  inputWeightGrad98: "input_weight_grad_98",
  seedHiddenWeightGradient98: "seed_hidden_weight_gradient_98",
  seedHiddenBiasGradient98: "seed_hidden_bias_gradient_98",
  seedOutputWeightGradPartial: "seed_output_weight_grad_partial",
  seedHiddenOutputGradient0: "seed_hidden_output_gradient_0",
};

const seedSteps: ExerciseCheck = {
  id: "seed.steps",
  exercise: "Reproduction",
  points: 0,
  description:
    "the seed's step-9 and step-8 gradients (and its wrong/partial numbers), to 1e-9 relative",
  async run(nb) {
    for (const [name, key] of Object.entries(SEED_STEPS)) {
      assertClose(name, await nb.need(name), seedValue(key), { rtol: 1e-9 });
    }
  },
};

/**
 * Gradients of L = ½ Σ_{t ∈ steps} (ŷ_t − y_t)² of the seed's network by
 * autograd, starting from the fixture's hidden state before the first of
 * `steps` (held constant: truncated BPTT) or from h = 0.
 */
function seedAutograd(firstStep: number): Tensor[] {
  const x = seedValue("train");
  const hs = seedValue("hiddens");
  const leaves = [
    seedValue("weight_input"),
    seedValue("weight_hidden"),
    zeros(1, 5),
    seedValue("weight_output"),
    zeros(1, 1),
  ];
  for (const l of leaves) l.requiresGrad = true;
  const [wIn, wHh, bH, wOut, bOut] = leaves;
  let h: Tensor | null = firstStep === 0
    ? null
    : hs.index(`${firstStep - 1}:${firstStep}`);
  let loss = zeros(1, 1);
  for (let t = firstStep; t < 10; t++) {
    const xt = x.index(`${t}:${t + 1}`).reshape(1, 1);
    let z = matmul(xt, wIn).add(bH);
    if (h !== null) z = z.add(matmul(h, wHh));
    h = z.tanh();
    const r = matmul(h, wOut).add(bOut).sub(xt);
    loss = loss.add(r.pow(2).mul(0.5));
  }
  loss.sum().backward();
  return leaves.map((l) => l.grad!);
}

const correctedSteps: ExerciseCheck = {
  id: "seed.correctedSteps",
  exercise: "Reproduction",
  points: 0,
  description:
    "the corrected step-wise hidden-weight (5×5) and hidden-bias (summed) gradients equal autograd of the last one and two steps",
  async run(nb) {
    const [, w9, b9] = seedAutograd(9);
    const hw9 = await nb.need("hiddenWeightGrad9");
    assertShape("hiddenWeightGrad9", hw9, [5, 5]);
    assertClose("hiddenWeightGrad9", hw9, w9, { rtol: 1e-9 });
    assertClose("hiddenBiasGrad9", await nb.need("hiddenBiasGrad9"), b9, {
      rtol: 1e-9,
    });
    const [in98, w98, b98, out98] = seedAutograd(8);
    const hw98 = await nb.need("hiddenWeightGrad98");
    assertShape("hiddenWeightGrad98", hw98, [5, 5]);
    assertClose("hiddenWeightGrad98", hw98, w98, {
      rtol: 1e-9,
    });
    assertClose("hiddenBiasGrad98", await nb.need("hiddenBiasGrad98"), b98, {
      rtol: 1e-9,
    });
    // The seed's own step-8 sums are right for these two: autograd agrees.
    assertClose("inputWeightGrad98", await nb.need("inputWeightGrad98"), in98, {
      rtol: 1e-9,
    });
    assertClose(
      "outputWeightGrad98",
      await nb.need("outputWeightGrad98"),
      out98,
      { rtol: 1e-9 },
    );
  },
};

// --- Exercise 2 -----------------------------------------------------------

type Gradients = {
  weightInput: Tensor;
  weightHidden: Tensor;
  biasHidden: Tensor;
  weightOutput: Tensor;
  biasOutput: Tensor;
};
const GRAD_NAMES = [
  "weightInput",
  "weightHidden",
  "biasHidden",
  "weightOutput",
  "biasOutput",
] as const;

const bpttOnRandomInputs: ExerciseCheck = {
  id: "ex2.bptt",
  exercise: "Exercise 2",
  points: 3,
  description:
    "bptt equals the library's fused BPTT on random weights and loss gradients (D=2, H=4, O=3, T=6)",
  async run(nb, seeds) {
    const bptt = await nb.needFunction("bptt");
    const rng = new RandomState(seeds.next());
    const { params, x } = seedShapedNetwork(rng);
    const dy = uniform(rng, 1, 6, 3);
    const lib = {
      U: T_(params.weightInput),
      W: T_(params.weightHidden),
      b: zeros(4),
      V: T_(params.weightOutput),
      c: zeros(3),
    };
    const { h } = elmanForward(lib, x);
    const ref = elmanBackward(lib, x, h, dy);
    const g = await bptt.call(params, x, h, dy) as Record<string, unknown>;
    assertSeedLayoutGradients("bptt(…)", g, ref, [2, 4, 3]);
  },
};

const seedTotals: ExerciseCheck = {
  id: "ex2.seedTotals",
  exercise: "Exercise 2",
  points: 1,
  description:
    "grads (all ten steps of the seed's network) equal autograd to 1e-9 relative and finite differences to 1e-6",
  async run(nb) {
    const g = await nb.need("grads", "object") as Record<string, unknown>;
    const auto = seedAutograd(0);
    const x = seedValue("train");
    const numeric = gradcheck((wIn, wHh, bH, wOut, bOut) => {
      let h: Tensor | null = null;
      let loss = zeros(1, 1);
      for (let t = 0; t < 10; t++) {
        const xt = x.index(`${t}:${t + 1}`).reshape(1, 1);
        let z = matmul(xt, wIn).add(bH);
        if (h !== null) z = z.add(matmul(h, wHh));
        h = z.tanh();
        loss = loss.add(matmul(h, wOut).add(bOut).sub(xt).pow(2).mul(0.5));
      }
      return loss.sum();
    }, [
      seedValue("weight_input"),
      seedValue("weight_hidden"),
      zeros(1, 5),
      seedValue("weight_output"),
      zeros(1, 1),
    ]).numeric;
    GRAD_NAMES.forEach((name, i) => {
      assertShape(`grads.${name}`, g[name], auto[i].shape);
      assertClose(`grads.${name}`, g[name], auto[i], { rtol: 1e-9 });
      const scale = Math.max(1, ...numeric[i].map(Math.abs));
      assertClose(`grads.${name}`, g[name], Array.from(numeric[i]), {
        atol: 1e-6 * scale,
      });
    });
  },
};

// --- Exercise 3 -----------------------------------------------------------

const MODEL_SHAPES: Record<string, number[]> = {
  weightInput: [3, 5],
  weightHidden: [5, 5],
  biasHidden: [1, 5],
  weightOutput: [5, 2],
  biasOutput: [1, 2],
};

/** The library's view of weights named as in the notebook's class. */
function libParams(w: Record<string, Tensor>) {
  return {
    U: w.weightInput.T,
    W: w.weightHidden.T,
    b: w.biasHidden.reshape(5),
    V: w.weightOutput.T,
    c: w.biasOutput.reshape(2),
  };
}

/** A student's RNN (D=3, H=5, O=2) with the grader's random weights, and its lib twin. */
async function randomModel(nb: StudentNotebook, seeds: Seeds): Promise<{
  model: Remote;
  weights: Record<string, Tensor>;
  lib: ReturnType<typeof libParams>;
  x: Tensor;
  rng: RandomState;
}> {
  const RNN = await nb.needFunction("RNN");
  const model = await RNN.construct(
    3,
    5,
    2,
    nb.randomState(seeds.next()),
  );
  for (const name of GRAD_NAMES) {
    assertShape(
      `new RNN(3, 5, 2, rng).${name}`,
      await model.get(name),
      MODEL_SHAPES[name],
    );
  }
  const rng = new RandomState(seeds.next());
  const weights: Record<string, Tensor> = {};
  for (const name of GRAD_NAMES) {
    weights[name] = uniform(rng, 0.7, ...MODEL_SHAPES[name]);
    await model.set(name, weights[name]);
  }
  const x = uniform(rng, 1.5, 4, 6, 3);
  return { model, weights, lib: libParams(weights), x, rng };
}

const classForward: ExerciseCheck = {
  id: "ex3.forward",
  exercise: "Exercise 3",
  points: 2,
  description:
    "RNN.forward equals the library's fused forward pass with biases on a random batch (B=4, T=6, D=3, H=5, O=2)",
  async run(nb, seeds) {
    const { model, lib, x } = await randomModel(nb, seeds);
    const { hiddens, outputs } = await model.method("forward", x) as Record<
      string,
      unknown
    >;
    const ref = elmanForward(lib, x);
    assertShape("forward(x).hiddens", hiddens, [4, 6, 5]);
    assertShape("forward(x).outputs", outputs, [4, 6, 2]);
    assertClose("forward(x).hiddens", hiddens, ref.h, { atol: 1e-12 });
    assertClose("forward(x).outputs", outputs, ref.y, { atol: 1e-12 });
  },
};

const classBackward: ExerciseCheck = {
  id: "ex3.backward",
  exercise: "Exercise 3",
  points: 3,
  description:
    "RNN.backward equals the library's fused BPTT (sums over the batch) on a random batch and output gradient",
  async run(nb, seeds) {
    const { model, lib, x, rng } = await randomModel(nb, seeds);
    const ref = elmanForward(lib, x);
    const dy = uniform(rng, 1, 4, 6, 2);
    const g = await model.method("backward", x, ref.h, dy) as Record<
      string,
      unknown
    >;
    const r = elmanBackward(lib, x, ref.h, dy);
    assertSeedLayoutGradients("backward(…)", g, r, [3, 5, 2]);
  },
};

// --- Exercise 4 -----------------------------------------------------------

type History = { trainLoss: number[]; validLoss: number[] };

function historyOf(v: unknown): History {
  const h = v as Partial<History> | null;
  if (
    !h || typeof h !== "object" || !Array.isArray(h.trainLoss) ||
    !Array.isArray(h.validLoss)
  ) {
    throw new TypeError(
      `a history must be { trainLoss: number[], validLoss: number[] }, got ${
        describeValue(v)
      }`,
    );
  }
  return h as History;
}

function mse(a: Tensor, b: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += (a.data[i] - b.data[i]) ** 2;
  return s / a.data.length;
}

const fitOneStep: ExerciseCheck = {
  id: "ex4.fit",
  exercise: "Exercise 4",
  points: 3,
  description:
    "fit for one full-batch epoch makes exactly one clipped SGD step on the MSE and records the losses before/after it",
  async run(nb, seeds) {
    const fit = await nb.needFunction("fit");
    for (const maxNorm of [Infinity, 0.05]) {
      const { model, weights, lib, x, rng } = await randomModel(nb, seeds);
      const y = uniform(rng, 1, 4, 6, 2);
      const valid = {
        x: uniform(rng, 1.5, 3, 6, 3),
        y: uniform(rng, 1, 3, 6, 2),
      };
      const lr = 0.1;
      // Reference: the library's forward/BPTT and the update by hand.
      const ref = elmanForward(lib, x);
      const lossBefore = mse(ref.y, y);
      const dy = ref.y.sub(y).mul(2 / ref.y.numel());
      const r = elmanBackward(lib, x, ref.h, dy);
      const grads = [
        r.U.T,
        r.W.T,
        r.b!.reshape(1, 5),
        r.V.T,
        r.c!.reshape(1, 2),
      ];
      const norm = Math.sqrt(
        grads.reduce(
          (s, g) => s + numbersOf("g", g).reduce((a, v) => a + v * v, 0),
          0,
        ),
      );
      const scale = norm > maxNorm ? maxNorm / norm : 1;
      const expected = GRAD_NAMES.map((name, i) =>
        weights[name].sub(grads[i].mul(lr * scale))
      );
      const history = historyOf(
        await fit.call(model, { x, y }, valid, {
          epochs: 1,
          lr,
          batchSize: 4,
          maxNorm,
          rng: nb.randomState(seeds.next()),
        }),
      );
      assertEquals(history.trainLoss.length, 1, "one epoch, one trainLoss");
      assertEquals(history.validLoss.length, 1, "one epoch, one validLoss");
      assertClose("history.trainLoss[0]", history.trainLoss[0], [lossBefore], {
        rtol: 1e-10,
      });
      const updated: Record<string, Tensor> = {};
      for (const [i, name] of GRAD_NAMES.entries()) {
        const got = await model.get(name);
        assertShape(`model.${name}`, got, MODEL_SHAPES[name]);
        assertClose(
          `model.${name} after one step (maxNorm ${maxNorm})`,
          got,
          expected[i],
          { rtol: 1e-10, atol: 1e-12 },
        );
        updated[name] = got as Tensor;
      }
      const after = elmanForward(libParams(updated), valid.x);
      assertClose("history.validLoss[0]", history.validLoss[0], [
        mse(after.y, valid.y),
      ], {
        rtol: 1e-10,
      });
    }
  },
};

const trained: ExerciseCheck = {
  id: "ex4.trained",
  exercise: "Exercise 4",
  points: 1,
  description:
    "the trained RNN's validation loss fell below 0.4 (standardized) and its forecast beats persistence",
  async run(nb) {
    const history = historyOf(await nb.need("history", "object"));
    const last = history.validLoss.at(-1);
    assert(
      typeof last === "number" && last < 0.4,
      `final validation MSE should be below 0.4 (a constant forecast scores about 1), got ${last}`,
    );
    const validRmse = await nb.needNumber("validRmse");
    const persistenceRmse = await nb.needNumber("persistenceRmse");
    assert(
      validRmse < persistenceRmse,
      `the RNN's validation RMSE (${validRmse} °F) should beat persistence (${persistenceRmse} °F)`,
    );
  },
};

/**
 * Lab 02's checks, in report order.
 *
 * @example
 * ```ts
 * import { checks } from "./lab02.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(checks[0].id, "ex1.forward");
 * ```
 */
export const checks: ExerciseCheck[] = [
  forwardOnRandomInputs,
  seedForward,
  seedSteps,
  correctedSteps,
  bpttOnRandomInputs,
  seedTotals,
  classForward,
  classBackward,
  fitOneStep,
  trained,
];

/** Key figures of an executed lab 02 notebook (read from it; not graded). */
export async function figures(nb: StudentNotebook): Promise<Figures> {
  const history = await nb.maybe("history") as Partial<History> | undefined;
  const num = (v: unknown) => (typeof v === "number" ? v : null);
  const last = (a: unknown) => Array.isArray(a) ? a.at(-1) : null;
  return {
    "final train MSE (standardized)": num(last(history?.trainLoss)),
    "final validation MSE (standardized)": num(last(history?.validLoss)),
    "validation RMSE (°F)": num(await nb.maybe("validRmse")),
    "persistence RMSE (°F)": num(await nb.maybe("persistenceRmse")),
    "training time (s)": num(await nb.maybe("trainSeconds")),
  };
}

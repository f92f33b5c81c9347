import { assert, assertEquals } from "@std/assert";
import { figuresOf, runChecks } from "../course/rubric/run_in_process.ts";
import type { Namespace } from "../course/sandbox/server.ts";
import { makeHandout } from "../course/notebook/handout.ts";
import { parseNotebookMarkers } from "../course/notebook/markers.ts";
import {
  type Notebook,
  readNotebook,
  sourceText,
} from "../course/notebook/ipynb.ts";
import { runNotebook } from "../course/runner/run_notebook.ts";
import { matmul, Tensor, zeros } from "../lib/mod.ts";
import {
  assertClose,
  checks,
  figures,
  SEED_STEPS,
  seedValue,
} from "../course/rubric/lab02.ts";
import { LAB02_NOTEBOOK, runLab02Notebook } from "./lab02_notebook.ts";
import { needsRun } from "./_permissions.ts";
import { assertCleanRun } from "./_clean_run.ts";

/** What seed 002 printed (copied from its output cells), by fixture name. */
const PRINTED: Record<string, number[]> = {
  prediction: [
    71.0742190277846,
    73.91953306750138,
    73.97074609609383,
    74.50992244242337,
    74.04836420420375,
    72.93682904415054,
    73.89303982479758,
    75.98268476297383,
    75.20618121079521,
    76.5658351071108,
  ],
  hiddens: [
    [0.52684078, 0.98863364, 0.84349363, 0.49192612, -0.72406738],
    [0.4913896, 0.97746488, 0.80455755, 0.58573775, -0.69308416],
    [0.49997043, 0.9777974, 0.80332419, 0.58507687, -0.69762274],
    [0.50739162, 0.9796219, 0.81056156, 0.59140405, -0.70547389],
    [0.50018991, 0.97781757, 0.8035146, 0.58656475, -0.69779462],
    [0.48542095, 0.97370097, 0.78833187, 0.5736915, -0.6817688],
    [0.50005263, 0.977801, 0.80314708, 0.58349426, -0.69762897],
    [0.52871827, 0.98422052, 0.83068071, 0.60857924, -0.72769806],
    [0.51487162, 0.98130927, 0.81792654, 0.60100623, -0.71329606],
    [0.53618209, 0.98552925, 0.83714233, 0.61631894, -0.73508814],
  ].flat(),
  loss_grad: [
    11.07421903,
    21.91953307,
    21.9707461,
    21.50992244,
    22.0483642,
    22.93682904,
    21.89303982,
    19.98268476,
    21.20618121,
    19.56583511,
  ],
  output_weight_grad_9: [
    10.49085036,
    19.28270284,
    16.37938883,
    12.05879483,
    -14.38261327,
  ],
  output_bias_grad_9: [19.56583511],
  hidden_output_gradient_9: [
    604.2277146,
    598.80819903,
    603.54144274,
    923.26096434,
    667.01917725,
  ],
  activation_grad_9: [
    0.71250877,
    0.02873209,
    0.29919272,
    0.62015096,
    0.45964543,
  ],
  preactivation_grad_9: [
    430.51754363,
    17.20501289,
    180.57520357,
    572.5611729,
    306.59231761,
  ],
  seed_hidden_weight_gradient_9: [526.46690868],
  seed_hidden_bias_gradient_9: [301.4902501193734],
  input_weight_grad_9: [
    24539.49998718,
    980.68573447,
    10292.78660353,
    32635.98685506,
    17475.76210378,
  ],
  loss_grad_8: [21.20618121],
  output_bias_grad_98: [40.77201632],
  preactivation_grad_8: [
    534.51897159,
    25.88984607,
    226.23379412,
    670.87851134,
    366.97666118,
  ],
  seed_hidden_weight_gradient_98: [1153.56328621],
  seed_hidden_bias_gradient_98: [666.3898069787671],
  input_weight_grad_98: [
    53403.52445306,
    2378.73742202,
    22509.41148597,
    68863.42646755,
    37292.50180745,
  ],
  seed_output_weight_grad_partial: [
    27.24366154,
    51.04087046,
    43.06552034,
    30.25153944,
    -37.52737952,
  ],
  seed_hidden_output_gradient_0: [
    341.9915387,
    338.92410497,
    341.60311035,
    522.56364643,
    377.53136649,
  ],
};

Deno.test("seed_numpy.json holds the numbers seed 002 printed, to their printed digits", () => {
  for (const [key, printed] of Object.entries(PRINTED)) {
    // NumPy prints arrays with 8 decimals and scalars/lists in full (repr).
    const decimals = (v: number) => (String(v).split(".")[1] ?? "").length;
    const atol = Math.max(...printed.map((v) => 0.5 * 10 ** -decimals(v))) +
      1e-12;
    assertClose(key, seedValue(key), printed, { atol });
  }
});

let solution: Promise<Namespace> | undefined;
/** The solution notebook executed once for all tests of this file. */
function solutionNamespace(): Promise<Namespace> {
  solution ??= runLab02Notebook();
  return solution;
}

Deno.test(
  "lab 02 notebook executes top to bottom and passes every check",
  needsRun,
  async () => {
    const ns = await solutionNamespace();
    const results = await runChecks(checks, ns);
    const failed = results.filter((r) => r.status !== "pass");
    assertEquals(failed, [], JSON.stringify(failed, null, 2));
    const f = await figuresOf(figures, ns);
    console.log(JSON.stringify(f));
    assert((f["validation RMSE (°F)"] as number) < 5);
  },
);

Deno.test(
  "lab 02 notebook prints the seed's predictions and hidden states to 1e-12",
  needsRun,
  async () => {
    const ns = await solutionNamespace();
    assertClose("predictions", ns.predictions, seedValue("prediction"), {
      atol: 1e-12,
    });
    assertClose("hiddens", ns.hiddens, seedValue("hiddens"), { atol: 1e-12 });
    assertClose("predictions[0]", (ns.predictions as Tensor).data[0], [
      71.0742190277846,
    ], { atol: 1e-12 });
  },
);

Deno.test(
  "lab 02 notebook reproduces the seed's step-9 and step-8 gradients to 1e-9 relative",
  needsRun,
  async () => {
    const ns = await solutionNamespace();
    for (const [name, key] of Object.entries(SEED_STEPS)) {
      assertClose(name, ns[name], seedValue(key), { rtol: 1e-9 });
    }
  },
);

/** The ids of the checks that fail on `ns`. */
async function failing(ns: Namespace): Promise<string[]> {
  return (await runChecks(checks, ns)).filter((r) => r.status !== "pass").map((
    r,
  ) => r.id);
}

Deno.test(
  "lab 02 checks fail on the seed's slips and on broken exercises",
  needsRun,
  async (t) => {
    const ns = await solutionNamespace();
    type Params = {
      weightInput: Tensor;
      weightHidden: Tensor;
      weightOutput: Tensor;
    };
    type Grads = Record<string, Tensor>;
    const bptt = ns.bptt as (
      p: Params,
      x: Tensor,
      h: Tensor,
      d: Tensor,
    ) => Grads;

    await t.step(
      "a forward pass without the recurrence fails ex1.forward",
      async () => {
        const rnnForward = (p: Params, x: Tensor) => {
          const hiddens = matmul(x, p.weightInput).tanh();
          return { predictions: matmul(hiddens, p.weightOutput), hiddens };
        };
        assertEquals(await failing({ ...ns, rnnForward }), ["ex1.forward"]);
      },
    );

    await t.step(
      "the seed's 1×1 hidden-weight gradient and mean bias fail ex2",
      async () => {
        const seedBptt = (p: Params, x: Tensor, h: Tensor, d: Tensor) => {
          const g = bptt(p, x, h, d);
          const hw = g.weightHidden.sum().reshape(1, 1);
          const hb = g.biasHidden.mean().reshape(1, 1);
          return { ...g, weightHidden: hw, biasHidden: hb };
        };
        const grads = seedBptt(
          ns.seedParams as Params,
          (ns.train as Tensor).reshape(10, 1),
          ns.hiddens as Tensor,
          (ns.lossGrad as Tensor).reshape(10, 1),
        );
        assertEquals(await failing({ ...ns, bptt: seedBptt, grads }), [
          "ex2.bptt",
          "ex2.seedTotals",
        ]);
      },
    );

    await t.step(
      "the seed's partial totals (steps 9, 8, 0) fail ex2.seedTotals",
      async () => {
        const g = ns.grads as Grads;
        const grads = { ...g, weightOutput: ns.seedOutputWeightGradPartial };
        assertEquals(await failing({ ...ns, grads }), ["ex2.seedTotals"]);
      },
    );

    await t.step(
      "a step-9 hidden-weight gradient taken with h_9 fails the corrected steps",
      async () => {
        const hAt = ns.hAt as (t: number) => Tensor;
        const wrong = matmul(hAt(9).T, ns.preactivationGrad9 as Tensor);
        assertEquals(await failing({ ...ns, hiddenWeightGrad9: wrong }), [
          "seed.correctedSteps",
        ]);
      },
    );

    await t.step(
      "a backward pass without the carry through W_hh fails ex3.backward",
      async () => {
        const RNN = ns.RNN as new (...a: unknown[]) => {
          backward(x: Tensor, h: Tensor, dy: Tensor): Grads;
          weightHidden: Tensor;
        };
        class Truncated extends RNN {
          override backward(x: Tensor, h: Tensor, dy: Tensor): Grads {
            const saved = this.weightHidden;
            this.weightHidden = zeros(...saved.shape); // kills the carry term
            try {
              const g = super.backward(x, h, dy);
              return g;
            } finally {
              this.weightHidden = saved;
            }
          }
        }
        // fit uses backward too, so ex4.fit fails with it.
        assertEquals(await failing({ ...ns, RNN: Truncated }), [
          "ex3.backward",
          "ex4.fit",
        ]);
      },
    );

    await t.step("fit that forgets to clip fails ex4.fit", async () => {
      const fit = ns.fit as (m: { step: unknown }, ...a: unknown[]) => unknown;
      const noClip = (
        m: { step: (g: unknown, lr: number, c?: number) => number },
        ...a: unknown[]
      ) => {
        const step = m.step.bind(m);
        m.step = (g, lr) => step(g, lr);
        return fit(m, ...a);
      };
      assertEquals(await failing({ ...ns, fit: noClip }), ["ex4.fit"]);
    });

    await t.step("an untrained model fails ex4.trained", async () => {
      const history = { trainLoss: [1], validLoss: [1] };
      assertEquals(await failing({ ...ns, history }), ["ex4.trained"]);
    });
  },
);

Deno.test(
  "lab 02 notebook's exercise markers are valid and its handout keeps no solution line",
  needsRun,
  async () => {
    const nb = JSON.parse(await Deno.readTextFile(LAB02_NOTEBOOK)) as Notebook;
    const sources = nb.cells.map((c) => sourceText(c.source));
    const markers = parseNotebookMarkers(sources, "02_rnn_from_scratch.ipynb");
    const regions = markers.flatMap((m) =>
      m.regions.filter((r) => r.kind === "hw")
    );
    assertEquals(regions.length, 6);
    const handout = makeHandout(nb, "02_rnn_from_scratch.ipynb");
    const text = handout.cells.map((c) => sourceText(c.source)).join("\n");
    for (
      const line of [
        "grads.weightHidden = grads.weightHidden.add(",
        "carry = matmul(dz, this.weightHidden.T);",
        "$h_{t-1,i}\\, \\partial L/\\partial z_{t,j}$",
      ]
    ) {
      assert(!text.includes(line), `handout still contains ${line}`);
    }
    assert(text.includes("TODO: loop over the steps"));
    for (const cell of nb.cells) {
      if (cell.cell_type === "code") {
        assertEquals(cell.outputs, []);
        assertEquals(cell.execution_count, null);
      }
    }
  },
);

const CHECKS = new URL("../course/rubric/lab02.ts", import.meta.url).pathname;

Deno.test(
  "lab 02 notebook runs headless in the sandbox and passes every check",
  needsRun,
  async () => {
    const r = await runNotebook(await readNotebook(LAB02_NOTEBOOK.pathname), {
      checks: CHECKS,
    });
    assertCleanRun(r);
    assertEquals(r.checks.length, checks.length);
    const f = r.figures!;
    assert(
      (f["validation RMSE (°F)"] as number) <
        (f["persistence RMSE (°F)"] as number),
    );
  },
);

Deno.test(
  "lab 02 handout loads and scores zero on the exercises",
  needsRun,
  async () => {
    const nb = await readNotebook(LAB02_NOTEBOOK.pathname);
    const handout = makeHandout(nb, "02_rnn_from_scratch.ipynb");
    const r = await runNotebook(handout, { checks: CHECKS, skipTagged: true });
    assertEquals(
      r.cells.filter((c) => c.status === "error").map((c) => c.index),
      [],
    );
    assertEquals(r.checks.filter((c) => c.score > 0).map((c) => c.id), []);
  },
);

/**
 * Lab 1: the solution notebook runs top to bottom and passes every exercise
 * check; the checks fail on the original lab's slips (mutations of the
 * solution); the handout loads and scores zero; the fused trainer equals
 * the notebook's per-sample class.
 *
 * @module
 */
import { assert, assertEquals } from "@std/assert";
import { makeHandout } from "../course/notebook/handout.ts";
import { readNotebook, sourceText } from "../course/notebook/ipynb.ts";
import { parseNotebookMarkers } from "../course/notebook/markers.ts";
import { runNotebook } from "../course/runner/run_notebook.ts";
import { predictNextHour, trainWeatherRnn } from "../lib/labs/weather/mod.ts";
import { Generator } from "../lib/random/generator.ts";
import { lab01Data } from "../course/rubric/lab01_reference.ts";
import { needsMutationRun, needsRead, needsRun } from "./_permissions.ts";
import { mutant } from "./_mutants.ts";
import { assertCleanRun } from "./_clean_run.ts";

const NOTEBOOK = new URL("../notebooks/01_bptt_weather.ipynb", import.meta.url)
  .pathname;
/** Mutants keep the cells before this one (the long training runs). */
const MUTANT_CUT = "trainRnn(dataTrain, 500";
const CHECKS = new URL("../course/rubric/lab01.ts", import.meta.url).pathname;

Deno.test(
  "lab 1 notebook runs top to bottom and passes every check",
  needsRun,
  async () => {
    const r = await runNotebook(await readNotebook(NOTEBOOK), {
      checks: CHECKS,
    });
    assertCleanRun(r);
    assertEquals(r.checks.length, 10);
    const f = r.figures!;
    assert((f["mean of the last 25 losses"] as number) < 0.075);
    // About 1.545 °C on the 8573 test windows (an independent NumPy probe).
    const persistence = f["persistence RMSE (°C)"] as number;
    assert(Math.abs(persistence - 1.545) < 0.001, `persistence ${persistence}`);
    assert((f["test RMSE after 500 steps (°C)"] as number) > persistence);
    assert((f["test RMSE after the longer run (°C)"] as number) < persistence);
  },
);

Deno.test(
  "lab 1 checks fail on the original lab's slips",
  needsMutationRun,
  async (t) => {
    const nb = await readNotebook(NOTEBOOK);
    const cases: [string, string, string, string[]][] = [
      [
        "randint(len − 25) never draws the last start",
        "data.shape[0] - 24, [1]",
        "data.shape[0] - 25, [1]",
        ["ex3.getRandomDay"],
      ],
      [
        "∇b skips the first time step",
        "return tanhDerivative(hidden).mul(gradH).sum(0);",
        'return tanhDerivative(hidden).mul(gradH).index("1:").sum(0);',
        ["ex3.gradients", "ex3.gradcheck", "ex3.trainingStep"],
      ],
      [
        "∇c with the sign flipped",
        "return yPred.sub(yTrue).mul(2);",
        "return yTrue.sub(yPred).mul(2);",
        ["ex3.gradients", "ex3.gradcheck", "ex3.trainingStep"],
      ],
      [
        "tanh derivative of h[t] instead of h[t+1] in ∇h",
        "tanhDerivative(hidden.index(i + 1))",
        "tanhDerivative(hidden.index(i))",
        ["ex3.gradients", "ex3.gradcheck"],
      ],
      [
        "biased standard deviation",
        "dataTrain.std(0)\n",
        "dataTrain.std(0, { correction: 0 })\n",
        ["ex3.standardize"],
      ],
      [
        "the loss of the last window instead of the batch mean",
        "totalLoss += loss.item();",
        "totalLoss = loss.item() * batchSize;",
        ["ex3.trainingStep"],
      ],
      [
        "a 75% split",
        "Math.trunc(0.8 * dataset.shape[0] - (dataset.shape[0] % 24))",
        "Math.trunc(0.75 * dataset.shape[0])",
        ["ex3.split", "ex3.standardize"],
      ],
    ];
    for (const [name, from, to, failing] of cases) {
      await t.step(name, async () => {
        const r = await runNotebook(mutant(nb, from, to, MUTANT_CUT), {
          checks: CHECKS,
        });
        const status = Object.fromEntries(
          r.checks.map((c) => [c.id, c.status]),
        );
        for (const id of failing) assertEquals([id, status[id]], [id, "fail"]);
        // The other exercises still score: a slip costs only what it touches.
        for (const id of ["ex3.dataset", "ex3.split", "ex3.mseLoss"]) {
          if (!failing.includes(id)) {
            assertEquals([id, status[id]], [id, "pass"]);
          }
        }
      });
    }
  },
);

Deno.test(
  "lab 1 checks accept a whole-day split as well as the original formula",
  needsRun,
  async () => {
    const nb = await readNotebook(NOTEBOOK);
    const r = await runNotebook(
      mutant(
        nb,
        "Math.trunc(0.8 * dataset.shape[0] - (dataset.shape[0] % 24))",
        "24 * Math.trunc(0.8 * dataset.shape[0] / 24)",
        MUTANT_CUT,
      ),
      { checks: CHECKS },
    );
    const status = Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
    assertEquals([status["ex3.split"], status["ex3.standardize"]], [
      "pass",
      "pass",
    ]);
  },
);

Deno.test(
  "lab 1 handout keeps no solution, loads, and scores zero on the exercises",
  needsRun,
  async () => {
    const nb = await readNotebook(NOTEBOOK);
    const handout = makeHandout(nb, "01_bptt_weather.ipynb");
    const text = handout.cells.map((c) => sourceText(c.source)).join("\n");
    for (
      const solution of [
        "generator.randint(0, data.shape[0] - 24",
        "Math.trunc(0.8 * dataset.shape[0]",
        "delta.T.matmul(hPrev)",
        "The computational graph of three steps",
        "the starts are $0",
        "34387 = 24",
      ]
    ) {
      assert(
        !text.includes(solution),
        `the handout still contains ${solution}`,
      );
    }
    const markers = parseNotebookMarkers(
      nb.cells.map((c) => sourceText(c.source)),
      "01_bptt_weather.ipynb",
    );
    const regions = markers.reduce((n, m) => n + m.regions.length, 0);
    assert(regions >= 20, `only ${regions} exercise regions`);
    const r = await runNotebook(handout, { checks: CHECKS, skipTagged: true });
    assertEquals(
      r.cells.filter((c) => c.status === "error").map((c) => c.index),
      [],
    );
    const scored = r.checks.filter((c) =>
      c.score > 0 && c.id !== "ex3.dataset"
    );
    assertEquals(scored.map((c) => c.id), []);
  },
);

Deno.test(
  "trainWeatherRnn converges below 0.075 for 5 seeds and predicts every test window",
  needsRead,
  () => {
    const data = lab01Data();
    for (const seed of [0, 1, 2, 3, 4]) {
      const { params, losses } = trainWeatherRnn(data.dataTrain, {
        steps: 500,
        generator: new Generator(seed),
      });
      const last = losses.slice(-25).reduce((a, b) => a + b, 0) / 25;
      assert(last < 0.075, `seed ${seed}: ${last}`);
      assertEquals(predictNextHour(params, data.test.x).shape, [8573]);
    }
  },
);

Deno.test("one randint call for a batch draws the same starts as one call per window", () => {
  const a = new Generator(5), b = new Generator(5);
  const batch = Array.from(a.randint(0, 34363, [32]).data);
  const single = Array.from(
    { length: 32 },
    () => b.randint(0, 34363, [1]).item(),
  );
  assertEquals(batch, single);
});

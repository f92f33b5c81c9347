/**
 * Lab 3: the solution notebook runs top to bottom in the sandboxed headless
 * runner and passes every check; the checks fail on the seed's slips
 * (mutations of the solution) and on untrained or hard-coded results; the
 * handout keeps no solution, loads and scores zero; the notebook's numbers
 * equal the seed's NumPy code (with its BPTT and update corrected).
 *
 * @module
 */
import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { makeHandout } from "../course/notebook/handout.ts";
import { runChecks } from "../course/rubric/run_in_process.ts";
import { readNotebook, sourceText } from "../course/notebook/ipynb.ts";
import { parseNotebookMarkers } from "../course/notebook/markers.ts";
import { runNotebook } from "../course/runner/run_notebook.ts";
import { RandomState } from "../lib/random/mod.ts";
import type { Tensor } from "../lib/tensor/mod.ts";
import { checks, GOAL, type RnnLike } from "../course/rubric/lab03.ts";
import { loadLab03 } from "./lab03_notebook.ts";
import { mutant } from "./_mutants.ts";
import { needsMutationRun, needsRun } from "./_permissions.ts";
import FIXTURE from "./fixtures/lab03/seed_numpy.json" with { type: "json" };
import { assertCleanRun } from "./_clean_run.ts";

const NOTEBOOK = new URL("../notebooks/03_sine_wave_rnn.ipynb", import.meta.url)
  .pathname;
/** Mutants keep the cells before this one (the long training runs). */
const MUTANT_CUT = "function setLoss(";
const CHECKS = new URL("../course/rubric/lab03.ts", import.meta.url).pathname;

/** The first code cell that trains for 500 epochs (the seed-init run). */
const TRAINING_CELL = "const seedRun = await train(";

Deno.test(
  "lab 3 notebook runs top to bottom and passes every check",
  needsRun,
  async () => {
    const r = await runNotebook(await readNotebook(NOTEBOOK), {
      checks: CHECKS,
    });
    assertCleanRun(r);
    assertEquals(r.checks.length, checks.length);
    const f = r.figures!;
    // The seed's init saturates tanh: a loss in the hundreds, and training stalls.
    assert((f["initial train loss (seed init)"] as number) > 100);
    assert((f["final validation loss (seed init, lr 5e-5)"] as number) > 0.05);
    assert((f["final train loss"] as number) <= GOAL);
    assert((f["final validation loss"] as number) <= GOAL);
    const printed = r.cells.flatMap((c) => c.outputs).map((o) =>
      "text" in o ? sourceText(o.text as string | string[]) : ""
    ).join("");
    for (
      const label of [
        "Train loss: ",
        "Validation loss: ",
        "Final train loss: ",
        "Final validation loss: ",
      ]
    ) {
      assert(printed.includes(label), `the notebook does not print ${label}`);
    }
  },
);

Deno.test(
  "lab 3 checks fail on the seed's slips",
  needsMutationRun,
  async (t) => {
    const nb = await readNotebook(NOTEBOOK);
    const cases: [string, string, string, string[]][] = [
      [
        "the update assigns lr · grad instead of subtracting it",
        "w[i] -= lr * g[i];",
        "w[i] = lr * g[i];",
        ["ex5.sgd"],
      ],
      [
        "the set-building loop stops early: last three rows stay zero",
        "const end = seedBounds ? rows : rows + 3;",
        "const end = rows;",
        ["ex1.sets", "ex1.seed-bounds"],
      ],
      [
        "the loss divides by N instead of 2N",
        "return loss / (2 * n);",
        "return loss / n;",
        ["ex2.loss"],
      ],
      [
        "the tanh derivative taken at h_{t−1}",
        "gradH.mul(hAt(t).square().neg().add(1))",
        "gradH.mul(hAt(t - 1).square().neg().add(1))",
        ["ex3.bptt"],
      ],
      [
        "the gradient carried back through W instead of Wᵀ",
        "gradH = rnn.W.T.matmul(delta);",
        "gradH = rnn.W.matmul(delta);",
        ["ex3.bptt"],
      ],
      [
        "clipping scales small gradients too",
        "if (coef < 1) for",
        "if (coef !== 0) for",
        ["ex4.clip"],
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
        // A slip costs only what it touches.
        for (
          const id of [
            "ex1.data",
            "ex1.sets",
            "ex2.loss",
            "ex3.bptt",
            "ex5.sgd",
          ]
        ) {
          if (!failing.includes(id)) {
            assertEquals([id, status[id]], [id, "pass"]);
          }
        }
      });
    }
  },
);

Deno.test(
  "lab 3 goal checks fail for an untrained network, hard-coded losses, or a train that does nothing",
  needsRun,
  async () => {
    const ns = await loadLab03({ stopBefore: TRAINING_CELL });
    const RNN = ns.RNN as new (
      d: number,
      h: number,
      c: number,
      o: object,
    ) => RnnLike;
    const fresh = new RNN(1, 50, 4, {
      rng: new RandomState(0),
      low: -0.05,
      high: 0.05,
    });
    const getLoss = ns.getLoss as (r: RnnLike, X: Tensor, Y: Tensor) => number;
    const goalChecks = checks.filter((c) => c.id.startsWith("ex5.g"));
    const untrained = await runChecks(goalChecks, {
      ...ns,
      rnn: fresh,
      finalTrainLoss: getLoss(fresh, ns.xTrain as Tensor, ns.yTrain as Tensor),
      finalValiLoss: getLoss(fresh, ns.xVali as Tensor, ns.yVali as Tensor),
    });
    assertEquals(untrained.map((r) => r.status), ["fail"]);
    assert(untrained[0].message!.includes("final"), untrained[0].message);
    const hardCoded = await runChecks(goalChecks, {
      ...ns,
      rnn: fresh,
      finalTrainLoss: 1e-5,
      finalValiLoss: 1e-5,
    });
    assertEquals(hardCoded.map((r) => r.status), ["fail"]);
    const lazy = await runChecks(checks.filter((c) => c.id === "ex5.robust"), {
      ...ns,
      epochs: 500,
      learningRate: 0.01,
      maxNorm: 1,
      train: () => Promise.resolve({ trainLosses: [], valiLosses: [] }),
    });
    assertEquals(lazy.map((r) => r.status), ["fail"]);
    assert(lazy[0].message!.includes("seed 1"), lazy[0].message);
  },
);

Deno.test(
  "lab 3 numbers equal the seed's NumPy code (BPTT and update corrected)",
  needsRun,
  async () => {
    const ns = await loadLab03({ stopBefore: TRAINING_CELL });
    const ySin = ns.ySin as Tensor;
    let sum = 0;
    for (const v of ySin.data) sum += v;
    assertAlmostEquals(sum, FIXTURE.ySin_sum, 1e-10); // NumPy sums pairwise
    for (const [i, v] of Object.entries(FIXTURE.ySin_samples)) {
      assertEquals(ySin.data[Number(i)], v);
    }
    const row = (x: unknown, k: number) =>
      Array.from((x as Tensor).data.subarray(4 * k, 4 * k + 4));
    assertEquals(row(ns.xTrain, 246), FIXTURE.xTrain_246);
    assertEquals(row(ns.xVali, 0), FIXTURE.xVali_0);
    assertEquals((ns.yVali as Tensor).data[249], FIXTURE.yVali_249);

    const sinRNN = ns.sinRNN as RnnLike;
    assertEquals(
      Array.from(sinRNN.U.data.subarray(0, 3)),
      FIXTURE.seed_init_U_first3,
    );
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    assert(
      rel(ns.initialTrainLoss as number, FIXTURE.seed_init_train_loss) < 1e-12,
    );
    assert(
      rel(ns.initialValiLoss as number, FIXTURE.seed_init_vali_loss) < 1e-12,
    );

    const RNN = ns.RNN as new (
      d: number,
      h: number,
      c: number,
      o: object,
    ) => RnnLike;
    const small = () =>
      new RNN(1, 50, 4, { rng: new RandomState(0), low: -0.05, high: 0.05 });
    const backward = ns.backward as (
      r: RnnLike,
      x: Tensor,
      y: number,
    ) => { U: Tensor; W: Tensor; V: Tensor };
    const g = backward(
      small(),
      (ns.xTrain as Tensor).index(100),
      (ns.yTrain as Tensor).data[100],
    );
    const close = (a: ArrayLike<number>, b: number[], what: string) => {
      const scale = Math.max(...b.map(Math.abs));
      for (let i = 0; i < b.length; i++) {
        assert(Math.abs(a[i] - b[i]) <= 1e-12 * scale, `${what}[${i}]`);
      }
    };
    close(g.U.data, FIXTURE.small_grad_sample100.U, "∇U");
    close(
      g.W.data.subarray(0, 50),
      FIXTURE.small_grad_sample100.W_row0,
      "∇W[0]",
    );
    close(g.V.data, FIXTURE.small_grad_sample100.V, "∇V");

    const train = ns.train as (
      r: RnnLike,
      o: object,
    ) => Promise<{ trainLosses: number[]; valiLosses: number[] }>;
    const net = small();
    const one = await train(net, {
      epochs: 1,
      lr: 0.01,
      batchSize: 1, // the seed's per-sample updates
      maxNorm: 1,
      quiet: true,
    });
    const getLoss = ns.getLoss as (r: RnnLike, X: Tensor, Y: Tensor) => number;
    const trainAfter = getLoss(net, ns.xTrain as Tensor, ns.yTrain as Tensor);
    assert(rel(trainAfter, FIXTURE.after_1_epoch.train_loss) < 1e-9);
    assert(rel(one.valiLosses[0], FIXTURE.after_1_epoch.vali_loss) < 1e-9);
  },
);

Deno.test(
  "lab 3 handout keeps no solution, loads, and scores zero on the exercises",
  needsRun,
  async () => {
    const nb = await readNotebook(NOTEBOOK);
    const handout = makeHandout(nb, "03_sine_wave_rnn.ipynb");
    const text = handout.cells.map((c) => sourceText(c.source)).join("\n");
    for (
      const solution of [
        "x.set([i - 3], ySin.index(",
        "loss += (Y.data[i] - yPred) ** 2;",
        "gradH = rnn.W.T.matmul(delta);",
        "const coef = maxNorm / (total + 1e-6);",
        "w[i] -= lr * g[i];",
      ]
    ) {
      assert(
        !text.includes(solution),
        `the handout still contains ${solution}`,
      );
    }
    const markers = parseNotebookMarkers(
      nb.cells.map((c) => sourceText(c.source)),
      "03_sine_wave_rnn.ipynb",
    );
    assertEquals(markers.reduce((n, m) => n + m.regions.length, 0), 5);
    const r = await runNotebook(handout, { checks: CHECKS, skipTagged: true });
    assertEquals(
      r.cells.filter((c) => c.status === "error").map((c) => c.index),
      [],
    );
    // ex1.data checks given code (the data set), not an exercise region.
    const scored = r.checks.filter((c) => c.score > 0 && c.id !== "ex1.data");
    assertEquals(scored.map((c) => c.id), []);
  },
);

/**
 * Grading a class with `deno task grade`, as a course would: several jobs,
 * shards as separate processes merged afterwards, a grader's written-answer
 * points merged in, and the review and feedback pages. On the fixture lab
 * (`tests/fixtures/notebooks/90_fixture_lab.ipynb`), with a fixed `--seed`.
 *
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { parse, stringify } from "@std/csv";
import { join } from "@std/path";
import { makeHandout } from "../course/notebook/handout.ts";
import {
  type Notebook,
  readNotebook,
  sourceText,
  writeNotebook,
} from "../course/notebook/ipynb.ts";
import { REPO_ROOT } from "../course/runner/run_notebook.ts";
import { needsRun } from "./_permissions.ts";
import { gradeCli } from "./_grade_cli.ts";

const DIR = `${REPO_ROOT}/tests/fixtures/notebooks`;
const FIXTURE = `${DIR}/90_fixture_lab.ipynb`;
const RUBRIC = `${REPO_ROOT}/tests/fixtures/rubric`;

/** The notebook with the cell containing `snippet` rewritten. */
function edit(
  nb: Notebook,
  snippet: string,
  to: (s: string) => string,
): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((c) =>
      sourceText(c.source).includes(snippet)
        ? { ...c, source: to(sourceText(c.source)) }
        : c
    ),
  };
}

/** A class of six submissions, written once per test run. */
let classDir: Promise<string> | undefined;
function aClass(): Promise<string> {
  classDir ??= (async () => {
    const sol = await readNotebook(FIXTURE);
    const handout = makeHandout(sol, "90_fixture_lab.ipynb");
    const answered = (text: string) =>
      edit(
        handout,
        "Why do we keep 80%",
        (s) => s.replace("*Your answer here.*", text),
      );
    const subs: Record<string, Notebook> = {
      ada: edit(
        sol,
        "Why do we keep 80%",
        (s) =>
          s.replace(
            /#!TAG HWBEGIN[\s\S]*#!TAG HWEND/,
            "To keep $n_{test} = 0.2\\,n$ rows unseen.",
          ),
      ),
      bob: edit(
        sol,
        "function mean",
        () => "function mean(xs: number[]): number {\n  return xs[0];\n}",
      ),
      cy: answered("Because $\\frac{4}{5}$ is customary."),
      dee: handout,
      eve: edit(sol, "let total = 0", (s) => s.replace("i <= 10", "i < 10")),
      fay: sol,
    };
    const dir = await Deno.makeTempDir({ prefix: "class-" });
    for (const [name, nb] of Object.entries(subs)) {
      await writeNotebook(join(dir, "subs", name, "90_fixture_lab.ipynb"), nb);
    }
    return dir;
  })();
  return classDir;
}

async function grade(...args: string[]): Promise<string> {
  const { code, log } = await gradeCli(...args);
  assertEquals(code, 0, log);
  return log;
}

const common = (dir: string) => [
  "--rubric-dir",
  RUBRIC,
  "--solutions-dir",
  DIR,
  "--handouts-dir",
  join(dir, "no-handouts"),
  "--seed",
  "42",
  join(dir, "subs"),
];

Deno.test(
  "--jobs 1 and --jobs 2 write the same gradebook, row for row",
  needsRun,
  async () => {
    const dir = await aClass();
    await grade(
      "--jobs",
      "1",
      "--out",
      join(dir, "j1/gradebook.csv"),
      ...common(dir),
    );
    const log = await grade(
      "--jobs",
      "2",
      "--out",
      join(dir, "j2/gradebook.csv"),
      ...common(dir),
    );
    assertStringIncludes(log, "[6/6]");
    assertStringIncludes(log, "ETA");
    const one = await Deno.readTextFile(join(dir, "j1/gradebook.csv"));
    assertEquals(await Deno.readTextFile(join(dir, "j2/gradebook.csv")), one);
    const rows = parse(one, { skipFirstRow: true }) as Record<string, string>[];
    assertEquals(
      rows.map((r) => [r.student, r["90:Exercise 2"], r.total, r.max]),
      [
        ["ada", "4", "8", "10"],
        ["bob", "1", "5", "10"],
        ["cy", "0", "0", "10"],
        [
          "dee",
          "0",
          "0",
          "10",
        ],
        ["eve", "3", "7", "10"],
        ["fay", "4", "8", "10"],
      ],
    );
  },
);

Deno.test(
  "two shards graded as separate processes, merged, equal a single run",
  needsRun,
  async () => {
    const dir = await aClass();
    await grade(
      "--jobs",
      "2",
      "--out",
      join(dir, "single/gradebook.csv"),
      ...common(dir),
    );
    // As a Kubernetes Indexed Job would: one process per shard.
    await Promise.all([1, 2].map((k) =>
      grade(
        "--jobs",
        "1",
        "--shard",
        `${k}/2`,
        "--out",
        join(dir, `shard${k}/gradebook.csv`),
        ...common(dir),
      )
    ));
    const parts = [1, 2].map((k) => join(dir, `shard${k}/gradebook.csv`));
    for (const p of parts) {
      assert(
        (parse(await Deno.readTextFile(p)) as string[][]).length === 4,
        `${p}: 3 rows`,
      );
    }
    await grade("merge", "--out", join(dir, "merged.csv"), ...parts);
    assertEquals(
      await Deno.readTextFile(join(dir, "merged.csv")),
      await Deno.readTextFile(join(dir, "single/gradebook.csv")),
    );
    // One review page for the students of every shard.
    await grade(
      "merge",
      "--out",
      join(dir, "merged-again.csv"),
      "--review",
      join(dir, "review"),
      "--solutions-dir",
      DIR,
      ...[1, 2].flatMap((
        k,
      ) => ["--results", join(dir, `shard${k}/results.jsonl`)]),
      ...parts,
    );
    const review = await Deno.readTextFile(
      join(dir, "review", "review-lab90.html"),
    );
    for (const student of ["ada", "bob", "cy", "eve", "fay"]) {
      assertStringIncludes(review, `>${student}</h3>`);
    }
  },
);

Deno.test(
  "a grader's points and comments merge in; a missing point is reported, not taken as zero",
  needsRun,
  async () => {
    const dir = await aClass();
    const run = join(dir, "manual-run");
    await grade(
      "--jobs",
      "2",
      "--out",
      join(run, "gradebook.csv"),
      "--feedback",
      join(run, "feedback"),
      ...common(dir),
    );
    const manual = parse(await Deno.readTextFile(join(run, "manual.csv")), {
      skipFirstRow: true,
    }) as Record<
      string,
      string
    >[];
    assertEquals(
      manual.map((m) => [m.student, m.item, m.max_points, m.points]),
      [
        ["ada", "Exercise 1 (why 80%)", "2", ""],
        ["bob", "Exercise 1 (why 80%)", "2", ""],
        ["cy", "Exercise 1 (why 80%)", "2", ""],
        ["dee", "Exercise 1 (why 80%)", "2", ""],
        ["eve", "Exercise 1 (why 80%)", "2", ""],
        ["fay", "Exercise 1 (why 80%)", "2", ""],
      ],
    );
    // The grader fills all but eve's.
    const filled = manual.map((m) =>
      m.student === "eve" ? m : {
        ...m,
        points: m.student === "cy" ? "1" : "2",
        comment: `Seen, ${m.student}: $\\alpha$.`,
      }
    );
    await Deno.writeTextFile(
      join(run, "manual.csv"),
      stringify([
        ["student", "lab", "item", "max_points", "points", "comment"],
        ...filled.map((
          m,
        ) => [m.student, m.lab, m.item, m.max_points, m.points, m.comment]),
      ]),
    );
    const log = await grade(
      "merge",
      "--manual",
      join(run, "manual.csv"),
      "--out",
      join(run, "final.csv"),
      "--feedback",
      join(run, "final-feedback"),
      "--results",
      join(run, "results.jsonl"),
      join(run, "gradebook.csv"),
    );
    assertStringIncludes(
      log,
      "eve (lab 90): Exercise 1 (why 80%) has no points",
    );
    const rows = parse(await Deno.readTextFile(join(run, "final.csv")), {
      skipFirstRow: true,
    }) as Record<
      string,
      string
    >[];
    const by = Object.fromEntries(rows.map((r) => [r.student, r]));
    assertEquals([by.ada["90:written:Exercise 1 (why 80%)"], by.ada.total], [
      "2",
      "10",
    ]);
    assertEquals([by.cy["90:written:Exercise 1 (why 80%)"], by.cy.total], [
      "1",
      "1",
    ]);
    assertEquals([by.eve["90:written:Exercise 1 (why 80%)"], by.eve.total], [
      "",
      "7",
    ]);
    assertStringIncludes(
      by.eve.notes,
      "written answers to grade: Exercise 1 (why 80%)",
    );
    const page = await Deno.readTextFile(
      join(run, "final-feedback", "cy-lab90.html"),
    );
    assertStringIncludes(page, "Seen, cy: $\\alpha$.");
    assertStringIncludes(page, "1 / 2");
  },
);

Deno.test(
  "the review page shows every answer; feedback pages show points and failed checks",
  needsRun,
  async () => {
    const dir = await aClass();
    const run = join(dir, "pages-run");
    await grade(
      "--out",
      join(run, "gradebook.csv"),
      "--feedback",
      join(run, "feedback"),
      ...common(dir),
    );
    const review = await Deno.readTextFile(join(run, "review-lab90.html"));
    assertStringIncludes(review, "Because the secret answer is forty-two."); // the reference answer
    assertStringIncludes(review, "$n_{test} = 0.2\\,n$"); // ada's answer, kept as TeX for MathJax
    assertStringIncludes(review, "Because $\\frac{4}{5}$ is customary."); // cy's
    assertStringIncludes(review, "MathJax");
    const bob = await Deno.readTextFile(
      join(run, "feedback", "bob-lab90.html"),
    );
    assertStringIncludes(bob, "ex2.mean");
    assertStringIncludes(bob, "Expected actual"); // the failed check's message: got versus expected
    assertStringIncludes(bob, "Exercise 2: 1 / 4");
  },
);

Deno.test(
  "an untouched handout is recognised: a row that says so, no points",
  needsRun,
  async () => {
    const dir = await aClass();
    const run = join(dir, "handout-run");
    await Deno.mkdir(join(dir, "handouts90"), { recursive: true });
    const sol = await readNotebook(FIXTURE);
    await writeNotebook(
      join(dir, "handouts90", "90_fixture_lab.ipynb"),
      makeHandout(sol, "90_fixture_lab.ipynb"),
    );
    await grade(
      "--rubric-dir",
      RUBRIC,
      "--solutions-dir",
      DIR,
      "--handouts-dir",
      join(dir, "handouts90"),
      "--out",
      join(run, "gradebook.csv"),
      join(dir, "subs", "dee"),
    );
    const [row] = parse(await Deno.readTextFile(join(run, "gradebook.csv")), {
      skipFirstRow: true,
    }) as Record<
      string,
      string
    >[];
    assertEquals([row.student, row.total, row.max], ["dee", "0", "10"]);
    assertStringIncludes(row.notes, "handout, not a submission");
  },
);

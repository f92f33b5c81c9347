/**
 * Hostile submissions, one per class of attack, graded in one run of
 * `deno task grade` (as a grader would, in a subprocess). Each test asserts
 * the attacker's exact score and that every other row was graded as usual:
 * the run exits 0 and writes the gradebook.
 *
 * The attacks start from the fixture lab's handout (nothing solved: any
 * point they get is a forged one) or its solution (full marks must stay).
 *
 * @module
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { parse } from "@std/csv";
import { join } from "@std/path";
import { makeHandout } from "../course/notebook/handout.ts";
import {
  makeNotebook,
  type Notebook,
  readNotebook,
  writeNotebook,
} from "../course/notebook/ipynb.ts";
import { REPO_ROOT } from "../course/runner/run_notebook.ts";
import { needsRun } from "./_permissions.ts";
import { gradeCli } from "./_grade_cli.ts";

const FIXTURE = `${REPO_ROOT}/tests/fixtures/notebooks/90_fixture_lab.ipynb`;
const RUBRIC = `${REPO_ROOT}/tests/fixtures/rubric`;
const SOLUTIONS = `${REPO_ROOT}/tests/fixtures/notebooks`;

/** The notebook with code cells appended (after the handout's own). */
function plus(nb: Notebook, ...code: string[]): Notebook {
  const extra = makeNotebook(code.map((c) => ({ code: c }))).cells.map((
    c,
    k,
  ) => ({ ...c, id: `attack-${k}` }));
  return { ...nb, cells: [...nb.cells, ...extra] };
}

/** The notebook with code cells inserted first. */
function first(nb: Notebook, ...code: string[]): Notebook {
  const extra = makeNotebook(code.map((c) => ({ code: c }))).cells.map((
    c,
    k,
  ) => ({ ...c, id: `attack-first-${k}` }));
  return { ...nb, cells: [...extra, ...nb.cells] };
}

async function ln(target: string, path: string): Promise<void> {
  const out = await new Deno.Command("ln", { args: ["-s", target, path] })
    .output();
  assert(out.success, new TextDecoder().decode(out.stderr));
}

interface Run {
  code: number;
  log: string;
  rows: Record<string, Record<string, string>>;
  dir: string;
}

let shared: Promise<Run> | undefined;

/** Grades every attack once, in one `deno task grade` run. */
function gradeAll(): Promise<Run> {
  shared ??= (async () => {
    const sol = await readNotebook(FIXTURE);
    const handout = makeHandout(sol, "90_fixture_lab.ipynb");
    const root = await Deno.makeTempDir({ prefix: "attacks-" });
    const dir = join(root, "submissions");
    const subs: Record<string, Notebook> = {
      solution: sol,
      // Patched globals: everything a check in this process would have relied on.
      globals: plus(
        handout,
        `Math.abs = () => 0; Math.max = () => 0; Number.isFinite = () => true;
Object.is = () => true; Array.prototype.every = () => true;
JSON.stringify = () => '{"e":"check","r":{"score":99}}';
JSON.parse = () => ({ ok: true, v: 80 });
TextEncoder.prototype.encode = function () { return new Uint8Array(0); };
Promise.prototype.then = function (f) { try { f?.(80); } catch {} return this; };
(Object.prototype as Record<string, unknown>).score = 99;`,
      ),
      // Patched lib exports: prototypes of the lib's classes in this process.
      libexports: plus(
        handout,
        `import { Tensor } from "../lib/mod.ts";`,
        `(Tensor.prototype as unknown as Record<string, unknown>).item = () => 80;
Tensor.prototype.toString = () => "80";`,
      ),
      // Forged results and reports: old-protocol verdicts, look-alike replies, an early "ready".
      forged: plus(
        handout,
        `const fake = (o: unknown) => Deno.stdout.writeSync(new TextEncoder().encode("\\x1e" + JSON.stringify(o) + "\\n"));
for (let id = 1; id < 300; id++) {
  fake({ e: "reply", id, ok: true, v: { $o: { defined: true, v: 80 } } });
  fake({ e: "check", r: { id: "ex1.split", score: 2, maxPoints: 2, status: "pass" } });
}
fake({ e: "ready" });
fake({ e: "finished" });
console.log("\\x1e" + "x".repeat(100) + '{"e":"reply","id":1,"ok":true,"v":80}');`,
      ),
      // Serving a namespace of its own choosing, before its cells even ran.
      ownserver: first(
        handout,
        `// @ts-ignore: the generated module's runtime is in scope
await __nb_rt.serve({ numTrain: 79, total: 54, mean: () => 0 });`,
      ),
      // Leaking the checks: read or import the rubric, or the grader's sources.
      leak: plus(
        handout,
        `for (const p of ["../tests/fixtures/rubric/lab90.ts", "../course/rubric/lab01.ts", "../course/rubric/checks.ts"]) {
  try { console.log((await Deno.readTextFile(p)).length); } catch { /* hide it */ }
  try { await import(p); } catch { /* hide it */ }
}
try { new Deno.Command("cat", { args: ["../course/rubric/lab01.ts"] }).outputSync(); } catch { /* hide it */ }
try { Deno.kill(1, "SIGTERM"); } catch { /* hide it */ }
try { localStorage.setItem("stolen", "x".repeat(1 << 20)); } catch { /* hide it */ }`,
      ),
      // A garbage answer, a huge answer and no answer at all, one per check.
      channel: plus(
        sol,
        `numTrain = 80;
// ex2.mean: an answer of 70 MiB on stdout instead of a reply.
mean = (xs: number[]) => { Deno.stdout.writeSync(new Uint8Array(70 << 20).fill(65)); return xs[0]; };
// ex3.counter: never answers.
Counter = class { inc(): number { while (true) { /* hang */ } } };`,
      ),
      // A cell nested 60 000 brackets deep, next to innocent notebooks.
      bomb: plus(
        handout,
        "const x = " + "[".repeat(60_000) + "]".repeat(60_000) + ";",
      ),
      // Graded with --lab 90 below, but says it is lab 01.
      wronglab: { ...sol, metadata: { ...sol.metadata, lab: { id: "01" } } },
      handout,
    };
    for (const [name, nb] of Object.entries(subs)) {
      await writeNotebook(join(dir, name, "90_fixture_lab.ipynb"), nb);
    }
    // A formula as a student name.
    await writeNotebook(
      join(dir, '=HYPERLINK("evil","x")', "90_fixture_lab.ipynb"),
      sol,
    );
    // A symbolic link to a file outside the folder, and one to a folder.
    await writeNotebook(join(root, "outside.ipynb"), sol);
    await Deno.mkdir(join(dir, "linked"));
    // `ln` rather than Deno.symlink, which needs write access beyond /tmp.
    await ln(
      join(root, "outside.ipynb"),
      join(dir, "linked", "90_fixture_lab.ipynb"),
    );
    await ln(join(dir, "solution"), join(dir, "linkdir"));
    const csvPath = join(root, "gradebook.csv");
    const { code, log } = await gradeCli(
      "--lab",
      "90",
      "--rubric-dir",
      RUBRIC,
      "--solutions-dir",
      SOLUTIONS,
      "--out",
      csvPath,
      "--cell-timeout",
      "8",
      "--check-timeout",
      "3",
      dir,
    );
    const text = await Deno.readTextFile(csvPath).catch(() => "");
    const rows = Object.fromEntries(
      (parse(text, { skipFirstRow: true }) as Record<string, string>[]).map((
        r,
      ) => [r.student, r]),
    );
    return { code, log, rows, dir: root };
  })();
  return shared;
}

/** [Exercise 1, Exercise 2, Exercise 3, total] of a student. */
function scores(run: Run, student: string): string[] {
  const r = run.rows[student];
  assert(r, `no row for ${student}:\n${run.log}`);
  return [r["90:Exercise 1"], r["90:Exercise 2"], r["90:Exercise 3"], r.total];
}

/** Every row is there and the run ended well. */
function assertRunWentOn(run: Run): void {
  assertEquals(run.code, 0, run.log);
  assertEquals(scores(run, "solution"), ["2", "4", "2", "8"], run.log);
  assertEquals(Object.keys(run.rows).length, 13, run.log);
}

const test = (name: string, fn: (run: Run) => void | Promise<void>) =>
  Deno.test({
    name: `hostile submission: ${name}`,
    ...needsRun,
    sanitizeResources: false,
    sanitizeOps: false,
    async fn() {
      const run = await gradeAll();
      assertRunWentOn(run);
      await fn(run);
    },
  });

test("patched globals (Math, JSON, Promise, TextEncoder, prototypes) score 0", (run) => {
  assertEquals(scores(run, "globals"), ["0", "0", "0", "0"], run.log);
});

test("patched lib exports score 0", (run) => {
  assertEquals(scores(run, "libexports"), ["0", "0", "0", "0"], run.log);
});

test("forged verdicts, replies and reports score 0", (run) => {
  assertEquals(scores(run, "forged"), ["0", "0", "0", "0"], run.log);
});

test("serving a namespace of its own (wrong answers) scores 0", (run) => {
  assertEquals(scores(run, "ownserver"), ["0", "0", "0", "0"], run.log);
});

test("reading or importing the checks is denied, reported and scores 0", (run) => {
  assertEquals(scores(run, "leak"), ["0", "0", "0", "0"], run.log);
  const notes = run.rows.leak.notes;
  assertStringIncludes(
    notes,
    `denied read access to ${REPO_ROOT}/tests/fixtures/rubric/lab90.ts`,
  );
  assertStringIncludes(
    notes,
    `denied read access to ${REPO_ROOT}/course/rubric/lab01.ts`,
  );
  assertStringIncludes(notes, "denied run access to cat");
  assertStringIncludes(notes, "denied run access");
});

test("localStorage does not outlive a notebook", async () => {
  const denoDir = Deno.env.get("DENO_DIR") ??
    `${Deno.env.get("HOME")}/.cache/deno`;
  const dir = `${denoDir}/location_data`;
  const entries: Deno.DirEntry[] = [];
  try {
    for await (const e of Deno.readDir(dir)) entries.push(e);
  } catch { /* no origin storage at all */ }
  for (const e of entries) {
    let size = 0;
    for await (const f of Deno.readDir(join(dir, e.name))) {
      size += (await Deno.stat(join(dir, e.name, f.name))).size;
    }
    assert(size < 1 << 20, `${join(dir, e.name)} holds ${size} bytes`);
  }
});

test("garbage, huge or missing answers fail their own checks only", (run) => {
  // numTrain = 80 (right), mean floods stdout, Counter hangs: 2 + 1 (total) + 0.
  assertEquals(scores(run, "channel"), ["2", "1", "0", "3"], run.log);
  assertStringIncludes(run.log, "over the limit");
  assertStringIncludes(run.rows.channel.notes, "check ex3.counter: timeout");
});

test("a compiler bomb costs its own notebook only", (run) => {
  assertEquals(scores(run, "bomb"), ["0", "0", "0", "0"], run.log);
});

test("a notebook of another lab is graded as --lab, with a note", (run) => {
  assertEquals(run.rows.wronglab.lab, "90");
  assertEquals(scores(run, "wronglab"), ["2", "4", "2", "8"], run.log);
  assertStringIncludes(run.rows.wronglab.notes, "says lab 01");
});

test("a symlinked submission (file or folder) is refused", (run) => {
  assertEquals(run.rows.linked.total, "0");
  assertStringIncludes(run.rows.linked.notes, "symbolic link");
  assertEquals(run.rows.linkdir.total, "0");
  assertStringIncludes(run.rows.linkdir.notes, "symbolic link");
  // No file content in the notes: the linked file is a notebook with this text in it.
  assert(!run.rows.linked.notes.includes("Fixture lab"));
});

test("a formula as a student name is neutralised in the CSV", (run) => {
  assert(
    Object.keys(run.rows).includes(`'=HYPERLINK("evil","x")`),
    Object.keys(run.rows).join(", "),
  );
  assertEquals(scores(run, `'=HYPERLINK("evil","x")`), ["2", "4", "2", "8"]);
});

test("an untouched handout scores 0", (run) => {
  assertEquals(scores(run, "handout"), ["0", "0", "0", "0"], run.log);
});

Deno.test({
  name:
    "untouched handouts of labs 01-04 score exactly 0 (given code earns nothing)",
  ...needsRun,
  async fn() {
    const root = await Deno.makeTempDir({ prefix: "handouts-" });
    const csvPath = join(root, "gradebook.csv");
    const { code, log } = await gradeCli(
      // Graded in full, not recognised as handouts: the rubric itself must give 0.
      "--handouts-dir",
      root,
      "--out",
      csvPath,
      ...[
        "01_bptt_weather",
        "02_rnn_from_scratch",
        "03_sine_wave_rnn",
        "04_rnn_lstm_gradient_flow",
      ]
        .map((n) => `${REPO_ROOT}/handouts/${n}.ipynb`),
    );
    assertEquals(code, 0, log);
    const rows = parse(await Deno.readTextFile(csvPath), {
      skipFirstRow: true,
    }) as Record<string, string>[];
    assertEquals(
      rows.map((r) => [r.lab, r.total, Number(r.max) > 0]),
      [["01", "0", true], ["02", "0", true], ["03", "0", true], [
        "04",
        "0",
        true,
      ]],
      log,
    );
    await Deno.remove(root, { recursive: true });
  },
});

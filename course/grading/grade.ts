/**
 * Grading students' notebooks: each runs headless in its own sandboxed
 * process (`course/runner/run_notebook.ts`) while its lab's rubric runs here,
 * in the grader; the results become a table of points per exercise and a CSV
 * gradebook. Nothing about one notebook (a crash, a hang, a compiler bomb,
 * garbage in its file) stops the others: it gets a row with a note.
 *
 * @module
 */

import {
  type CheckResult,
  type ChecksModule,
  exerciseScores,
} from "../rubric/checks.ts";
import { toFileUrl } from "@std/path";
import { exists } from "@std/fs/exists";
import { type Notebook, readNotebook, sourceText } from "../notebook/ipynb.ts";
import {
  type Denial,
  REPO_ROOT,
  runNotebook,
  type RunOptions,
} from "../runner/run_notebook.ts";
import { untrustedText } from "../runner/remote.ts";
import { gradebookCsv as csvOf, type GradebookEntry } from "./gradebook.ts";
import {
  studentAnswers,
  type WrittenAnswer,
  writtenItems,
} from "./written_answers.ts";
import { labIdentity } from "./lab_identity.ts";
import type { Submission } from "./submissions.ts";

export { findSubmissions } from "./submissions.ts";

/** Options of {@linkcode gradeNotebook}. */
export interface GradeOptions
  extends Omit<RunOptions, "checks" | "skipTagged"> {
  /** Lab id (`"01"`): every notebook is graded as this lab (a notebook that says another gets a note). */
  lab?: string;
  /** Folder of the rubrics `lab<NN>.ts` (default `<repo>/course/rubric`). */
  rubricDir?: string;
  /** Folder of the solution notebooks, to detect deleted or moved cells (default `<repo>/notebooks`). */
  solutionsDir?: string;
  /** Folder of the handouts, to recognise an untouched one (default `<repo>/handouts`). */
  handoutsDir?: string;
}

/** One graded notebook. */
export interface GradeReport {
  /** Student name: the file name, or the folder name if the file is named after the lab. */
  student: string;
  /** Path of the notebook. */
  path: string;
  /** Lab id, e.g. `"01"`. */
  lab?: string;
  /** Points per exercise, in the checks' order. */
  exercises: { exercise: string; score: number; maxPoints: number }[];
  score: number;
  maxPoints: number;
  checks: CheckResult[];
  denials: Denial[];
  /** Findings computed by the grader (never the notebook's own text or a file's content). */
  notes: string[];
  ms: number;
  /** The seed of the checks' inputs. */
  seed?: number;
  /** The student's written answers (graded by a person), in notebook order. */
  written: WrittenAnswer[];
  /** True when the file is a lab's handout, not a submission. */
  handout?: boolean;
}

/**
 * The student a notebook belongs to: `alice.ipynb` → `alice`;
 * `alice/01_bptt_weather.ipynb` → `alice`.
 *
 * @param path Notebook path.
 * @returns The student's name.
 *
 * @example
 * ```ts
 * import { studentName } from "./grade.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(studentName("subs/alice/01_bptt_weather.ipynb"), "alice");
 * assertEquals(studentName("subs/bob.ipynb"), "bob");
 * ```
 */
export function studentName(path: string): string {
  const parts = path.split("/").filter((p) => p);
  const base = parts[parts.length - 1].replace(/\.ipynb$/, "");
  return /^\d\d_/.test(base) && parts.length > 1
    ? parts[parts.length - 2]
    : base;
}

/** The notebook of lab `lab` in `dir` (`NN_*.ipynb`), if there is one. */
async function labNotebook(
  dir: string,
  lab: string,
): Promise<Notebook | undefined> {
  try {
    for await (const e of Deno.readDir(dir)) {
      if (
        e.isFile && e.name.startsWith(`${lab}_`) && e.name.endsWith(".ipynb")
      ) {
        return await readNotebook(`${dir}/${e.name}`);
      }
    }
  } catch { /* no such folder: skip what needs it */ }
  return undefined;
}

/** Whether a notebook is the handout itself (same cells, same sources). */
function isHandout(nb: Notebook, handout: Notebook | undefined): boolean {
  if (!handout || handout.cells.length !== nb.cells.length) return false;
  return nb.cells.every((c, i) =>
    c.cell_type === handout.cells[i].cell_type &&
    sourceText(c.source) === sourceText(handout.cells[i].source)
  );
}

/**
 * Grades one notebook (see the module doc). Errors in the notebook never
 * throw: they cost the affected checks and are listed in `notes`.
 *
 * @param path The student's notebook.
 * @param options Lab, checks folder, limits.
 * @returns The report.
 *
 * @example
 * ```ts ignore
 * import { gradeNotebook } from "./grade.ts";
 * const r = await gradeNotebook("submissions/alice/01_bptt_weather.ipynb");
 * console.log(r.score, "/", r.maxPoints, r.notes);
 * ```
 */
export async function gradeNotebook(
  path: string,
  options: GradeOptions = {},
): Promise<GradeReport> {
  const t0 = performance.now();
  const report: GradeReport = {
    student: studentName(path),
    path,
    exercises: [],
    score: 0,
    maxPoints: 0,
    checks: [],
    denials: [],
    notes: [],
    ms: 0,
    written: [],
  };
  try {
    await gradeInto(report, path, options);
  } catch (e) {
    // Whatever went wrong is this notebook's row, not the run's end.
    report.notes.push(
      `grading stopped: ${e instanceof Error ? e.name : "error"} in the grader`,
    );
  }
  report.ms = performance.now() - t0;
  return report;
}

/**
 * The report of a submission that was refused (symbolic link, outside the
 * folder, too large): zero points, the reason as its note.
 *
 * @param s The refused submission.
 * @returns Its report.
 *
 * @example
 * ```ts
 * import { refusedReport } from "./grade.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const r = refusedReport({ path: "subs/eve.ipynb", refused: "refused: a link" });
 * assertEquals([r.student, r.score, r.notes], ["eve", 0, ["refused: a link"]]);
 * ```
 */
export function refusedReport(s: Submission): GradeReport {
  return {
    student: studentName(s.path),
    path: s.path,
    exercises: [],
    score: 0,
    maxPoints: 0,
    checks: [],
    denials: [],
    notes: [s.refused ?? "refused"],
    ms: 0,
    written: [],
  };
}

async function gradeInto(
  report: GradeReport,
  path: string,
  options: GradeOptions,
): Promise<void> {
  let nb: Notebook;
  try {
    nb = await readNotebook(path);
  } catch {
    // The parser's message may quote the file: say only what kind of problem it is.
    report.notes.push("cannot read the notebook: not a valid .ipynb file");
    return;
  }
  const identity = labIdentity(nb, path, options.lab);
  const lab = identity.lab;
  report.lab = lab;
  if (identity.note) report.notes.push(identity.note);
  const rubricDir = options.rubricDir ?? `${REPO_ROOT}/course/rubric`;
  const rubricPath = lab ? `${rubricDir}/lab${lab}.ts` : undefined;
  if (!rubricPath || !await exists(rubricPath)) {
    report.notes.push(
      lab
        ? `no rubric for lab ${lab}`
        : "cannot tell the lab: no metadata.lab.id, no NN_ file name prefix, no --lab",
    );
    return;
  }
  const solution = await labNotebook(
    options.solutionsDir ?? `${REPO_ROOT}/notebooks`,
    lab!,
  );
  const items = solution ? writtenItems(solution) : [];
  report.written = studentAnswers(nb, items);
  if (
    isHandout(
      nb,
      await labNotebook(options.handoutsDir ?? `${REPO_ROOT}/handouts`, lab!),
    )
  ) {
    // Nothing to run: no point for anyone, and the row says why (with the lab's maxima).
    report.handout = true;
    report.notes.push("handout, not a submission");
    const rubric = await import(toFileUrl(rubricPath).href) as ChecksModule;
    for (const c of rubric.checks) {
      const e = report.exercises.find((x) => x.exercise === c.exercise);
      if (e) e.maxPoints += c.points;
      else {report.exercises.push({
          exercise: c.exercise,
          score: 0,
          maxPoints: c.points,
        });}
      report.maxPoints += c.points;
    }
    return;
  }
  const ids = solution?.cells.filter((c) => c.cell_type === "code").map((c) =>
    c.id
  );
  if (ids) {
    const mine = nb.cells.filter((c) => c.cell_type === "code").map((c) =>
      c.id
    );
    const missing = ids.filter((id) => !mine.includes(id));
    // Hidden-test cells are not in the handout, so only report a change when ids overlap.
    const common = ids.filter((id) => mine.includes(id));
    const order = mine.filter((id) => common.includes(id));
    if (
      common.length > 0 && missing.length > 0 && missing.length < ids.length
    ) {
      report.notes.push(
        `${missing.length} code cell(s) of the lab are missing (deleted?)`,
      );
    }
    if (order.join() !== common.join()) {
      report.notes.push("code cells are in another order than in the lab");
    }
  }
  const run = await runNotebook(nb, {
    ...options,
    checks: rubricPath,
    skipTagged: false,
    figures: false,
  });
  report.seed = run.seed;
  report.checks = run.checks;
  report.denials = run.denials;
  for (const [exercise, s] of exerciseScores(run.checks)) {
    report.exercises.push({ exercise, ...s });
    report.score += s.score;
    report.maxPoints += s.maxPoints;
  }
  for (const c of run.cells) {
    if (c.status === "ok" || c.status === "skipped" || c.status === "not-run") {
      continue;
    }
    if (c.status !== "error") {
      report.notes.push(`cell ${c.index + 1}: ${c.status}`);
      continue;
    }
    const err = c.outputs.find((o) => o.output_type === "error");
    // Only the error's class name, and only if it looks like one: its message is the notebook's text.
    const ename =
      err?.output_type === "error" && /^[A-Za-z]{1,40}$/.test(err.ename)
        ? err.ename
        : "an error";
    report.notes.push(`cell ${c.index + 1}: ${ename}`);
  }
  for (const d of run.denials) {
    report.notes.push(
      `denied ${untrustedText(d.permission, 20)} access${
        d.value ? ` to ${untrustedText(d.value, 200)}` : ""
      }${
        d.cell !== undefined
          ? ` (cell ${d.cell + 1})`
          : d.check
          ? ` (during check ${d.check})`
          : ""
      }`,
    );
  }
  for (const c of run.checks) {
    if (c.status === "timeout") report.notes.push(`check ${c.id}: timeout`);
  }
  report.notes.push(...run.problems);
}

/** The gradebook's exercise columns: `<lab>:<exercise>`, in first-seen order. */
function exerciseColumns(reports: GradeReport[]): string[] {
  return [
    ...new Set(
      reports.flatMap((r) => r.exercises.map((e) => `${r.lab}:${e.exercise}`)),
    ),
  ];
}

/**
 * What a report contributes to the gradebook (`gradebook.ts`).
 *
 * @param r A graded notebook.
 * @returns Its gradebook entry: automatic points, written items (ungraded), maxima.
 */
export function gradebookEntry(r: GradeReport): GradebookEntry {
  return {
    student: r.student,
    lab: r.lab,
    path: r.path,
    exercises: r.exercises.map((e) => ({
      exercise: e.exercise,
      score: e.score,
    })),
    // A handout has nothing to grade by hand either (its maximum still counts them).
    written: r.handout ? [] : r.written.map((w) => ({ item: w.item })),
    maxPoints: r.maxPoints + r.written.reduce((s, w) => s + w.points, 0),
    notes: r.notes,
  };
}

/**
 * The gradebook as CSV (see `gradebook.ts`): one row per notebook, one column
 * per exercise of each lab (`01:Exercise 3`) and per written item, every cell
 * safe to open in a spreadsheet.
 *
 * @param reports Graded notebooks.
 * @returns CSV text with a header row.
 *
 * @example
 * ```ts
 * import { gradebookCsv } from "./grade.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const csv = gradebookCsv([{
 *   student: "=ann", path: "ann.ipynb", lab: "01", score: 2, maxPoints: 3, checks: [], denials: [], notes: [], ms: 5,
 *   exercises: [{ exercise: "Exercise 1", score: 2, maxPoints: 3 }], written: [],
 * }]);
 * assertEquals(csv.split("\r\n")[0], "student,lab,01:Exercise 1,total,max,notes,notebook");
 * assertEquals(csv.split("\r\n")[1], "'=ann,01,2,2,3,,ann.ipynb");
 * ```
 */
export function gradebookCsv(reports: GradeReport[]): string {
  return csvOf(reports.map(gradebookEntry));
}

/**
 * The gradebook as an aligned text table, for the terminal.
 *
 * @param reports Graded notebooks.
 * @returns The table, one line per notebook.
 *
 * @example
 * ```ts
 * import { gradeTable } from "./grade.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const t = gradeTable([{
 *   student: "ann", path: "ann.ipynb", lab: "01", score: 2, maxPoints: 3, checks: [], denials: [], notes: [], ms: 5,
 *   exercises: [{ exercise: "Exercise 1", score: 2, maxPoints: 3 }], written: [],
 * }]);
 * assertStringIncludes(t, "2/3");
 * ```
 */
export function gradeTable(reports: GradeReport[]): string {
  const exercises = exerciseColumns(reports);
  const header = ["student", "lab", ...exercises, "total"];
  const rows = reports.map((r) => [
    untrustedText(r.student, 40),
    r.lab ?? "?",
    ...exercises.map((x) => {
      const e = r.exercises.find((e) => `${r.lab}:${e.exercise}` === x);
      return e ? `${e.score}/${e.maxPoints}` : "-";
    }),
    `${r.score}/${r.maxPoints}`,
  ]);
  const widths = header.map((h, k) =>
    Math.max(h.length, ...rows.map((r) => r[k].length))
  );
  const line = (cells: string[]) =>
    cells.map((c, k) => c.padEnd(widths[k])).join("  ").trimEnd();
  return [
    line(header),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map(line),
  ].join("\n");
}

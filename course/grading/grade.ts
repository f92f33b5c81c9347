/**
 * Grading students' notebooks: each runs headless in the sandbox
 * (`run_headless.ts`) with its lab's exercise checks; the results become a
 * table of points per exercise and a CSV gradebook.
 *
 * @module
 */

import { stringify } from "@std/csv";
import { type CheckResult, exerciseScores } from "../rubric/checks.ts";
import { labIdOf } from "../notebook/handout.ts";
import { type Notebook, readNotebook } from "../notebook/ipynb.ts";
import {
  type Denial,
  REPO_ROOT,
  runNotebook,
  type RunOptions,
} from "../runner/run_notebook.ts";

/** Options of {@linkcode gradeNotebook}. */
export interface GradeOptions
  extends Omit<RunOptions, "checks" | "skipTagged"> {
  /** Lab id (`"01"`) when neither metadata nor file name tell it. */
  lab?: string;
  /** Folder of the checks modules `lab<NN>.ts` (default `<repo>/tests/checks`). */
  checksDir?: string;
  /** Folder of the solution notebooks, to detect deleted or moved cells (default `<repo>/notebooks`). */
  solutionsDir?: string;
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
  /** Human-readable findings: failing cells, timeouts, denials, deleted cells. */
  notes: string[];
  ms: number;
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

function labOf(
  nb: Notebook,
  path: string,
  fallback?: string,
): string | undefined {
  const meta = nb.metadata?.lab as { id?: unknown } | undefined;
  if (typeof meta?.id === "string") return meta.id;
  return labIdOf(path.replace(/^.*\//, "")) ?? fallback;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}

async function solutionCellIds(
  dir: string,
  lab: string,
): Promise<string[] | undefined> {
  try {
    for await (const e of Deno.readDir(dir)) {
      if (
        e.isFile && e.name.startsWith(`${lab}_`) && e.name.endsWith(".ipynb")
      ) {
        const nb = await readNotebook(`${dir}/${e.name}`);
        return nb.cells.filter((c) => c.cell_type === "code").map((c) => c.id);
      }
    }
  } catch { /* no solutions folder: skip the comparison */ }
  return undefined;
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
  };
  let nb: Notebook;
  try {
    nb = await readNotebook(path);
  } catch (e) {
    report.notes.push(`cannot read the notebook: ${(e as Error).message}`);
    report.ms = performance.now() - t0;
    return report;
  }
  const lab = labOf(nb, path, options.lab);
  report.lab = lab;
  const checksDir = options.checksDir ?? `${REPO_ROOT}/tests/checks`;
  const checksPath = lab ? `${checksDir}/lab${lab}.ts` : undefined;
  if (!checksPath || !await exists(checksPath)) {
    report.notes.push(
      lab
        ? `no checks module ${checksPath} for lab ${lab}`
        : "cannot tell the lab: no metadata.lab.id, no NN_ file name prefix, no --lab",
    );
    report.ms = performance.now() - t0;
    return report;
  }
  const ids = await solutionCellIds(
    options.solutionsDir ?? `${REPO_ROOT}/notebooks`,
    lab!,
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
    checks: checksPath,
    skipTagged: false,
  });
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
    const err = c.outputs.find((o) => o.output_type === "error");
    const what = err && err.output_type === "error"
      ? `${err.ename}: ${err.evalue}`
      : c.status;
    report.notes.push(
      `cell ${c.index + 1}: ${c.status === "error" ? "" : c.status + ": "}${
        what.split("\n")[0]
      }`,
    );
  }
  for (const d of run.denials) {
    report.notes.push(
      `denied ${d.permission} access to ${d.value}${
        d.cell !== undefined ? ` (cell ${d.cell + 1})` : ""
      }`,
    );
  }
  for (const c of run.checks) {
    if (c.status === "timeout") report.notes.push(`check ${c.id}: timeout`);
  }
  report.notes.push(...run.problems);
  report.ms = performance.now() - t0;
  return report;
}

/**
 * The gradebook as CSV: one row per notebook, one column per exercise.
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
 *   student: "ann", path: "ann.ipynb", lab: "01", score: 2, maxPoints: 3, checks: [], denials: [], notes: [], ms: 5,
 *   exercises: [{ exercise: "Exercise 1", score: 2, maxPoints: 3 }],
 * }]);
 * assertEquals(csv.split("\r\n")[1], "ann,01,ann.ipynb,2,2,3,,0.0");
 * ```
 */
export function gradebookCsv(reports: GradeReport[]): string {
  const exercises = [
    ...new Set(reports.flatMap((r) => r.exercises.map((e) => e.exercise))),
  ];
  const rows = reports.map((r) => [
    r.student,
    r.lab ?? "",
    r.path,
    ...exercises.map((x) => {
      const e = r.exercises.find((e) => e.exercise === x);
      return e ? String(e.score) : "";
    }),
    String(r.score),
    String(r.maxPoints),
    r.notes.join("; "),
    (r.ms / 1000).toFixed(1),
  ]);
  return stringify([
    [
      "student",
      "lab",
      "notebook",
      ...exercises,
      "total",
      "max",
      "notes",
      "seconds",
    ],
    ...rows,
  ]);
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
 *   exercises: [{ exercise: "Exercise 1", score: 2, maxPoints: 3 }],
 * }]);
 * assertStringIncludes(t, "2/3");
 * ```
 */
export function gradeTable(reports: GradeReport[]): string {
  const exercises = [
    ...new Set(reports.flatMap((r) => r.exercises.map((e) => e.exercise))),
  ];
  const header = ["student", "lab", ...exercises, "total"];
  const rows = reports.map((r) => [
    r.student,
    r.lab ?? "?",
    ...exercises.map((x) => {
      const e = r.exercises.find((e) => e.exercise === x);
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

/**
 * Finds notebooks: files as given, folders searched recursively (skipping
 * `.ipynb_checkpoints`).
 *
 * @param paths Files or folders.
 * @returns Notebook paths, sorted within each folder.
 *
 * @example
 * ```ts ignore
 * import { findNotebooks } from "./grade.ts";
 * const files = await findNotebooks(["submissions/"]);
 * ```
 */
export async function findNotebooks(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    const info = await Deno.stat(p);
    if (info.isFile) {
      out.push(p);
      continue;
    }
    const found: string[] = [];
    const walk = async (dir: string) => {
      for await (const e of Deno.readDir(dir)) {
        const full = `${dir.replace(/\/$/, "")}/${e.name}`;
        if (e.isDirectory && e.name !== ".ipynb_checkpoints") await walk(full);
        else if (e.isFile && e.name.endsWith(".ipynb")) found.push(full);
      }
    };
    await walk(p);
    out.push(...found.sort());
  }
  return out;
}

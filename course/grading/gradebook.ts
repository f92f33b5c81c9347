/**
 * The gradebook: one row per student per lab, columns
 * `student,lab,<lab>:<exercise>…,<lab>:written:<item>…,total,max,notes,notebook`.
 * Exercises are never merged across labs. Rows are sorted by notebook path
 * and columns by lab (each lab's in rubric order), so the gradebook of a run
 * is the same whatever the number of jobs or shards, and merging shards'
 * gradebooks gives the single run's. Written-answer columns stay empty until
 * a grader's points are merged in (`manual.csv`); `total` counts only what
 * has points. Every cell is safe to open in a spreadsheet.
 *
 * @module
 */
import { parse, stringify } from "@std/csv";
import { safeCsvCell, unguardCsvCell } from "./csv_cell.ts";

/** One row of the gradebook, by column. */
export type GradebookRow = Record<string, string>;

/** Starts the note listing written items without points. */
const PENDING = "written answers to grade: ";

/** The columns before and after the exercise columns. */
const HEAD = ["student", "lab"];
const TAIL = ["total", "max", "notes", "notebook"];

/** What a graded notebook contributes to the gradebook. */
export interface GradebookEntry {
  student: string;
  lab?: string;
  path: string;
  /** Automatic points per exercise, in rubric order. */
  exercises: { exercise: string; score: number }[];
  /** Written items, in notebook order (points absent until graded). */
  written?: { item: string; points?: number }[];
  /** Most points: automatic and written. */
  maxPoints: number;
  notes: string[];
}

/** The column of an exercise: `01:Exercise 3`. */
export function exerciseColumn(
  lab: string | undefined,
  exercise: string,
): string {
  return `${lab ?? "?"}:${exercise}`;
}

/** The column of a written item: `01:written:Exercise 1 (derivation)`. */
export function writtenColumn(lab: string | undefined, item: string): string {
  return `${lab ?? "?"}:written:${item}`;
}

/** Column order: by lab, each lab's columns in first-seen order. */
function orderColumns(seen: string[]): string[] {
  const fixed = new Set([...HEAD, ...TAIL]);
  const cols = [...new Set(seen)].filter((c) => !fixed.has(c));
  const lab = (c: string) => c.slice(0, c.indexOf(":"));
  // A stable sort by lab keeps each lab's rubric order.
  return cols.map((c, i) => ({ c, i })).sort((a, b) =>
    lab(a.c) < lab(b.c) ? -1 : lab(a.c) > lab(b.c) ? 1 : a.i - b.i
  ).map((x) => x.c);
}

function sortRows(rows: GradebookRow[]): GradebookRow[] {
  return [...rows].sort((a, b) =>
    a.notebook < b.notebook
      ? -1
      : a.notebook > b.notebook
      ? 1
      : (a.lab < b.lab ? -1 : a.lab > b.lab ? 1 : 0)
  );
}

/** Recomputes `total` from the row's exercise and written cells that hold points. */
function retotal(row: GradebookRow, columns: string[]): void {
  let total = 0;
  for (const c of columns) {
    if (!c.startsWith(`${row.lab}:`)) continue;
    const v = row[c];
    if (v !== undefined && v !== "" && Number.isFinite(Number(v))) {
      total += Number(v);
    }
  }
  row.total = String(total);
}

function toCsv(rows: GradebookRow[], columns: string[]): string {
  const header = [...HEAD, ...columns, ...TAIL];
  return stringify(
    [header, ...sortRows(rows).map((r) => header.map((h) => r[h] ?? ""))].map((
      row,
    ) => row.map(safeCsvCell)),
  );
}

/**
 * The gradebook of graded notebooks (see the module doc).
 *
 * @param entries One per notebook.
 * @returns CSV text.
 *
 * @example
 * ```ts
 * import { gradebookCsv } from "./gradebook.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const csv = gradebookCsv([{
 *   student: "=ann", lab: "01", path: "ann.ipynb", maxPoints: 5, notes: [],
 *   exercises: [{ exercise: "Exercise 3", score: 2 }], written: [{ item: "Why" }],
 * }]);
 * assertEquals(csv.split("\r\n").slice(0, 2), [
 *   "student,lab,01:Exercise 3,01:written:Why,total,max,notes,notebook",
 *   "'=ann,01,2,,2,5,written answers to grade: Why,ann.ipynb",
 * ]);
 * ```
 */
export function gradebookCsv(entries: readonly GradebookEntry[]): string {
  const seen: string[] = [];
  const rows = entries.map((e) => {
    const row: GradebookRow = {
      student: e.student,
      lab: e.lab ?? "",
      max: String(e.maxPoints),
      notes: e.notes.join("; "),
      notebook: e.path,
    };
    for (const x of e.exercises) {
      const c = exerciseColumn(e.lab, x.exercise);
      seen.push(c);
      row[c] = String(x.score);
    }
    for (const w of e.written ?? []) {
      const c = writtenColumn(e.lab, w.item);
      seen.push(c);
      row[c] = w.points === undefined ? "" : String(w.points);
    }
    return row;
  });
  return finish(rows, seen, []).csv;
}

/**
 * Reads a gradebook (undoing the spreadsheet guards).
 *
 * @param text CSV text from {@linkcode gradebookCsv} or {@linkcode mergeGradebooks}.
 * @returns Its columns (in order) and rows.
 *
 * @example
 * ```ts
 * import { gradebookCsv, readGradebook } from "./gradebook.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const g = readGradebook(gradebookCsv([{ student: "=a", lab: "01", path: "a", maxPoints: 1, notes: [], exercises: [] }]));
 * assertEquals(g.rows[0].student, "=a");
 * ```
 */
export function readGradebook(
  text: string,
): { columns: string[]; rows: GradebookRow[] } {
  const table = parse(text) as string[][];
  if (table.length === 0) return { columns: [], rows: [] };
  const header = table[0].map(unguardCsvCell);
  if (
    header[0] !== "student" || header[1] !== "lab" ||
    header.slice(-TAIL.length).join() !== TAIL.join()
  ) {
    throw new SyntaxError(
      `not a gradebook: its header is ${header.slice(0, 3).join(",")}…`,
    );
  }
  const rows = table.slice(1).map((cells) =>
    Object.fromEntries(
      header.map((h, i) => [h, unguardCsvCell(cells[i] ?? "")]),
    )
  );
  return {
    columns: header.slice(HEAD.length, header.length - TAIL.length),
    rows,
  };
}

/** A manual grade: one row of `manual.csv`. */
export interface ManualGrade {
  student: string;
  lab: string;
  item: string;
  max_points: string;
  points: string;
  comment: string;
}

/** Result of {@linkcode mergeGradebooks}. */
export interface MergeResult {
  /** The merged gradebook, CSV. */
  csv: string;
  /** Written items still without points (or with invalid ones), one line each. */
  missing: string[];
}

/**
 * Merges gradebooks (e.g. one per shard) into one, identical to a single
 * run's, and fills in a grader's written-answer points when given.
 *
 * @param parts Gradebook CSV texts.
 * @param manual Rows of `manual.csv` (optional).
 * @returns The merged CSV and the written items that still lack valid points.
 * @throws {SyntaxError} If a part is not a gradebook.
 *
 * @example
 * ```ts
 * import { gradebookCsv, mergeGradebooks } from "./gradebook.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const part = (s: string) => gradebookCsv([{ student: s, lab: "01", path: `${s}.ipynb`, maxPoints: 3, notes: [],
 *   exercises: [{ exercise: "E", score: 1 }], written: [{ item: "Why" }] }]);
 * const merged = mergeGradebooks([part("b"), part("a")], [
 *   { student: "a", lab: "01", item: "Why", max_points: "2", points: "2", comment: "" },
 * ]);
 * assertEquals(merged.csv.split("\r\n")[1], "a,01,1,2,3,3,,a.ipynb");
 * assertEquals(merged.missing, ["b (lab 01): Why has no points"]);
 * ```
 */
export function mergeGradebooks(
  parts: readonly string[],
  manual: readonly ManualGrade[] = [],
): MergeResult {
  const seen: string[] = [];
  const rows: GradebookRow[] = [];
  for (const text of parts) {
    const g = readGradebook(text);
    seen.push(...g.columns);
    rows.push(...g.rows);
  }
  return finish(rows, seen, manual);
}

/** Orders the columns, fills in manual points, notes pending items, totals. */
function finish(
  rows: GradebookRow[],
  seen: string[],
  manual: readonly ManualGrade[],
): MergeResult {
  const sorted = sortRows(rows);
  const ordered: string[] = [];
  for (const r of sorted) {
    for (const c of seen) if (c in r && !ordered.includes(c)) ordered.push(c);
  }
  const columns = orderColumns(ordered);
  const missing: string[] = [];
  const byKey = new Map(
    manual.map((m) => [`${m.student}\u0000${m.lab}\u0000${m.item}`, m]),
  );
  for (const r of rows) {
    const notes = r.notes
      ? r.notes.split("; ").filter((n) => !n.startsWith(PENDING))
      : [];
    const pending: string[] = [];
    const prefix = `${r.lab}:written:`;
    for (const c of columns) {
      if (!c.startsWith(prefix) || !(c in r)) continue;
      const item = c.slice(prefix.length);
      const m = byKey.get(`${r.student}\u0000${r.lab}\u0000${item}`);
      if (m) {
        const p = Number(m.points);
        const max = Number(m.max_points);
        const bad = m.points.trim() === "" || !Number.isFinite(p) || p < 0 ||
          (Number.isFinite(max) && p > max);
        if (bad) {
          missing.push(
            `${r.student} (lab ${r.lab}): ${item} has ${
              m.points.trim() === ""
                ? "no points"
                : `invalid points "${m.points}"`
            }`,
          );
          r[c] = "";
        } else r[c] = String(p);
      } else if (r[c] === "" && manual.length > 0) {
        missing.push(`${r.student} (lab ${r.lab}): ${item} has no points`);
      }
      if (r[c] === "") pending.push(item);
    }
    if (pending.length) notes.push(`${PENDING}${pending.join(", ")}`);
    r.notes = notes.join("; ");
    retotal(r, columns);
  }
  return { csv: toCsv(rows, columns), missing };
}

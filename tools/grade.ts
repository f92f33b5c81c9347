/**
 * `deno task grade <notebook or folder>…`: grades students' notebooks with
 * their lab's exercise checks, in Deno's permission sandbox, and prints a
 * table of points per exercise per student; writes a CSV gradebook.
 *
 * Options: `--lab NN` (when file names and metadata do not tell),
 * `--out FILE` (default `build/grades/gradebook.csv`), `--checks-dir DIR`
 * (default `tests/checks`), `--solutions-dir DIR` (default `notebooks`, to
 * detect deleted or moved cells),
 * `--cell-timeout S` (60), `--check-timeout S` (30), `--notebook-timeout S` (600).
 *
 * @module
 */
import {
  findNotebooks,
  gradebookCsv,
  gradeNotebook,
  type GradeReport,
  gradeTable,
} from "../course/grading/grade.ts";
import { writeTextAtomic } from "../course/notebook/ipynb.ts";

function parseArgs(args: string[]) {
  const opts: Record<string, string> = {};
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith("--")) {
      const [k, v] = a.slice(2).split("=", 2);
      opts[k] = v ?? args[++i];
    } else paths.push(a);
  }
  return { opts, paths };
}

if (import.meta.main) {
  const { opts, paths } = parseArgs(Deno.args);
  if (paths.length === 0 || "help" in opts) {
    console.log(
      "usage: deno task grade [--lab NN] [--out gradebook.csv] <notebook.ipynb | folder>...",
    );
    Deno.exit(paths.length === 0 ? 2 : 0);
  }
  const seconds = (k: string, d: number) => 1000 * Number(opts[k] ?? d);
  const files = await findNotebooks(paths);
  const reports: GradeReport[] = [];
  for (const f of files) {
    const r = await gradeNotebook(f, {
      lab: opts.lab,
      checksDir: opts["checks-dir"],
      solutionsDir: opts["solutions-dir"],
      cellTimeoutMs: seconds("cell-timeout", 60),
      checkTimeoutMs: seconds("check-timeout", 30),
      notebookTimeoutMs: seconds("notebook-timeout", 600),
    });
    reports.push(r);
    console.log(
      `graded ${f}: ${r.score}/${r.maxPoints} in ${(r.ms / 1000).toFixed(1)} s`,
    );
    for (const n of r.notes) console.log(`  - ${n}`);
    for (const c of r.checks) {
      if (c.status !== "pass") {
        console.log(
          `  ✗ ${c.id} (${c.exercise}): ${c.status}${
            c.message ? ": " + c.message.split("\n")[0] : ""
          }`,
        );
      }
    }
  }
  console.log("\n" + gradeTable(reports));
  const out = opts.out ?? "build/grades/gradebook.csv";
  await writeTextAtomic(out, gradebookCsv(reports));
  console.log(`\ngradebook: ${out}`);
}

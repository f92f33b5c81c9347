/**
 * `deno task grade <notebook or folder>…`: grades students' notebooks. Each
 * notebook runs in its own sandboxed process; its lab's rubric runs in this
 * process and only asks the notebook for answers (see the README's trust
 * model). Prints the findings per notebook and a table of points per exercise
 * per student; writes a CSV gradebook.
 *
 * Options: `--lab NN` (grade every notebook as this lab), `--out FILE`
 * (default `build/grades/gradebook.csv`), `--rubric-dir DIR` (default
 * `course/rubric`), `--solutions-dir DIR` (default `notebooks`, to detect
 * deleted or moved cells), `--seed N` (replay the checks' inputs of an
 * earlier run), `--cell-timeout S` (60), `--check-timeout S` (30),
 * `--notebook-timeout S` (600).
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import {
  findSubmissions,
  gradebookCsv,
  gradeNotebook,
  type GradeReport,
  gradeTable,
  refusedReport,
} from "../course/grading/grade.ts";
import { writeTextAtomic } from "../course/notebook/ipynb.ts";

const USAGE =
  "usage: deno task grade [--lab NN] [--out gradebook.csv] [--seed N] <notebook.ipynb | folder>...";

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: [
      "lab",
      "out",
      "rubric-dir",
      "solutions-dir",
      "seed",
      "cell-timeout",
      "check-timeout",
      "notebook-timeout",
    ],
    boolean: ["help"],
  });
  const paths = args._.map(String);
  if (paths.length === 0 || args.help) {
    console.log(USAGE);
    Deno.exit(paths.length === 0 && !args.help ? 2 : 0);
  }
  const seconds = (v: string | undefined, d: number) => 1000 * Number(v ?? d);
  const submissions = await findSubmissions(paths);
  const reports: GradeReport[] = [];
  for (const s of submissions) {
    const r = s.refused ? refusedReport(s) : await gradeNotebook(s.path, {
      lab: args.lab,
      rubricDir: args["rubric-dir"],
      solutionsDir: args["solutions-dir"],
      seed: args.seed === undefined ? undefined : Number(args.seed),
      cellTimeoutMs: seconds(args["cell-timeout"], 60),
      checkTimeoutMs: seconds(args["check-timeout"], 30),
      notebookTimeoutMs: seconds(args["notebook-timeout"], 600),
    });
    reports.push(r);
    console.log(
      `graded ${s.path}: ${r.score}/${r.maxPoints} in ${
        (r.ms / 1000).toFixed(1)
      } s${r.seed !== undefined ? ` (seed ${r.seed})` : ""}`,
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
  const out = args.out ?? "build/grades/gradebook.csv";
  await writeTextAtomic(out, gradebookCsv(reports));
  console.log(`\ngradebook: ${out}`);
}

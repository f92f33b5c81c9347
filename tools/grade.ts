/**
 * `deno task grade`: grading a class.
 *
 * ```sh
 * deno task grade [options] <notebook.ipynb | folder>…      # grade
 * deno task grade merge --out FILE [--manual manual.csv] PART.csv…   # merge
 * ```
 *
 * Each notebook runs in its own sandboxed process; its lab's rubric runs in
 * this process and only asks the notebook for answers (see the README's
 * trust model). A grade run prints a progress line, the findings per
 * notebook and a table of points, and writes, in the folder of `--out`
 * (default `build/grades/gradebook.csv`):
 * - the gradebook (`gradebook.ts`);
 * - `manual.csv`, the written answers' points to fill in, and
 *   `review-labNN.html`, every student's written answers per item;
 * - `results.jsonl`, everything the grader found, for `merge --feedback`.
 *
 * Options: `--jobs N` (notebooks at once; default the number of CPUs),
 * `--shard K/N` (grade the K-th of N deterministic parts), `--lab NN`,
 * `--feedback DIR` (one offline page per student and notebook),
 * `--seed N` (replay the checks' inputs), `--rubric-dir`, `--solutions-dir`,
 * `--handouts-dir`, `--cell-timeout S` (60), `--check-timeout S` (30),
 * `--notebook-timeout S` (600).
 *
 * `merge` combines gradebooks (e.g. one per shard) into one, identical to a
 * single run's, fills in `manual.csv`'s points and comments (`--manual`),
 * lists written answers still without points, and with `--results R.jsonl…`
 * writes the feedback pages with the grader's comments (`--feedback DIR`) and
 * review pages of all the parts' students together (`--review DIR`).
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { dirname, join } from "@std/path";
import { ensureDir } from "@std/fs/ensure-dir";
import { parse } from "@std/csv";
import { format as formatDuration } from "@std/fmt/duration";
import {
  findSubmissions,
  gradebookCsv,
  type GradeReport,
  gradeTable,
} from "../course/grading/grade.ts";
import { gradeAll, shardOf } from "../course/grading/grade_all.ts";
import {
  type ManualGrade,
  mergeGradebooks,
} from "../course/grading/gradebook.ts";
import {
  feedbackPage,
  MANUAL_COLUMNS,
  manualCsv,
  reviewPage,
} from "../course/grading/review.ts";
import { writtenItems } from "../course/grading/written_answers.ts";
import { unguardCsvCell } from "../course/grading/csv_cell.ts";
import { readNotebook, writeTextAtomic } from "../course/notebook/ipynb.ts";
import { REPO_ROOT } from "../course/runner/repo_root.ts";
import { untrustedText } from "../course/runner/remote.ts";

const USAGE = `usage:
  deno task grade [--jobs N] [--shard K/N] [--lab NN] [--out gradebook.csv] [--feedback DIR] [--seed N] <notebook.ipynb | folder>...
  deno task grade merge --out FILE [--manual manual.csv...] [--feedback DIR] [--review DIR] [--results results.jsonl...] PART.csv...`;

function fileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 80) || "_";
}

/** Where a student's feedback page goes: `<dir>/<student>-lab<NN>.html`. */
function feedbackPath(dir: string, r: GradeReport): string {
  return join(dir, `${fileName(r.student)}-lab${fileName(r.lab ?? "")}.html`);
}

async function readManual(path: string): Promise<ManualGrade[]> {
  const rows = parse(await Deno.readTextFile(path), {
    skipFirstRow: true,
  }) as Record<string, string>[];
  return rows.map((r) =>
    Object.fromEntries(
      MANUAL_COLUMNS.map((c) => [c, unguardCsvCell(r[c] ?? "")]),
    ) as unknown as ManualGrade
  );
}

/** One review page per lab with written answers: `<dir>/review-labNN.html`. */
async function writeReviewPages(
  dir: string,
  reports: readonly GradeReport[],
  solutionsDir = `${REPO_ROOT}/notebooks`,
): Promise<number> {
  const labs = [
    ...new Set(reports.filter((r) => r.written.length).map((r) => r.lab!)),
  ].sort();
  for (const lab of labs) {
    let items: ReturnType<typeof writtenItems> = [];
    for await (const e of Deno.readDir(solutionsDir)) {
      if (
        e.isFile && e.name.startsWith(`${lab}_`) && e.name.endsWith(".ipynb")
      ) {
        items = writtenItems(await readNotebook(join(solutionsDir, e.name)));
      }
    }
    await writeTextAtomic(
      join(dir, `review-lab${fileName(lab)}.html`),
      reviewPage(lab, items, reports),
    );
  }
  return labs.length;
}

async function readResults(files: string[]): Promise<GradeReport[]> {
  const out: GradeReport[] = [];
  for (const file of files) {
    for (const line of (await Deno.readTextFile(file)).split("\n")) {
      if (line.trim()) out.push(JSON.parse(line) as GradeReport);
    }
  }
  return out;
}

async function merge(args: ReturnType<typeof parseArgs>): Promise<void> {
  const parts = args._.slice(1).map(String);
  if (!args.out || parts.length === 0) {
    console.error(USAGE);
    Deno.exit(2);
  }
  // Several manual.csv files (e.g. one per shard) add up.
  const manual = (await Promise.all(
    [args.manual ?? []].flat().map((f) => readManual(String(f))),
  )).flat();
  const result = mergeGradebooks(
    await Promise.all(parts.map((p) => Deno.readTextFile(p))),
    manual,
  );
  await writeTextAtomic(String(args.out), result.csv);
  console.log(`gradebook: ${args.out} (from ${parts.length} part(s))`);
  if (result.missing.length) {
    console.log(
      `\n${result.missing.length} written answer(s) still without points (not counted as zero):`,
    );
    for (const m of result.missing) console.log(`  - ${m}`);
  }
  const resultFiles = [args.results ?? []].flat().map(String);
  if ((args.feedback || args.review) && resultFiles.length === 0) {
    console.error(
      "--feedback and --review need --results results.jsonl (one per grading run)",
    );
    Deno.exit(2);
  }
  const reports = (await readResults(resultFiles)).filter((r) => !r.handout);
  if (args.feedback) {
    const dir = String(args.feedback);
    await ensureDir(dir);
    for (const r of reports) {
      const mine = manual.filter((m) =>
        m.student === r.student && m.lab === r.lab
      );
      await writeTextAtomic(feedbackPath(dir, r), feedbackPage(r, mine));
    }
    console.log(`feedback: ${reports.length} page(s) in ${dir}`);
  }
  if (args.review) {
    // One review page per lab for every shard's students together.
    const dir = String(args.review);
    await ensureDir(dir);
    const n = await writeReviewPages(
      dir,
      reports,
      args["solutions-dir"] ? String(args["solutions-dir"]) : undefined,
    );
    console.log(`review: ${n} page(s) in ${dir}`);
  }
  Deno.exit(0);
}

async function grade(args: ReturnType<typeof parseArgs>): Promise<void> {
  const paths = args._.map(String);
  if (paths.length === 0) {
    console.log(USAGE);
    Deno.exit(2);
  }
  const seconds = (v: unknown, d: number) => 1000 * Number(v ?? d);
  let subs = await findSubmissions(paths);
  if (args.shard) {
    const [k, n] = String(args.shard).split("/").map(Number);
    subs = shardOf(subs, k, n);
  }
  const jobs = args.jobs
    ? Number(args.jobs)
    : navigator.hardwareConcurrency ?? 1;
  const tty = Deno.stdout.isTerminal();
  const t0 = performance.now();
  console.log(`grading ${subs.length} notebook(s), ${jobs} at a time`);
  const reports = await gradeAll(subs, {
    jobs,
    lab: args.lab ? String(args.lab) : undefined,
    rubricDir: args["rubric-dir"] ? String(args["rubric-dir"]) : undefined,
    solutionsDir: args["solutions-dir"]
      ? String(args["solutions-dir"])
      : undefined,
    handoutsDir: args["handouts-dir"]
      ? String(args["handouts-dir"])
      : undefined,
    seed: args.seed === undefined ? undefined : Number(args.seed),
    cellTimeoutMs: seconds(args["cell-timeout"], 60),
    checkTimeoutMs: seconds(args["check-timeout"], 30),
    notebookTimeoutMs: seconds(args["notebook-timeout"], 600),
    onProgress: ({ done, total, last, etaMs }) => {
      const line = `[${done}/${total}] ${
        untrustedText(last.student, 40)
      } (lab ${last.lab ?? "?"}): ${last.score}/${last.maxPoints} in ${
        (last.ms / 1000).toFixed(1)
      } s · ETA ${
        formatDuration(Math.round(etaMs / 1000) * 1000, { ignoreZero: true }) ||
        "0s"
      }`;
      if (tty) {
        Deno.stdout.writeSync(new TextEncoder().encode(`\r${line}\x1b[K`));
      } else console.log(line);
    },
  });
  if (tty) console.log();
  for (const r of reports) {
    if (!r.notes.length && r.checks.every((c) => c.status === "pass")) continue;
    console.log(
      `${r.path}: ${r.score}/${r.maxPoints}${
        r.seed !== undefined ? ` (seed ${r.seed})` : ""
      }`,
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
  const out = args.out ? String(args.out) : "build/grades/gradebook.csv";
  const dir = dirname(out);
  await writeTextAtomic(out, gradebookCsv(reports));
  await writeTextAtomic(
    join(dir, "results.jsonl"),
    reports.map((r) => JSON.stringify(r)).join("\n") + "\n",
  );
  const written = reports.some((r) => r.written.length > 0);
  if (written) {
    await writeTextAtomic(join(dir, "manual.csv"), manualCsv(reports));
    await writeReviewPages(
      dir,
      reports,
      args["solutions-dir"] ? String(args["solutions-dir"]) : undefined,
    );
  }
  if (args.feedback) {
    const fdir = String(args.feedback);
    await ensureDir(fdir);
    for (const r of reports) {
      if (!r.handout) {
        await writeTextAtomic(feedbackPath(fdir, r), feedbackPage(r));
      }
    }
  }
  console.log(
    `\ngradebook: ${out}${
      written
        ? `; written answers: ${join(dir, "manual.csv")}, ${
          join(dir, "review-labNN.html")
        }`
        : ""
    }${args.feedback ? `; feedback: ${args.feedback}` : ""}`,
  );
  console.log(
    `${reports.length} notebook(s) in ${
      ((performance.now() - t0) / 1000).toFixed(1)
    } s with ${jobs} job(s)`,
  );
}

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: [
      "lab",
      "out",
      "rubric-dir",
      "solutions-dir",
      "handouts-dir",
      "seed",
      "jobs",
      "shard",
      "feedback",
      "manual",
      "results",
      "review",
      "cell-timeout",
      "check-timeout",
      "notebook-timeout",
    ],
    collect: ["results", "manual"],
    boolean: ["help"],
  });
  if (args.help) {
    console.log(USAGE);
    Deno.exit(0);
  }
  if (args._[0] === "merge") await merge(args);
  else await grade(args);
}

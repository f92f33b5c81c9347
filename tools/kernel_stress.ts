/**
 * `deno task kernel-stress`: executes every lab notebook several times
 * through Jupyter's nbconvert and the real Deno kernel while CPU-bound
 * processes run beside it (a learner's busy laptop), and reports crashes
 * (nbconvert failing, e.g. `Invalid Signature`) and lost outputs: code cells
 * that have outputs in the headless run (`deno task labs`) but none in the
 * kernel's. See `docs/kernel-notes.md` for what causes them.
 *
 * Usage: `deno task kernel-stress [notebook.ipynb…] [--runs 5] [--burners 2]`.
 * Needs `jupyter nbconvert` and the Deno kernel (`deno task kernel`).
 *
 * @module
 */
import { labNotebooks } from "./_lab_notebooks.ts";
import { parseArgs } from "@std/cli/parse-args";
import { basename, join } from "@std/path";
import { ensureDir } from "@std/fs/ensure-dir";
import { type Notebook, readNotebook } from "../course/notebook/ipynb.ts";
import { REPO_ROOT, runNotebook } from "../course/runner/run_notebook.ts";

/** Code cells (by position) that have at least one output. */
function withOutput(nb: Notebook): boolean[] {
  return nb.cells.filter((c) => c.cell_type === "code").map((c) =>
    (c.outputs ?? []).length > 0
  );
}

/** A CPU-bound process that runs until killed. */
function burner(): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "let x = 0; for (;;) x = (x * 1103515245 + 12345) % 2147483648;",
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
}

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["runs", "burners"],
    default: { runs: "5", burners: "2" },
  });
  const runs = Number(args.runs);
  let files = args._.map(String);
  if (files.length === 0) files = await labNotebooks();
  const out = join(REPO_ROOT, "build/kernel-stress");
  await ensureDir(out);
  const burners = Array.from({ length: Number(args.burners) }, burner);
  let crashes = 0, lost = 0, executions = 0;
  try {
    for (const file of files) {
      const name = basename(file).replace(/\.ipynb$/, "");
      const expected = withOutput(
        (await runNotebook(await readNotebook(file))).executed,
      );
      for (let k = 1; k <= runs; k++) {
        executions++;
        const t0 = performance.now();
        const result = await new Deno.Command("jupyter", {
          args: [
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--ExecutePreprocessor.timeout=900",
            "--output-dir",
            out,
            "--output",
            `${name}-run${k}`,
            file,
          ],
          cwd: REPO_ROOT,
          stdout: "piped",
          stderr: "piped",
        }).output();
        const seconds = ((performance.now() - t0) / 1000).toFixed(0);
        if (!result.success) {
          crashes++;
          const err = new TextDecoder().decode(result.stderr).trim().split("\n")
            .filter((l) => /Error|Signature/.test(l)).slice(-1)[0] ?? "";
          console.log(`${name} run ${k}: CRASH after ${seconds} s: ${err}`);
          continue;
        }
        const got = withOutput(
          await readNotebook(join(out, `${name}-run${k}.ipynb`)),
        );
        const missing = expected.flatMap((has, i) =>
          has && !got[i] ? [i + 1] : []
        );
        lost += missing.length;
        console.log(
          `${name} run ${k}: ${seconds} s, ${
            missing.length
              ? `lost the outputs of code cells ${missing.join(", ")}`
              : "no output lost"
          }`,
        );
      }
    }
  } finally {
    for (const b of burners) {
      try {
        b.kill("SIGKILL");
      } catch { /* gone */ }
    }
  }
  console.log(
    `\n${executions} executions beside ${burners.length} CPU-bound processes: ${crashes} crashed, ${lost} code cells lost their outputs`,
  );
  Deno.exit(crashes + lost > 0 ? 1 : 0);
}

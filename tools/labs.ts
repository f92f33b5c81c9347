/**
 * `deno task labs` (the main job): executes every lab notebook in
 * `notebooks/` headless, with only Deno, top to bottom, and prints per lab
 * each exercise check (pass/fail), the key figures, the time, and where the
 * executed notebook (`build/executed/<name>.ipynb`, marker lines stripped)
 * and, when Jupyter is installed, its static HTML went.
 *
 * Usage: `deno task labs [notebook.ipynb…] [--checks-dir DIR] [--no-html]
 * [--cell-timeout S]`. Exits non-zero if a cell errs or a check fails.
 *
 * @module
 */
import { exists } from "@std/fs/exists";
import { labNotebooks } from "./_lab_notebooks.ts";
import { exportHtml, hasJupyter } from "./_jupyter.ts";
import { stripMarkers } from "../course/notebook/handout.ts";
import { labIdOf } from "../course/notebook/handout.ts";
import { readNotebook, writeNotebook } from "../course/notebook/ipynb.ts";
import { REPO_ROOT, runNotebook } from "../course/runner/run_notebook.ts";

function formatFigure(v: unknown): string {
  return typeof v === "number" && !Number.isInteger(v)
    ? v.toPrecision(6)
    : String(v);
}

if (import.meta.main) {
  const args = [...Deno.args];
  const flag = (name: string) => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const noHtml = args.includes("--no-html");
  if (noHtml) args.splice(args.indexOf("--no-html"), 1);
  const checksDir = flag("--checks-dir") ?? `${REPO_ROOT}/course/rubric`;
  const cellTimeout = Number(flag("--cell-timeout") ?? 600);
  let files = args;
  if (files.length === 0) files = await labNotebooks();
  if (files.length === 0) {
    console.log("no lab notebooks (NN_name.ipynb) in notebooks/");
    Deno.exit(0);
  }
  const html = !noHtml && await hasJupyter();
  let failures = 0;
  const summary: string[] = [];
  for (const file of files) {
    const name = file.replace(/^.*\//, "").replace(/\.ipynb$/, "");
    const lab = labIdOf(file);
    const checksPath = lab ? `${checksDir}/lab${lab}.ts` : undefined;
    const checks = checksPath && await exists(checksPath)
      ? checksPath
      : undefined;
    console.log(`\n== ${name}${lab ? ` (lab ${lab})` : ""} ==`);
    const nb = await readNotebook(file);
    const codeCells = nb.cells.filter((c) => c.cell_type === "code").length;
    const started = performance.now();
    let seen = 0;
    const tty = Deno.stdout.isTerminal();
    const r = await runNotebook(nb, {
      checks,
      cellTimeoutMs: cellTimeout * 1000,
      onCell: (index) => {
        seen++;
        const line = `  running cell ${
          index + 1
        } (${seen}/${codeCells} code cells, ${
          ((performance.now() - started) / 1000).toFixed(0)
        } s)`;
        if (tty) {
          Deno.stdout.writeSync(new TextEncoder().encode(`\r${line}\x1b[K`));
        } else console.log(line);
      },
    });
    if (tty) Deno.stdout.writeSync(new TextEncoder().encode("\r\x1b[K"));
    const errors = r.cells.filter((c) =>
      c.status !== "ok" && c.status !== "skipped"
    );
    console.log(
      `  cells: ${r.cells.length} code cells, ${errors.length} failed; ${
        (r.ms / 1000).toFixed(1)
      } s`,
    );
    for (const c of errors) {
      const err = c.outputs.find((o) => o.output_type === "error");
      const what = err?.output_type === "error"
        ? `${err.ename}: ${err.evalue}`
        : c.status;
      console.log(`  ✗ cell ${c.index + 1}: ${what.split("\n")[0]}`);
    }
    if (!checks) {
      console.log(`  checks: none (${checksPath ?? "no lab id"} not found)`);
    }
    for (const c of r.checks) {
      const mark = c.status === "pass" ? "✓" : "✗";
      const msg = c.status === "pass"
        ? ""
        : ` — ${c.status}: ${(c.message ?? "").split("\n")[0]}`;
      console.log(
        `  ${mark} ${c.id} (${c.exercise}, ${c.maxPoints} pt) ${
          (c.ms / 1000).toFixed(2)
        } s${msg}`,
      );
    }
    if (r.figures) {
      for (const [k, v] of Object.entries(r.figures)) {
        console.log(`  ${k}: ${formatFigure(v)}`);
      }
    }
    if (r.figuresError) console.log(`  figures failed: ${r.figuresError}`);
    for (const p of r.problems) console.log(`  problem: ${p}`);
    for (const d of r.denials) {
      console.log(`  denied ${d.permission} ${d.value}`);
    }
    const out = `${REPO_ROOT}/build/executed/${name}.ipynb`;
    await writeNotebook(out, stripMarkers(r.executed));
    const size = (await Deno.stat(out)).size;
    console.log(
      `  executed notebook: ${out.replace(REPO_ROOT + "/", "")} (${
        (size / 1e6).toFixed(2)
      } MB)`,
    );
    if (html) {
      const h = await exportHtml(out);
      console.log(
        h.html
          ? `  html: ${h.html.replace(REPO_ROOT + "/", "")}`
          : `  html failed: ${h.error}`,
      );
    } else console.log("  html: skipped (no Jupyter installed, or --no-html)");
    const passed = r.checks.filter((c) => c.status === "pass").length;
    const bad = errors.length + r.checks.length - passed + r.problems.length;
    if (bad) failures++;
    summary.push(
      `${
        bad ? "FAIL" : "ok  "
      } ${name}: ${passed}/${r.checks.length} checks, ${errors.length} failed cells, ${
        (r.ms / 1000).toFixed(1)
      } s`,
    );
  }
  console.log(`\n${summary.join("\n")}`);
  Deno.exit(failures ? 1 : 0);
}

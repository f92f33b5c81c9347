/// <reference lib="dom" />
/// <reference lib="deno.ns" />
/**
 * `deno task e2e`: every lab notebook run in Jupyter in a real browser, with
 * the real Deno kernel, as a learner would. It installs nothing; it needs
 * Jupyter's Notebook (`apt-get install jupyter-notebook`, or `pip install
 * notebook jupyterlab`), the Deno kernel (`deno task kernel`) and Chromium
 * (`apt-get install chromium`; or set `CHROMIUM=/path/to/chrome`).
 *
 * It starts a Jupyter server on a free local port with a random token (from
 * the repository root), copies the notebooks into `e2e_notebooks/` (so the originals
 * are never saved over), opens each in headless Chromium (playwright-core),
 * runs all cells, waits for the kernel to go idle and asserts:
 * - no cell shows an error;
 * - every cell that prints or plots in the headless run has its output here;
 * - every plotly figure is drawn (a `.main-svg` with traces);
 * - the math is typeset (no raw `$$` or `\begin{` left in rendered markdown).
 *
 * It saves a screenshot per notebook (and one per figure) under `build/e2e/`,
 * prints a line per notebook and exits non-zero on a failure. It stops
 * everything it started. Selectors cover the classic Notebook (6) and
 * JupyterLab / Notebook 7.
 *
 * Usage: `deno task e2e [notebook.ipynb…] [--ui notebook|lab] [--keep]`.
 *
 * @module
 */
import { parseArgs } from "@std/cli/parse-args";
import { basename, join } from "@std/path";
import { ensureDir } from "@std/fs/ensure-dir";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { readNotebook } from "../course/notebook/ipynb.ts";
import { REPO_ROOT, runNotebook } from "../course/runner/run_notebook.ts";

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-dev-shm-usage",
];

/** What one notebook's run in the browser showed. */
interface PageReport {
  name: string;
  problems: string[];
  cells: number;
  figures: number;
  math: number;
  seconds: number;
}

async function which(cmd: string): Promise<boolean> {
  try {
    const out = await new Deno.Command("sh", {
      args: ["-c", `command -v ${cmd}`],
      stdout: "null",
      stderr: "null",
    }).output();
    return out.success;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** The code cells (in order) that have outputs in the headless run. */
async function cellsWithOutput(path: string): Promise<boolean[]> {
  const name = basename(path);
  const executed = join(REPO_ROOT, "build/executed", name);
  const [src, done] = await Promise.all([
    Deno.stat(path),
    Deno.stat(executed).catch(() => null),
  ]);
  const nb = done && done.mtime! > src.mtime!
    ? await readNotebook(executed)
    : (await runNotebook(await readNotebook(path))).executed;
  return nb.cells.filter((c) => c.cell_type === "code").map((c) =>
    (c.outputs ?? []).length > 0
  );
}

/** Selectors for the classic Notebook and for JupyterLab / Notebook 7. */
const UI = {
  notebook: {
    url: (base: string, path: string, token: string) =>
      `${base}/notebooks/${path}?token=${token}`,
    ready: "#notebook-container .cell",
    codeCell: ".cell.code_cell",
    prompt: ".input_prompt",
    output: ".output_area",
    error: ".output_error, .output_stderr",
    markdown: ".text_cell_render",
  },
  lab: {
    url: (base: string, path: string, token: string) =>
      `${base}/lab/tree/${path}?token=${token}`,
    ready: ".jp-Notebook .jp-Cell",
    codeCell: ".jp-CodeCell",
    prompt: ".jp-InputPrompt",
    output: ".jp-OutputArea-child",
    error:
      '[data-mime-type="application/vnd.jupyter.error"], [data-mime-type="application/vnd.jupyter.stderr"]',
    markdown: ".jp-RenderedMarkdown",
  },
} as const;

type Ui = keyof typeof UI;

async function runAll(page: Page, ui: Ui): Promise<void> {
  if (ui === "notebook") {
    await page.waitForFunction(
      () => {
        // deno-lint-ignore no-explicit-any
        const J = (globalThis as any).Jupyter;
        return J?.notebook?.kernel?.is_connected?.() === true;
      },
      undefined,
      { timeout: 60_000 },
    );
    await page.evaluate(() => {
      // deno-lint-ignore no-explicit-any
      const J = (globalThis as any).Jupyter;
      J.notebook.set_autosave_interval(0);
      J.notebook.execute_all_cells();
    });
  } else {
    await page.waitForSelector(
      '.jp-Notebook-ExecutionIndicator[data-status="idle"]',
      { timeout: 60_000 },
    ).catch(() => {});
    await page.click('li[role="menuitem"]:has-text("Run")');
    await page.click('li[role="menuitem"]:has-text("Run All Cells")');
  }
}

async function waitIdle(page: Page, ui: Ui, timeoutMs: number): Promise<void> {
  const sel = UI[ui];
  await page.waitForFunction(
    ({ codeCell, prompt }) => {
      const cells = [...document.querySelectorAll(codeCell)];
      if (cells.length === 0) return false;
      const prompts = cells.map((c) =>
        (c.querySelector(prompt)?.textContent ?? "").replace(/\s/g, "")
      );
      // Every code cell ran: "[n]:", none waiting "[*]:" or never run "[ ]:".
      return prompts.every((p) => /\[\d+\]/.test(p));
    },
    { codeCell: sel.codeCell, prompt: sel.prompt },
    { timeout: timeoutMs, polling: 500 },
  );
  // Outputs that arrive late (docs/kernel-notes.md) and figures still drawing.
  await page.waitForTimeout(2000);
}

async function checkPage(
  page: Page,
  ui: Ui,
  expected: boolean[],
): Promise<{ problems: string[]; figures: number; math: number }> {
  const { url: _url, ...sel } = UI[ui];
  return await page.evaluate(
    ({ sel, expected }) => {
      const problems: string[] = [];
      const cells = [...document.querySelectorAll(sel.codeCell)];
      if (cells.length !== expected.length) {
        problems.push(
          `${cells.length} code cells in the page, ${expected.length} in the notebook`,
        );
      }
      cells.forEach((c, i) => {
        const err = c.querySelector(sel.error);
        if (err) {
          problems.push(
            `code cell ${i + 1} shows an error: ${
              (err.textContent ?? "").trim().slice(0, 160)
            }`,
          );
        }
        if (expected[i] && c.querySelectorAll(sel.output).length === 0) {
          problems.push(
            `code cell ${i + 1} has no output (the headless run has)`,
          );
        }
      });
      const figures = [
        ...document.querySelectorAll(".rnnlab-figure, .rnnlab-explorer"),
      ];
      figures.forEach((f, k) => {
        const svg = f.querySelector(".main-svg");
        const traces =
          f.querySelectorAll(".scatterlayer .trace, .heatmaplayer .hm").length;
        if (!svg || traces === 0) {
          problems.push(
            `figure ${k + 1} is not drawn: ${
              (f.textContent ?? "").trim().slice(0, 120)
            }`,
          );
        }
      });
      let math = 0;
      for (const md of document.querySelectorAll(sel.markdown)) {
        math += md.querySelectorAll(
          ".MathJax, .MathJax_Display, .MathJax_SVG, .MathJax_CHTML, mjx-container",
        ).length;
        const raw = (md.textContent ?? "").match(/\$\$|\\begin\{/);
        if (raw) {
          problems.push(
            `untypeset math in markdown: …${
              (md.textContent ?? "").slice(0, 80)
            }…`,
          );
        }
      }
      return { problems, figures: figures.length, math };
    },
    { sel, expected },
  );
}

async function screenshots(
  page: Page,
  ui: Ui,
  out: string,
  name: string,
): Promise<void> {
  // The classic Notebook scrolls inside #site: grow the window to the notebook's height.
  const height = await page.evaluate((ui) => {
    const el = document.querySelector(
      ui === "notebook" ? "#notebook-container" : ".jp-Notebook",
    );
    return Math.ceil((el?.scrollHeight ?? 2000) + 200);
  }, ui);
  await page.setViewportSize({ width: 1280, height: Math.min(height, 16000) });
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(out, `${name}.png`) });
  const figs = await page.$$(".rnnlab-figure, .rnnlab-explorer");
  for (const [k, f] of figs.entries()) {
    await f.scrollIntoViewIfNeeded();
    await f.screenshot({ path: join(out, `${name}-figure${k + 1}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function startJupyter(
  port: number,
  token: string,
  ui: Ui,
): Promise<Deno.ChildProcess> {
  const args = ui === "notebook"
    ? [
      "notebook",
      "--no-browser",
      "--allow-root",
      `--port=${port}`,
      "--ip=127.0.0.1",
      `--NotebookApp.token=${token}`,
      "--NotebookApp.open_browser=False",
    ]
    : [
      "lab",
      "--no-browser",
      "--allow-root",
      `--port=${port}`,
      "--ip=127.0.0.1",
      `--ServerApp.token=${token}`,
    ];
  const server = new Deno.Command("jupyter", {
    args,
    cwd: REPO_ROOT,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(
        `http://127.0.0.1:${port}/api/status?token=${token}`,
      );
      await r.body?.cancel();
      if (r.ok) return server;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  server.kill("SIGKILL");
  throw new Error(`jupyter ${ui} did not start on port ${port}`);
}

if (import.meta.main) {
  const args = parseArgs(Deno.args, {
    string: ["ui"],
    boolean: ["keep", "help"],
    default: { ui: "notebook" },
  });
  if (args.help) {
    console.log(
      "usage: deno task e2e [notebook.ipynb…] [--ui notebook|lab] [--keep]",
    );
    Deno.exit(0);
  }
  const ui = args.ui as Ui;
  if (!(ui in UI)) {
    console.error(`--ui must be notebook or lab, got ${ui}`);
    Deno.exit(2);
  }
  const chromiumPath = Deno.env.get("CHROMIUM") ?? "/usr/bin/chromium";
  const missing: string[] = [];
  if (!(await which("jupyter"))) {
    missing.push(
      "Jupyter: apt-get install jupyter-notebook (or pip install notebook jupyterlab)",
    );
  }
  if (!(await Deno.stat(chromiumPath).catch(() => null))) {
    missing.push(
      `Chromium at ${chromiumPath}: apt-get install chromium (or set CHROMIUM)`,
    );
  }
  const kernels = await new Deno.Command("jupyter", {
    args: ["kernelspec", "list", "--json"],
    stdout: "piped",
    stderr: "null",
  })
    .output().then((o) => new TextDecoder().decode(o.stdout)).catch(() => "");
  if (kernels && !kernels.includes('"deno"')) {
    missing.push("the Deno kernel: deno task kernel");
  }
  if (missing.length) {
    console.error(`deno task e2e needs:\n  - ${missing.join("\n  - ")}`);
    Deno.exit(2);
  }

  let files = args._.map(String);
  if (files.length === 0) {
    for await (const e of Deno.readDir(join(REPO_ROOT, "notebooks"))) {
      if (e.isFile && /^\d\d_.*\.ipynb$/.test(e.name)) {
        files.push(join(REPO_ROOT, "notebooks", e.name));
      }
    }
    files = files.sort();
  }
  const out = join(REPO_ROOT, "build/e2e");
  const work = join(REPO_ROOT, "e2e_notebooks");
  await ensureDir(out);
  await ensureDir(work);
  const port = await freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  let server: Deno.ChildProcess | undefined;
  let browser: Browser | undefined;
  const reports: PageReport[] = [];
  try {
    server = await startJupyter(port, token, ui);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: CHROMIUM_FLAGS,
    });
    for (const file of files) {
      const t0 = performance.now();
      const name = basename(file).replace(/\.ipynb$/, "");
      const expected = await cellsWithOutput(file);
      await Deno.copyFile(file, join(work, basename(file)));
      const page = await browser.newPage({
        viewport: { width: 1280, height: 900 },
      });
      page.on("dialog", (d) => d.accept());
      const browserErrors: string[] = [];
      page.on(
        "pageerror",
        (e) => browserErrors.push(`page error: ${e.message}`),
      );
      page.on("console", (m) => {
        if (m.type() === "error") browserErrors.push(`console: ${m.text()}`);
      });
      page.on("response", (r) => {
        if (r.status() >= 400 && r.url().includes("/files/")) {
          browserErrors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
        }
      });
      await page.goto(
        UI[ui].url(
          `http://127.0.0.1:${port}`,
          `e2e_notebooks/${basename(file)}`,
          token,
        ),
      );
      try {
        await page.waitForSelector(UI[ui].ready, { timeout: 60_000 });
      } catch (e) {
        await page.screenshot({ path: join(out, `${name}-not-loaded.png`) });
        throw e;
      }
      await runAll(page, ui);
      const problems: string[] = [];
      try {
        await waitIdle(page, ui, 600_000);
      } catch {
        problems.push("the cells did not all finish within 10 minutes");
      }
      const found = await checkPage(page, ui, expected);
      problems.push(...found.problems);
      if (problems.length) problems.push(...new Set(browserErrors));
      if (found.math === 0 && /\$/.test(await Deno.readTextFile(file))) {
        problems.push("no typeset math in the page");
      }
      await screenshots(page, ui, out, name);
      await page.close();
      const r: PageReport = {
        name,
        problems,
        cells: expected.length,
        figures: found.figures,
        math: found.math,
        seconds: (performance.now() - t0) / 1000,
      };
      reports.push(r);
      console.log(
        `${
          problems.length ? "FAIL" : "ok  "
        } ${name}: ${r.cells} code cells, ${r.figures} figures drawn, ${r.math} math elements, ${
          r.seconds.toFixed(0)
        } s; screenshot build/e2e/${name}.png`,
      );
      for (const p of problems) console.log(`     - ${p}`);
    }
  } finally {
    await browser?.close().catch(() => {});
    try {
      server?.kill("SIGTERM");
      await server?.status;
    } catch { /* gone */ }
    if (!args.keep) {
      await Deno.remove(work, { recursive: true }).catch(() => {});
    }
  }
  Deno.exit(reports.some((r) => r.problems.length) ? 1 : 0);
}

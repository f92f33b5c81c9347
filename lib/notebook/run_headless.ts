/**
 * Executes a notebook headless, with only Deno: no Jupyter, no Python.
 *
 * The notebook's code cells are compiled into one ES module
 * (`compile.ts`) that runs in a `deno run` subprocess under Deno's
 * permission sandbox (by default: read `data/` and `lib/` only; no write, net,
 * env, run, ffi or sys). The subprocess reports each cell's outputs, then the
 * lab checks' results against the notebook's namespace (`_runtime.ts`).
 *
 * A watchdog enforces per-cell, per-check and per-notebook time limits: when
 * a cell or check runs too long (or kills the process, e.g. `Deno.exit`), the
 * process is killed, that cell or check is recorded as failed, and the
 * notebook is run again from the top without it — so an endless loop costs
 * only what depends on it. Permission requests are audited
 * (`DENO_AUDIT_PERMISSIONS`) and every denied one is reported, even if the
 * notebook caught the error.
 *
 * @module
 */

import { fromFileUrl, toFileUrl } from "./_paths.ts";
import type { CheckResult, Figures } from "./checks.ts";
import { buildModule, compileCell, type CompiledCell } from "./compile.ts";
import { type Cell, type Notebook, type Output, sourceText } from "./ipynb.ts";
import { parseCellMarkers } from "./markers.ts";
import { SKIP_EXECUTION_TAG } from "./handout.ts";

/** The repository root (this file is `lib/notebook/run_headless.ts`). */
export const REPO_ROOT: string = fromFileUrl(new URL("../../", import.meta.url))
  .replace(/\/$/, "");

/** Options of {@linkcode runNotebook}. */
export interface RunOptions {
  /** Path of the lab's checks module (`tests/checks/labNN.ts`), if any. */
  checks?: string;
  /** Limit per cell, ms (default 120 000). */
  cellTimeoutMs?: number;
  /** Limit per check, ms (default 30 000). */
  checkTimeoutMs?: number;
  /** Limit for the whole notebook including reruns, ms (default 900 000). */
  notebookTimeoutMs?: number;
  /**
   * Skip cells tagged `skip-execution` (metadata) or `//!TAG SKIPQUESTEXEC`,
   * as when checking a handout (default false).
   */
  skipTagged?: boolean;
  /**
   * Folder the notebook runs in: its working directory and the base of its
   * relative imports (default `<repo>/notebooks`, where lab notebooks live;
   * a student's copy runs as if it were there).
   */
  cwd?: string;
  /** Folders the notebook may read (default `<repo>/data` and `<repo>/lib`). */
  allowRead?: string[];
  /** Extra `deno run` flags (e.g. `--v8-flags=…`). */
  denoFlags?: string[];
}

/** What happened to one code cell. */
export interface CellRun {
  /** Index in the notebook (0-based, all cell types). */
  index: number;
  /** `error`: threw or did not compile; `timeout`/`crashed`: killed; `not-run`: never reached. */
  status: "ok" | "error" | "timeout" | "crashed" | "skipped" | "not-run";
  outputs: Output[];
  ms: number;
  /** Jupyter-style execution count, `null` if not executed. */
  executionCount: number | null;
}

/** A permission the notebook asked for and was denied. */
export interface Denial {
  /** `read`, `write`, `net`, `env`, `run`, `ffi`, `sys`, `import`. */
  permission: string;
  /** What it tried to access (path, host, variable, command). */
  value: string;
  /** Cell index, if known. */
  cell?: number;
}

/** Result of {@linkcode runNotebook}. */
export interface RunResult {
  /** One entry per code cell, in order. */
  cells: CellRun[];
  /** Results of the lab's checks, in the module's order. */
  checks: CheckResult[];
  /** Key figures from the checks module's `figures(ns)`, if any. */
  figures?: Figures;
  /** Why `figures` failed, if it did. */
  figuresError?: string;
  /** Denied permission requests. */
  denials: Denial[];
  /** The notebook with outputs and execution counts filled in. */
  executed: Notebook;
  /** Wall time, ms. */
  ms: number;
  /** Times the notebook was restarted after a timeout or crash. */
  restarts: number;
  /** True if the per-notebook limit stopped the run. */
  timedOut: boolean;
  /** Problems outside the cells (e.g. the checks module failed to load). */
  problems: string[];
}

function isTaggedSkip(cell: Cell): boolean {
  const tags = Array.isArray(cell.metadata?.tags)
    ? cell.metadata.tags as string[]
    : [];
  if (tags.includes(SKIP_EXECUTION_TAG)) return true;
  try {
    return parseCellMarkers(sourceText(cell.source)).markers.tags.has(
      "SKIPQUESTEXEC",
    );
  } catch {
    return false;
  }
}

interface Attempt {
  finished: boolean;
  phase: { kind: "cell"; index: number; since: number } | {
    kind: "check";
    id: string;
    since: number;
    limit: number;
  } | { kind: "figures" | "load"; since: number };
  killedFor?: "timeout" | "notebook-timeout";
}

/**
 * Runs a notebook headless (see the module doc).
 *
 * @param nb The notebook.
 * @param options Checks module, limits, sandbox.
 * @returns Per-cell outputs, check results, figures, denials, and the
 * executed notebook.
 *
 * @example
 * ```ts ignore
 * import { runNotebook } from "./run_headless.ts";
 * import { readNotebook } from "./ipynb.ts";
 *
 * const r = await runNotebook(await readNotebook("notebooks/01_bptt_weather.ipynb"), {
 *   checks: "tests/checks/lab01.ts",
 * });
 * console.log(r.checks.filter((c) => c.status !== "pass"));
 * ```
 */
export async function runNotebook(
  nb: Notebook,
  options: RunOptions = {},
): Promise<RunResult> {
  const t0 = performance.now();
  const cellLimit = options.cellTimeoutMs ?? 120_000;
  const nbLimit = options.notebookTimeoutMs ?? 900_000;
  const cwd = options.cwd ?? `${REPO_ROOT}/notebooks`;
  const baseUrl = toFileUrl(cwd.endsWith("/") ? cwd : cwd + "/").href;
  const allowRead = options.allowRead ??
    [`${REPO_ROOT}/data`, `${REPO_ROOT}/lib`];

  const codeIdx = nb.cells.flatMap((c, i) => c.cell_type === "code" ? [i] : []);
  const compiled: CompiledCell[] = [];
  for (const i of codeIdx) {
    compiled.push(
      await compileCell(sourceText(nb.cells[i].source), i, baseUrl),
    );
  }

  const runs = new Map<number, CellRun>();
  const fresh = (index: number, status: CellRun["status"]): CellRun => ({
    index,
    status,
    outputs: [],
    ms: 0,
    executionCount: null,
  });
  for (const i of codeIdx) runs.set(i, fresh(i, "not-run"));
  const skipCells = new Set<number>();
  if (options.skipTagged) {
    for (const i of codeIdx) if (isTaggedSkip(nb.cells[i])) skipCells.add(i);
  }
  const killedCells = new Map<number, CellRun>();
  const skipChecks = new Map<string, CheckResult>();
  const problems: string[] = [];
  let checks: CheckResult[] = [];
  let figures: Figures | undefined;
  let figuresError: string | undefined;
  const denials: Denial[] = [];
  let restarts = 0;
  let timedOut = false;
  const checksUrl = options.checks
    ? toFileUrl(
      options.checks.startsWith("/")
        ? options.checks
        : `${Deno.cwd()}/${options.checks}`,
    ).href
    : undefined;

  // The system temp folder: the notebook cannot read it (not in allowRead),
  // and `--config` resolves the import map wherever the module sits.
  const dir = await Deno.makeTempDir({ prefix: "notebook-run-" });
  try {
    while (true) {
      const config = {
        skipCells: [...skipCells, ...killedCells.keys()],
        skipChecks: [...skipChecks.keys()],
        checkTimeoutMs: options.checkTimeoutMs ?? 30_000,
      };
      const modulePath = `${dir}/notebook_${restarts}.js`;
      await Deno.writeTextFile(
        modulePath,
        buildModule(compiled, {
          runtimeUrl: new URL("./_runtime.ts", import.meta.url).href,
          checksUrl,
          config,
        }),
      );
      const auditPath = `${dir}/audit_${restarts}.jsonl`;
      const attempt = await runAttempt({
        modulePath,
        auditPath,
        cwd,
        allowRead,
        denoFlags: options.denoFlags ?? [],
        cellLimit,
        deadline: t0 + nbLimit,
        onCellStart: (i) => {
          const r = fresh(i, "ok");
          runs.set(i, r);
          return r;
        },
        runs,
        onCheck: (r) => checks.push(r),
        onFigures: (v, err) => {
          figures = v;
          figuresError = err;
        },
        onSkip: (i) => {
          if (!killedCells.has(i)) runs.set(i, fresh(i, "skipped"));
        },
        resetChecks: () => {
          checks = [];
        },
      });
      denials.push(
        ...await readDenials(auditPath, allowRead, cwd, attempt.denialCells),
      );
      if (attempt.finished) break;
      const phase = attempt.phase;
      const how = attempt.killedFor === "timeout" ||
          attempt.killedFor === "notebook-timeout"
        ? "timeout"
        : "crashed";
      const why = how === "timeout"
        ? `killed after exceeding the time limit`
        : `the process ended (exit code ${attempt.code})${
          attempt.stderrTail ? ": " + attempt.stderrTail : ""
        }`;
      if (phase.kind === "cell") {
        const r = runs.get(phase.index) ?? fresh(phase.index, how);
        r.status = how;
        r.ms = performance.now() - phase.since;
        r.outputs.push({
          output_type: "error",
          ename: how === "timeout" ? "TimeoutError" : "ProcessExit",
          evalue: `Cell ${phase.index + 1} ${why}`,
          traceback: [`Cell ${phase.index + 1} ${why}`],
        });
        killedCells.set(phase.index, r);
      } else if (phase.kind === "check") {
        skipChecks.set(phase.id, {
          id: phase.id,
          exercise: "",
          score: 0,
          maxPoints: 0,
          status: how === "timeout" ? "timeout" : "fail",
          message: why,
          ms: performance.now() - phase.since,
        });
      } else {
        problems.push(
          `${
            phase.kind === "load" ? "loading the notebook module" : "figures"
          }: ${why}`,
        );
        break;
      }
      if (
        attempt.killedFor === "notebook-timeout" ||
        performance.now() > t0 + nbLimit
      ) {
        timedOut = true;
        problems.push(`notebook exceeded its time limit of ${nbLimit} ms`);
        break;
      }
      restarts++;
      checks = [];
    }
  } finally {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  }
  for (const [i, r] of killedCells) runs.set(i, r);
  // Checks killed in an earlier attempt come back as "skipped": put the real reason.
  checks = checks.map((c) => {
    const k = skipChecks.get(c.id);
    return k ? { ...c, status: k.status, message: k.message, ms: k.ms } : c;
  });
  const cells = codeIdx.map((i) => runs.get(i)!);
  let count = 0;
  for (const r of cells) {
    if (r.status !== "skipped" && r.status !== "not-run") {
      r.executionCount = ++count;
    }
  }
  const executed: Notebook = {
    ...nb,
    cells: nb.cells.map((c, i) => {
      if (c.cell_type !== "code") return c;
      const r = runs.get(i)!;
      return {
        ...c,
        outputs: r.outputs.map((o) =>
          o.output_type === "execute_result"
            ? { ...o, execution_count: r.executionCount }
            : o
        ),
        execution_count: r.executionCount,
      };
    }),
  };
  return {
    cells,
    checks,
    figures,
    figuresError,
    denials: dedupeDenials(denials),
    executed,
    ms: performance.now() - t0,
    restarts,
    timedOut,
    problems,
  };
}

interface AttemptArgs {
  modulePath: string;
  auditPath: string;
  cwd: string;
  allowRead: string[];
  denoFlags: string[];
  cellLimit: number;
  deadline: number;
  runs: Map<number, CellRun>;
  onCellStart(i: number): CellRun;
  onSkip(i: number): void;
  onCheck(r: CheckResult): void;
  onFigures(v: Figures | undefined, error?: string): void;
  resetChecks(): void;
}

interface AttemptResult extends Attempt {
  code: number;
  stderrTail: string;
  /** Time-ordered cell starts, to attribute audit entries to cells. */
  denialCells: { at: number; cell: number }[];
}

function appendOutput(outputs: Output[], o: Output): void {
  const last = outputs[outputs.length - 1];
  if (
    o.output_type === "stream" && last?.output_type === "stream" &&
    last.name === o.name
  ) {
    last.text = sourceText(last.text) + sourceText(o.text);
  } else outputs.push(o);
}

async function runAttempt(a: AttemptArgs): Promise<AttemptResult> {
  const nonce = crypto.randomUUID();
  const env: Record<string, string> = {
    DENO_AUDIT_PERMISSIONS: a.auditPath,
    DENO_NO_UPDATE_CHECK: "1",
  };
  for (
    const k of [
      "HOME",
      "PATH",
      "DENO_DIR",
      "XDG_CACHE_HOME",
      "NPM_CONFIG_REGISTRY",
    ]
  ) {
    const v = Deno.env.get(k);
    if (v !== undefined) env[k] = v;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--no-lock",
      "--no-remote",
      `--config=${REPO_ROOT}/deno.json`,
      `--allow-read=${a.allowRead.join(",")}`,
      "--v8-flags=--max-old-space-size=4096",
      ...a.denoFlags,
      a.modulePath,
    ],
    cwd: a.cwd,
    clearEnv: true,
    env,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(nonce + "\n"));
  await writer.close().catch(() => {});

  const state: AttemptResult = {
    finished: false,
    phase: { kind: "load", since: performance.now() },
    code: 0,
    stderrTail: "",
    denialCells: [],
  };
  let current: CellRun | undefined;
  const displays = new Map<string, Output>();
  const prefix = `\x1e${nonce}`;

  const handle = (ev: Record<string, unknown>) => {
    switch (ev.e) {
      case "start": {
        const i = ev.i as number;
        current = last = a.onCellStart(i);
        state.phase = { kind: "cell", index: i, since: performance.now() };
        state.denialCells.push({ at: Date.now(), cell: i });
        break;
      }
      case "skip":
        a.onSkip(ev.i as number);
        break;
      case "out": {
        const o = ev.o as Output;
        const target = (ev.i as number) >= 0
          ? a.runs.get(ev.i as number)
          : current;
        if (!target) break;
        const id = (o as { transient?: { display_id?: string } }).transient
          ?.display_id;
        if (o.output_type === "display_data" && o.transient) delete o.transient;
        appendOutput(target.outputs, o);
        if (id) displays.set(id, target.outputs[target.outputs.length - 1]);
        if (o.output_type === "error" && target.status === "ok") {
          target.status = "error";
        }
        break;
      }
      case "update": {
        const o = displays.get(ev.id as string);
        if (o && o.output_type === "display_data") {
          o.data = ev.data as Record<string, unknown>;
        }
        break;
      }
      case "end": {
        const r = a.runs.get(ev.i as number);
        if (r) {
          r.ms = ev.ms as number;
          if (!ev.ok) r.status = "error";
        }
        current = undefined;
        state.phase = { kind: "load", since: performance.now() };
        break;
      }
      case "check_start":
        state.phase = {
          kind: "check",
          id: ev.id as string,
          since: performance.now(),
          limit: ev.limit as number,
        };
        state.denialCells.push({ at: Date.now(), cell: -1 });
        break;
      case "check":
        a.onCheck(ev.r as CheckResult);
        break;
      case "figures_start":
        state.phase = { kind: "figures", since: performance.now() };
        break;
      case "figures":
        a.onFigures(ev.v as Figures, ev.error as string | undefined);
        break;
      case "finished":
        state.finished = true;
        break;
    }
  };

  // Text printed outside the reports (console.log, Deno.stdout) belongs to
  // the running cell, or to the last one (timers firing after it ended).
  let last: CellRun | undefined;
  const strayText = (name: "stdout" | "stderr", text: string) => {
    const target = current ?? last;
    if (target && text) {
      appendOutput(target.outputs, { output_type: "stream", name, text });
    }
  };

  const readStdout = (async () => {
    const decoder = new TextDecoder();
    let buf = "";
    for await (const chunk of child.stdout) {
      buf += decoder.decode(chunk, { stream: true });
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        const at = line.indexOf(prefix);
        if (at >= 0) {
          strayText("stdout", line.slice(0, at));
          try {
            handle(JSON.parse(line.slice(at + prefix.length)));
          } catch { /* a truncated report line: ignore */ }
        } else strayText("stdout", line + "\n");
      }
    }
    strayText("stdout", buf);
  })();
  const readStderr = (async () => {
    const decoder = new TextDecoder();
    let all = "";
    for await (const chunk of child.stderr) {
      const text = decoder.decode(chunk, { stream: true });
      all = (all + text).slice(-4000);
      strayText("stderr", text);
    }
    // deno-lint-ignore no-control-regex
    const lines = all.replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n");
    const error = lines.find((l) => /^error|Error:/.test(l.trim()));
    state.stderrTail = [...new Set([error, ...lines.slice(-2)])].filter((l) =>
      l
    ).join(" | ");
  })();

  const watchdog = setInterval(() => {
    const t = performance.now();
    const p = state.phase;
    if (t > a.deadline) state.killedFor = "notebook-timeout";
    else if (p.kind === "cell" && t - p.since > a.cellLimit) {
      state.killedFor = "timeout";
    } else if (p.kind === "check" && t - p.since > p.limit + 2000) {
      state.killedFor = "timeout";
    } else if (p.kind === "figures" && t - p.since > a.cellLimit) {
      state.killedFor = "timeout";
    } else return;
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
  }, 100);
  const status = await child.status;
  clearInterval(watchdog);
  await Promise.all([readStdout, readStderr]);
  state.code = status.code;
  return state;
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return "/" + parts.join("/");
}

function isUnder(path: string, roots: string[]): boolean {
  return roots.some((r) =>
    path === r || path.startsWith(r.endsWith("/") ? r : r + "/")
  );
}

async function readDenials(
  auditPath: string,
  allowRead: string[],
  cwd: string,
  starts: { at: number; cell: number }[],
): Promise<Denial[]> {
  let text = "";
  try {
    text = await Deno.readTextFile(auditPath);
  } catch {
    return [];
  }
  const out: Denial[] = [];
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let entry: { permission: string; value: string | null; datetime?: string };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    let value = entry.value ?? "";
    if (
      (entry.permission === "read" || entry.permission === "write") &&
      !value.startsWith("/")
    ) value = normalizePath(`${cwd}/${value}`);
    if (entry.permission === "read" && isUnder(value, allowRead)) continue;
    // The audit log has one-second resolution: attribute to the last cell started by then.
    const at = entry.datetime ? Date.parse(entry.datetime) + 999 : Infinity;
    const cell = starts.filter((s) => s.at <= at).pop()?.cell;
    out.push({
      permission: entry.permission,
      value,
      ...(cell !== undefined && cell >= 0 ? { cell } : {}),
    });
  }
  return out;
}

function dedupeDenials(denials: Denial[]): Denial[] {
  const seen = new Set<string>();
  return denials.filter((d) => {
    const k = `${d.permission}\u0000${d.value}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

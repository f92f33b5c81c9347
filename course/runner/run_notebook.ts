/**
 * Executes a notebook headless, with only Deno (no Jupyter, no Python), and
 * grades it from outside.
 *
 * 1. The code cells are compiled in a process of their own
 *    (`compile_isolated.ts`).
 * 2. The compiled module runs in a sandboxed `deno run` process
 *    (`notebook_process.ts`): it may read `data/`, `lib/` and the sandbox
 *    runtime, nothing else; every other permission check goes to the
 *    permission broker, which denies and records it.
 * 3. After the last cell, the lab's checks run here, in the grader, and ask
 *    the notebook process to evaluate the student's code on inputs they chose
 *    (`remote.ts`). Checks, references and expected values never enter the
 *    notebook's process.
 *
 * A watchdog enforces per-cell, per-check and per-notebook time limits: when
 * a cell runs too long (or ends the process, e.g. `Deno.exit`), the process
 * is killed, that cell is recorded as failed, and the notebook is run again
 * from the top without it, so an endless loop costs only what depends on it.
 * A check that times out or kills the process costs that check; the notebook
 * is restarted for the checks after it.
 *
 * @module
 */

import { join, toFileUrl } from "@std/path";
import type { CheckResult, ChecksModule, Figures } from "../rubric/checks.ts";
import { runCheck } from "../rubric/checks.ts";
import { buildModule, type CompiledCell } from "../notebook/compile.ts";
import {
  type Cell,
  type Notebook,
  type Output,
  sourceText,
} from "../notebook/ipynb.ts";
import { parseCellMarkers } from "../notebook/markers.ts";
import { SKIP_EXECUTION_TAG } from "../notebook/handout.ts";
import { compileIsolated } from "./compile_isolated.ts";
import { type Denial } from "./broker.ts";
import { NotebookProcess, type Report } from "./notebook_process.ts";
import { StudentNotebook } from "./remote.ts";
import { REPO_ROOT } from "./repo_root.ts";

export { REPO_ROOT } from "./repo_root.ts";
export type { Denial } from "./broker.ts";

/** Options of {@linkcode runNotebook}. */
export interface RunOptions {
  /** Path of the lab's rubric (`course/rubric/labNN.ts`), or the module itself. */
  checks?: string | ChecksModule;
  /** Also read the rubric's key figures (default true when checks are given). */
  figures?: boolean;
  /** Seed of the checks' inputs (default: fresh for every run). */
  seed?: number;
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
  /** Folders the notebook may read (default `<repo>/data` and `<repo>/lib`; the sandbox runtime is always added). */
  allowRead?: string[];
  /** Extra `deno run` flags (e.g. `--v8-flags=…`). */
  denoFlags?: string[];
  /** Called when a cell starts (for progress lines). */
  onCell?: (index: number) => void;
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

/** Result of {@linkcode runNotebook}. */
export interface RunResult {
  /** One entry per code cell, in order. */
  cells: CellRun[];
  /** Results of the lab's checks, in the rubric's order. */
  checks: CheckResult[];
  /** Key figures from the rubric's `figures(nb)`, if any. */
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
  /** Problems outside the cells (e.g. the notebook could not be compiled). */
  problems: string[];
  /** The seed the checks drew their inputs from (to replay a run). */
  seed: number;
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

/** Most bytes of outputs kept per notebook (the rest is cut, with a note). */
const MAX_OUTPUT_BYTES = 32 << 20;

function appendOutput(outputs: Output[], o: Output): void {
  const last = outputs[outputs.length - 1];
  if (
    o.output_type === "stream" && last?.output_type === "stream" &&
    last.name === o.name
  ) {
    last.text = sourceText(last.text) + sourceText(o.text);
  } else outputs.push(o);
}

async function loadRubric(
  checks: RunOptions["checks"],
): Promise<ChecksModule | undefined> {
  if (!checks) return undefined;
  if (typeof checks !== "string") return checks;
  const path = checks.startsWith("/") ? checks : join(Deno.cwd(), checks);
  return await import(toFileUrl(path).href) as ChecksModule;
}

/**
 * Runs a notebook headless and checks it (see the module doc).
 *
 * @param nb The notebook.
 * @param options Rubric, limits, sandbox.
 * @returns Per-cell outputs, check results, figures, denials, and the
 * executed notebook.
 *
 * @example
 * ```ts ignore
 * import { runNotebook } from "./run_notebook.ts";
 * import { readNotebook } from "../notebook/ipynb.ts";
 *
 * const r = await runNotebook(await readNotebook("notebooks/01_bptt_weather.ipynb"), {
 *   checks: "course/rubric/lab01.ts",
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
  const deadline = t0 + (options.notebookTimeoutMs ?? 900_000);
  const cwd = options.cwd ?? `${REPO_ROOT}/notebooks`;
  const baseUrl = toFileUrl(cwd.endsWith("/") ? cwd : cwd + "/").href;
  const readRoots = [
    ...(options.allowRead ?? [`${REPO_ROOT}/data`, `${REPO_ROOT}/lib`]),
    `${REPO_ROOT}/course/sandbox`,
  ];
  const seed = options.seed ?? crypto.getRandomValues(new Uint32Array(1))[0];
  const rubric = await loadRubric(options.checks);
  const checkDefs = rubric?.checks ?? [];

  const codeIdx = nb.cells.flatMap((c, i) => c.cell_type === "code" ? [i] : []);
  const runs = new Map<number, CellRun>();
  const fresh = (index: number, status: CellRun["status"]): CellRun => ({
    index,
    status,
    outputs: [],
    ms: 0,
    executionCount: null,
  });
  for (const i of codeIdx) runs.set(i, fresh(i, "not-run"));
  const problems: string[] = [];
  const denials: Denial[] = [];
  const checks: CheckResult[] = [];
  let figures: Figures | undefined;
  let figuresError: string | undefined;
  let restarts = 0;
  let timedOut = false;

  const compiled = await compileIsolated({
    baseUrl,
    cells: codeIdx.map((i) => ({
      index: i,
      source: sourceText(nb.cells[i].source),
    })),
  });
  const skipCells = new Set<number>();
  if (options.skipTagged) {
    for (const i of codeIdx) if (isTaggedSkip(nb.cells[i])) skipCells.add(i);
  }
  const killedCells = new Map<number, CellRun>();
  const skipped = (
    c: (typeof checkDefs)[number],
    message: string,
  ): CheckResult => ({
    id: c.id,
    exercise: c.exercise,
    score: 0,
    maxPoints: c.points,
    status: "skipped",
    message,
    ms: 0,
  });

  if (!compiled.ok) {
    problems.push(`the notebook could not be compiled: ${compiled.reason}`);
    for (const c of checkDefs) {
      checks.push(skipped(c, "the notebook could not be compiled"));
    }
  } else {
    const workDir = await Deno.makeTempDir({ prefix: "notebook-run-" });
    let outputBytes = 0;
    let truncated = false;
    try {
      let nextCheck = 0;
      let wantFigures = !!rubric?.figures && options.figures !== false;
      while (nextCheck < checkDefs.length || wantFigures || restarts === 0) {
        const modulePath = `${workDir}/notebook_${restarts}.js`;
        await Deno.writeTextFile(
          modulePath,
          buildModule(compiled.cells as CompiledCell[], {
            runtimeUrl:
              toFileUrl(`${REPO_ROOT}/course/sandbox/runtime.ts`).href,
            config: { skipCells: [...skipCells, ...killedCells.keys()] },
          }),
        );
        let current: CellRun | undefined;
        let last: CellRun | undefined;
        let phase: { cell: number; since: number } | undefined;
        const keep = (target: CellRun | undefined, o: Output) => {
          if (!target) return;
          if (outputBytes > MAX_OUTPUT_BYTES) {
            if (!truncated) {
              truncated = true;
              problems.push(
                `outputs beyond ${MAX_OUTPUT_BYTES >> 20} MiB were dropped`,
              );
            }
            return;
          }
          outputBytes += JSON.stringify(o).length;
          appendOutput(target.outputs, o);
        };
        const displays = new Map<string, Output>();
        let proc: NotebookProcess | undefined = undefined;
        const onReport = (ev: Report) => {
          const i = typeof ev.i === "number" ? ev.i : -1;
          switch (ev.e) {
            case "start": {
              if (!runs.has(i) || killedCells.has(i)) break;
              current = last = fresh(i, "ok");
              runs.set(i, current);
              phase = { cell: i, since: performance.now() };
              proc?.setPhase({ cell: i });
              options.onCell?.(i);
              break;
            }
            case "skip":
              if (runs.has(i) && !killedCells.has(i)) {
                runs.set(i, fresh(i, "skipped"));
              }
              break;
            case "out": {
              const o = ev.o as Output;
              if (typeof o !== "object" || o === null) break;
              const target = i >= 0 ? runs.get(i) : current;
              const id = (o as { transient?: { display_id?: string } })
                .transient?.display_id;
              if (o.output_type === "display_data" && o.transient) {
                delete o.transient;
              }
              keep(target, o);
              if (id && target) {
                displays.set(
                  String(id),
                  target.outputs[target.outputs.length - 1],
                );
              }
              if (
                o.output_type === "error" && target && target.status === "ok"
              ) {
                target.status = "error";
              }
              break;
            }
            case "update": {
              const o = displays.get(String(ev.id));
              if (
                o && o.output_type === "display_data" &&
                typeof ev.data === "object"
              ) {
                o.data = ev.data as Record<string, unknown>;
              }
              break;
            }
            case "end": {
              const r = runs.get(i);
              if (r && !killedCells.has(i)) {
                r.ms = Number(ev.ms) || 0;
                if (ev.ok !== true) r.status = "error";
              }
              current = undefined;
              phase = undefined;
              break;
            }
          }
        };
        proc = await NotebookProcess.start({
          modulePath,
          cwd,
          readRoots,
          workDir,
          denoFlags: options.denoFlags,
          onReport,
          onStray: (name, text) => {
            if (text) {
              keep(current ?? last, { output_type: "stream", name, text });
            }
          },
        });
        let killedFor: "timeout" | "notebook-timeout" | undefined;
        const watchdog = setInterval(() => {
          const t = performance.now();
          if (t > deadline) killedFor = "notebook-timeout";
          else if (phase && t - phase.since > cellLimit) killedFor = "timeout";
          else return;
          proc.kill();
        }, 100);
        const ready = await proc.ready;
        clearInterval(watchdog);
        if (!ready) {
          // The process ended (or was killed) during the cells.
          const status = await proc.exited;
          denials.push(...proc.denials);
          const how = killedFor ? "timeout" : "crashed";
          const why = killedFor
            ? "killed after exceeding the time limit"
            : `the process ended (${
              status.signal
                ? `signal ${status.signal}`
                : `exit code ${status.code}`
            })${tailOf(proc.stderrTail)}`;
          if (phase) {
            const r = runs.get(phase.cell) ?? fresh(phase.cell, how);
            r.status = how;
            r.ms = performance.now() - phase.since;
            r.outputs.push({
              output_type: "error",
              ename: how === "timeout" ? "TimeoutError" : "ProcessExit",
              evalue: `Cell ${phase.cell + 1} ${why}`,
              traceback: [`Cell ${phase.cell + 1} ${why}`],
            });
            killedCells.set(phase.cell, r);
          } else {
            problems.push(`loading the notebook module: ${why}`);
            break;
          }
          if (
            killedFor === "notebook-timeout" || performance.now() > deadline
          ) {
            timedOut = true;
            break;
          }
          restarts++;
          continue;
        }
        // The cells ran: the checks ask the notebook, from here.
        const student = new StudentNotebook(proc);
        let restart = false;
        while (nextCheck < checkDefs.length) {
          const def = checkDefs[nextCheck++];
          if (performance.now() > deadline) {
            timedOut = true;
            checks.push(skipped(def, "the notebook's time limit was reached"));
            continue;
          }
          proc.setPhase({ check: def.id });
          const r = await runCheck(def, student, {
            timeoutMs: Math.min(
              def.timeoutMs ?? options.checkTimeoutMs ?? 30_000,
              deadline - performance.now(),
            ),
            runSeed: seed,
          });
          checks.push(r);
          if (!proc.gone) {
            await student.release().catch(() => {});
          }
          if (proc.gone) {
            restart = true;
            break;
          }
        }
        if (!restart && wantFigures && rubric?.figures) {
          wantFigures = false;
          proc.setPhase({});
          student.deadline = performance.now() + cellLimit;
          try {
            figures = await rubric.figures(student);
          } catch (e) {
            figuresError = e instanceof Error
              ? `${e.name}: ${e.message}`
              : String(e);
          }
        }
        wantFigures = wantFigures && restart;
        if (!proc.gone) await proc.close();
        else await proc.exited;
        denials.push(...proc.denials);
        if (!restart || timedOut) break;
        if (performance.now() > deadline) {
          timedOut = true;
          for (const def of checkDefs.slice(nextCheck)) {
            checks.push(skipped(def, "the notebook's time limit was reached"));
          }
          break;
        }
        restarts++;
      }
    } finally {
      await Deno.remove(workDir, { recursive: true }).catch(() => {});
    }
    if (timedOut) {
      problems.push(
        `notebook exceeded its time limit of ${
          options.notebookTimeoutMs ?? 900_000
        } ms`,
      );
    }
  }
  for (const def of checkDefs.slice(checks.length)) {
    checks.push(skipped(def, "not run"));
  }
  for (const [i, r] of killedCells) runs.set(i, r);
  if (compiled.ok) {
    for (const c of compiled.cells) {
      const r = runs.get(c.index)!;
      // A cell that did not compile reports its own error; keep it marked.
      if (c.syntaxError && r.status === "ok") r.status = "error";
    }
  }
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
    seed,
  };
}

function tailOf(stderr: string): string {
  // deno-lint-ignore no-control-regex
  const lines = stderr.replace(/\x1b\[[0-9;]*m/g, "").trim().split("\n")
    .filter((l) => l && !l.includes("Permission broker is an experimental"));
  const error = lines.find((l) => /^error|Error:/.test(l.trim()));
  const picked = [...new Set([error, ...lines.slice(-2)])].filter((l) => l);
  return picked.length ? ": " + picked.join(" | ").slice(0, 300) : "";
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

/**
 * Compiles a notebook's code cells in a process of their own
 * (`compile_main.ts`), with a time and memory limit, so that no notebook can
 * crash or stall the grader through the compiler.
 *
 * @module
 */
import type { CompiledCell } from "../notebook/compile.ts";
import type { CompileJob } from "./compile_main.ts";
import { REPO_ROOT } from "./repo_root.ts";

/** Outcome of {@linkcode compileIsolated}. */
export type CompileOutcome =
  | { ok: true; cells: CompiledCell[] }
  | { ok: false; reason: string };

/**
 * Compiles the cells of `job` in a separate Deno process.
 *
 * @param job Cells and base URL.
 * @param options `timeoutMs` (default 60 000), `maxMemoryMb` (default 2048).
 * @returns The compiled cells, or why the compiler process failed (killed,
 * crashed, or answered something that is not a list of compiled cells).
 *
 * @example
 * ```ts ignore
 * import { compileIsolated } from "./compile_isolated.ts";
 * const r = await compileIsolated({ baseUrl: "file:///nb/", cells: [{ index: 0, source: "1 + 1" }] });
 * ```
 */
export async function compileIsolated(
  job: CompileJob,
  options: { timeoutMs?: number; maxMemoryMb?: number } = {},
): Promise<CompileOutcome> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--no-prompt",
      "--no-lock",
      `--config=${REPO_ROOT}/deno.json`,
      "--allow-read",
      "--allow-env",
      `--v8-flags=--max-old-space-size=${options.maxMemoryMb ?? 2048}`,
      `${REPO_ROOT}/course/runner/compile_main.ts`,
    ],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => {
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
  }, options.timeoutMs ?? 60_000);
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(job)))
    .catch(() => {});
  await writer.close().catch(() => {});
  const out = await child.output().catch(() => undefined);
  clearTimeout(timer);
  if (!out || !out.success) {
    return {
      ok: false,
      reason: out?.signal === "SIGKILL"
        ? "the compiler was stopped after its time limit"
        : `the compiler process failed (exit code ${out?.code ?? "?"})`,
    };
  }
  try {
    const cells = JSON.parse(new TextDecoder().decode(out.stdout));
    if (!Array.isArray(cells) || cells.length !== job.cells.length) {
      throw new TypeError("wrong length");
    }
    return { ok: true, cells };
  } catch {
    return { ok: false, reason: "the compiler process answered garbage" };
  }
}

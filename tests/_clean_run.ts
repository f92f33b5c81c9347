/**
 * The assertion every lab test makes of a solution notebook's headless run:
 * no cell failed, nothing went wrong around the cells, no permission was
 * denied, and every exercise check passed.
 *
 * @example
 * ```ts
 * import { assertCleanRun } from "./_clean_run.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const run = { cells: [], problems: [], denials: [], checks: [{ id: "ex1", status: "fail", message: "wrong" }] };
 * // @ts-ignore: a minimal run literal
 * assertThrows(() => assertCleanRun(run));
 * ```
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import type { RunResult } from "../course/runner/run_notebook.ts";

/** Fails naming the failed cells (index, status, start of outputs), problems, denials and failed checks. */
export function assertCleanRun(r: RunResult): void {
  assertEquals(
    r.cells.filter((c) => c.status !== "ok").map((
      c,
    ) => [c.index, c.status, JSON.stringify(c.outputs).slice(0, 300)]),
    [],
  );
  assertEquals(r.problems, []);
  assertEquals(r.denials, []);
  assertEquals(
    r.checks.filter((c) => c.status !== "pass").map((c) => [c.id, c.message]),
    [],
  );
}

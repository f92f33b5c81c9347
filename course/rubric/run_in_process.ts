/**
 * Runs a rubric's checks against a namespace held in this process, through
 * the same request server the sandbox uses (`course/sandbox/server.ts`), with
 * every request and answer passed through JSON as on the wire. For the tests
 * of a rubric (planted mistakes, reference namespaces built in TypeScript);
 * grading always uses the sandboxed process (`course/runner/run_notebook.ts`).
 *
 * @module
 */
import {
  type CheckResult,
  type ExerciseCheck,
  type Figures,
  runCheck,
} from "./checks.ts";
import { StudentNotebook } from "../runner/remote.ts";
import { answer, makeServer, type Namespace } from "../sandbox/server.ts";
import type { Request } from "../sandbox/wire.ts";

/**
 * A {@linkcode StudentNotebook} answering from `ns` in this process.
 *
 * @param ns Top-level names and values, as a notebook would define them.
 * @returns The notebook view the checks use.
 *
 * @example
 * ```ts
 * import { inProcessNotebook } from "./run_in_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = inProcessNotebook({ double: (x: number) => 2 * x });
 * assertEquals(await (await nb.needFunction("double")).call(21), 42);
 * ```
 */
export function inProcessNotebook(ns: Namespace): StudentNotebook {
  const server = makeServer(ns);
  return new StudentNotebook({
    async request(req) {
      try {
        const v = await answer(
          server,
          JSON.parse(JSON.stringify(req)) as Request,
        );
        return JSON.parse(JSON.stringify({ ok: true, v }));
      } catch (e) {
        return {
          ok: false,
          error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        };
      }
    },
  });
}

/**
 * Runs checks one after the other against `ns` (see the module doc).
 *
 * @param checks The checks.
 * @param ns The namespace.
 * @param options `runSeed` of the checks' inputs, `timeoutMs` per check.
 * @returns One result per check, in order.
 *
 * @example A failing check scores zero
 * ```ts
 * import { runChecks } from "./run_in_process.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [r] = await runChecks([{ id: "a", exercise: "E", points: 1, run() { throw new Error("no"); } }], {});
 * assertEquals([r.status, r.score, r.message], ["fail", 0, "Error: no"]);
 * ```
 */
export async function runChecks(
  checks: readonly ExerciseCheck[],
  ns: Namespace,
  options: { runSeed?: number; timeoutMs?: number } = {},
): Promise<CheckResult[]> {
  const nb = inProcessNotebook(ns);
  const out: CheckResult[] = [];
  for (const c of checks) out.push(await runCheck(c, nb, options));
  return out;
}

/**
 * A rubric's figures read from `ns` in this process.
 *
 * @param figures The rubric's `figures`.
 * @param ns The namespace.
 * @returns The figures.
 */
export function figuresOf(
  figures: (nb: StudentNotebook) => Promise<Figures>,
  ns: Namespace,
): Promise<Figures> {
  return figures(inProcessNotebook(ns));
}

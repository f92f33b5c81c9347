/**
 * Exercise checks: the contract between a lab's checks module
 * (`tests/checks/labNN.ts`) and the tools that run them (`deno test`,
 * `deno task labs`, `deno task grade`).
 *
 * A checks module exports `checks: ExerciseCheck[]` and optionally
 * `figures(ns)`. Each check receives the namespace of the executed notebook:
 * the values of its top-level `const`/`let`/`var`/`function`/`class`
 * declarations and imports, by name.
 *
 * @example A checks module
 * ```ts
 * import { type ExerciseCheck, need, runChecks } from "./checks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const checks: ExerciseCheck[] = [{
 *   id: "ex1.double",
 *   exercise: "Exercise 1",
 *   points: 2,
 *   run(ns) {
 *     const double = need<(x: number) => number>(ns, "double", "function");
 *     assertEquals(double(21), 42);
 *   },
 * }];
 * const [result] = await runChecks(checks, { double: (x: number) => 2 * x });
 * assertEquals(result.status, "pass");
 * assertEquals(result.score, 2);
 * ```
 *
 * @module
 */

/** The executed notebook's top-level names and their values. */
export type Namespace = Record<string, unknown>;

/** One graded check of one exercise. */
export interface ExerciseCheck {
  /** Unique id, `ex<N>.<what>`, e.g. `"ex3.split"`. */
  id: string;
  /** Exercise it grades, as titled in the notebook, e.g. `"Exercise 3"`. */
  exercise: string;
  /** Points given when the check passes (all or nothing). */
  points: number;
  /** One line saying what is checked (shown in reports). */
  description?: string;
  /** Time limit in milliseconds (default: the runner's per-check limit). */
  timeoutMs?: number;
  /** Throws (e.g. an `@std/assert` error) when the exercise is wrong. */
  run(ns: Namespace): void | Promise<void>;
}

/** Key figures of a lab run, by label (e.g. `"test RMSE (°C)": 1.48`). */
export type Figures = Record<string, number | string | boolean | null>;

/** What a lab's checks module (`tests/checks/labNN.ts`) exports. */
export interface ChecksModule {
  /** The checks, in report order. */
  checks: ExerciseCheck[];
  /** Key figures read from the executed notebook (optional). */
  figures?: (ns: Namespace) => Figures | Promise<Figures>;
}

/** Outcome of one check. */
export interface CheckResult {
  id: string;
  exercise: string;
  /** Points obtained: `maxPoints` on pass, else 0. */
  score: number;
  maxPoints: number;
  /** `fail`: threw; `timeout`: exceeded its limit; `skipped`: not run (e.g. the notebook crashed). */
  status: "pass" | "fail" | "timeout" | "skipped";
  /** Why it failed (first line of the error). */
  message?: string;
  /** Wall time of the check. */
  ms: number;
}

/**
 * Reads a top-level name of the executed notebook, failing with a message a
 * learner understands when it is missing or of the wrong kind.
 *
 * @param ns The notebook's namespace.
 * @param name The variable, function or class name.
 * @param kind Expected `typeof` (`"function"` also covers classes).
 * @returns The value, typed as the caller says.
 * @throws {ReferenceError} If the notebook did not define `name`.
 * @throws {TypeError} If the value has another type.
 *
 * @example
 * ```ts
 * import { need } from "./checks.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(need<number>({ n: 3 }, "n", "number"), 3);
 * assertThrows(() => need({}, "n"), ReferenceError, "does not define `n`");
 * ```
 */
export function need<T = unknown>(
  ns: Namespace,
  name: string,
  kind?: "function" | "number" | "string" | "object" | "boolean",
): T {
  if (!(name in ns) || ns[name] === undefined) {
    throw new ReferenceError(
      `The notebook does not define \`${name}\` (was its cell deleted, moved below its use, or did it fail?)`,
    );
  }
  const value = ns[name];
  if (kind && typeof value !== kind) {
    throw new TypeError(`\`${name}\` must be a ${kind}, got ${typeof value}`);
  }
  return value as T;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  // Assertion messages run over several lines (diffs); keep them readable but bounded.
  return text.length > 600 ? text.slice(0, 600) + " …" : text;
}

/**
 * Runs checks one after the other against a namespace. Async checks that
 * exceed their limit are reported as `timeout` (a synchronous endless loop
 * cannot be interrupted here: the headless runner's watchdog handles it).
 *
 * @param checks The checks.
 * @param ns The executed notebook's namespace.
 * @param options `timeoutMs`: default per-check limit (30 s); `skip`: ids not to run.
 * @returns One result per check, in order.
 *
 * @example A failing check scores zero
 * ```ts
 * import { runChecks } from "./checks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [r] = await runChecks([{ id: "a", exercise: "E", points: 1, run() { throw new Error("no") } }], {});
 * assertEquals([r.status, r.score, r.message], ["fail", 0, "Error: no"]);
 * ```
 */
export async function runChecks(
  checks: readonly ExerciseCheck[],
  ns: Namespace,
  options: { timeoutMs?: number; skip?: ReadonlySet<string> } = {},
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(await runCheck(check, ns, options));
  return results;
}

/**
 * Runs one check (see {@linkcode runChecks}).
 *
 * @param check The check.
 * @param ns The namespace.
 * @param options `timeoutMs` default limit; `skip` ids reported as skipped.
 * @returns Its result.
 *
 * @example
 * ```ts
 * import { runCheck } from "./checks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const r = await runCheck({ id: "a", exercise: "E", points: 1, run() {} }, {});
 * assertEquals(r.score, 1);
 * ```
 */
export async function runCheck(
  check: ExerciseCheck,
  ns: Namespace,
  options: { timeoutMs?: number; skip?: ReadonlySet<string> } = {},
): Promise<CheckResult> {
  const base = {
    id: check.id,
    exercise: check.exercise,
    maxPoints: check.points,
  };
  if (options.skip?.has(check.id)) {
    return { ...base, score: 0, status: "skipped", message: "not run", ms: 0 };
  }
  const limit = check.timeoutMs ?? options.timeoutMs ?? 30_000;
  const t0 = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), limit);
    });
    const outcome = await Promise.race([
      Promise.resolve().then(() => check.run(ns)),
      timeout,
    ]);
    const ms = performance.now() - t0;
    if (outcome === "timeout") {
      return {
        ...base,
        score: 0,
        status: "timeout",
        message: `exceeded ${limit} ms`,
        ms,
      };
    }
    return { ...base, score: check.points, status: "pass", ms };
  } catch (e) {
    return {
      ...base,
      score: 0,
      status: "fail",
      message: firstLine(e),
      ms: performance.now() - t0,
    };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Sums check results per exercise.
 *
 * @param results Check results.
 * @returns Exercise title → `{ score, maxPoints }`, in first-seen order.
 *
 * @example
 * ```ts
 * import { exerciseScores } from "./checks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const s = exerciseScores([
 *   { id: "a", exercise: "E1", score: 1, maxPoints: 1, status: "pass", ms: 0 },
 *   { id: "b", exercise: "E1", score: 0, maxPoints: 2, status: "fail", ms: 0 },
 * ]);
 * assertEquals(s.get("E1"), { score: 1, maxPoints: 3 });
 * ```
 */
export function exerciseScores(
  results: readonly CheckResult[],
): Map<string, { score: number; maxPoints: number }> {
  const out = new Map<string, { score: number; maxPoints: number }>();
  for (const r of results) {
    const e = out.get(r.exercise) ?? { score: 0, maxPoints: 0 };
    e.score += r.score;
    e.maxPoints += r.maxPoints;
    out.set(r.exercise, e);
  }
  return out;
}

/**
 * Exercise checks: the contract between a lab's rubric
 * (`course/rubric/labNN.ts`) and the tools that run it (`deno test`,
 * `deno task labs`, `deno task grade`).
 *
 * A rubric exports `checks: ExerciseCheck[]` and optionally `figures(nb)`.
 * Checks run in the grader's process, never in the student's: each one
 * receives a {@linkcode StudentNotebook} through which it asks the sandboxed
 * notebook to evaluate the student's functions on inputs the check chose
 * (fresh for every run, from `seeds`), gets plain data back, and compares it
 * with its own reference. A check passes unless it throws; its points are all
 * or nothing.
 *
 * @example A rubric with one check
 * ```ts ignore
 * import type { ExerciseCheck } from "./checks.ts";
 * import { assertEquals } from "@std/assert";
 *
 * export const checks: ExerciseCheck[] = [{
 *   id: "ex1.double",
 *   exercise: "Exercise 1",
 *   points: 2,
 *   async run(nb, seeds) {
 *     const double = await nb.needFunction("double");
 *     const x = seeds.next() % 1000;
 *     assertEquals(await double.call(x), 2 * x);
 *   },
 * }];
 * ```
 *
 * @module
 */
import { NoAnswer } from "../runner/notebook_process.ts";
import { StudentError, type StudentNotebook } from "../runner/remote.ts";
import { MalformedAnswer } from "../runner/wire_decode.ts";

export type { StudentNotebook } from "../runner/remote.ts";

/** Fresh seeds for one check: derived from the run's seed and the check id. */
export interface Seeds {
  /** The next seed, a non-negative 31-bit integer. */
  next(): number;
}

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
  run(nb: StudentNotebook, seeds: Seeds): Promise<void>;
}

/** Key figures of a lab run, by label (e.g. `"test RMSE (°C)": 1.48`). */
export type Figures = Record<string, number | string | boolean | null>;

/** What a lab's rubric (`course/rubric/labNN.ts`) exports. */
export interface ChecksModule {
  /** The checks, in report order. */
  checks: ExerciseCheck[];
  /** Key figures read from the executed notebook (optional, not graded). */
  figures?: (nb: StudentNotebook) => Promise<Figures>;
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
  /** Why it failed (bounded; the student's own text only as quoted there). */
  message?: string;
  /** Wall time of the check. */
  ms: number;
}

/**
 * The seeds of one check: a SplitMix32 stream keyed by the run's seed and
 * the check's id, so that every run draws new inputs and `--seed` replays one.
 *
 * @param runSeed The run's seed.
 * @param id The check id.
 * @returns The check's seed stream.
 *
 * @example
 * ```ts
 * import { checkSeeds } from "./checks.ts";
 * import { assertEquals, assertNotEquals } from "@std/assert";
 *
 * assertEquals(checkSeeds(1, "a").next(), checkSeeds(1, "a").next());
 * assertNotEquals(checkSeeds(1, "a").next(), checkSeeds(2, "a").next());
 * ```
 */
export function checkSeeds(runSeed: number, id: string): Seeds {
  let state = runSeed >>> 0;
  for (let i = 0; i < id.length; i++) {
    state = Math.imul(state ^ id.charCodeAt(i), 0x9e3779b1) >>> 0;
  }
  return {
    next() {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad) >>> 0;
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97) >>> 0;
      return (z ^ (z >>> 15)) >>> 1;
    },
  };
}

function message(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  // Assertion messages run over several lines (diffs); keep them readable but bounded.
  return text.length > 600 ? text.slice(0, 600) + " …" : text;
}

/**
 * Runs one check against a notebook, within its time limit. Never throws:
 * a failure, a timeout or a broken answer is the check's result.
 *
 * @param check The check.
 * @param nb The student's notebook (its process must be alive).
 * @param options `timeoutMs` (default 30 s), `runSeed` (default random).
 * @returns Its result. On `timeout`, the notebook process has been killed.
 */
export async function runCheck(
  check: ExerciseCheck,
  nb: StudentNotebook,
  options: { timeoutMs?: number; runSeed?: number } = {},
): Promise<CheckResult> {
  const base = {
    id: check.id,
    exercise: check.exercise,
    maxPoints: check.points,
  };
  const limit = check.timeoutMs ?? options.timeoutMs ?? 30_000;
  const t0 = performance.now();
  nb.deadline = t0 + limit;
  const seeds = checkSeeds(
    options.runSeed ?? crypto.getRandomValues(new Uint32Array(1))[0],
    check.id,
  );
  try {
    await check.run(nb, seeds);
    return {
      ...base,
      score: check.points,
      status: "pass",
      ms: performance.now() - t0,
    };
  } catch (e) {
    const ms = performance.now() - t0;
    if (e instanceof NoAnswer && e.kind === "timeout") {
      return {
        ...base,
        score: 0,
        status: "timeout",
        message: `exceeded ${limit} ms`,
        ms,
      };
    }
    const known = e instanceof NoAnswer || e instanceof MalformedAnswer ||
      e instanceof StudentError;
    return {
      ...base,
      score: 0,
      status: "fail",
      message: known ? `${(e as Error).message}` : message(e),
      ms,
    };
  } finally {
    nb.deadline = Infinity;
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

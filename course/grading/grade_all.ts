/**
 * Grading many notebooks: `jobs` at a time (each in its own sandboxed
 * process), reports in submission order whatever the order they finish in,
 * and a deterministic share of the submissions for one of several machines
 * (`shard`).
 *
 * @module
 */
import { pooledMap } from "@std/async/pool";
import {
  gradeNotebook,
  type GradeOptions,
  type GradeReport,
  refusedReport,
} from "./grade.ts";
import type { Submission } from "./submissions.ts";

/** Progress of a grading run. */
export interface GradeProgress {
  done: number;
  total: number;
  /** The submission that just finished. */
  last: GradeReport;
  /** Estimated milliseconds left. */
  etaMs: number;
}

/**
 * The `k`-th of `n` deterministic parts of the submissions (1-based): every
 * `n`-th submission in path order, starting with the `k`-th. The parts of
 * `k = 1 … n` cover every submission exactly once.
 *
 * @param subs The submissions.
 * @param k Which part, 1 … n.
 * @param n How many parts.
 * @returns The part, in path order.
 * @throws {RangeError} If `k` is not in 1 … n.
 *
 * @example
 * ```ts
 * import { shardOf } from "./grade_all.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const subs = ["d", "a", "c", "b"].map((path) => ({ path }));
 * assertEquals(shardOf(subs, 1, 2).map((s) => s.path), ["a", "c"]);
 * assertEquals(shardOf(subs, 2, 2).map((s) => s.path), ["b", "d"]);
 * ```
 */
export function shardOf<T extends { path: string }>(
  subs: readonly T[],
  k: number,
  n: number,
): T[] {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(k) || k < 1 || k > n) {
    throw new RangeError(`--shard K/N needs 1 ≤ K ≤ N, got ${k}/${n}`);
  }
  return [...subs].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  )
    .filter((_, i) => i % n === k - 1);
}

/**
 * Grades submissions, `jobs` at a time.
 *
 * @param subs The submissions (refused ones get their row without running).
 * @param options Grading options, plus `jobs` (default: the number of CPUs)
 * and `onProgress` (called after each notebook).
 * @returns The reports, in the order of `subs`.
 *
 * @example
 * ```ts ignore
 * import { gradeAll } from "./grade_all.ts";
 * import { findSubmissions } from "./submissions.ts";
 * const reports = await gradeAll(await findSubmissions(["submissions/"]), { jobs: 2 });
 * ```
 */
export async function gradeAll(
  subs: readonly Submission[],
  options: GradeOptions & {
    jobs?: number;
    onProgress?: (p: GradeProgress) => void;
  } = {},
): Promise<GradeReport[]> {
  const jobs = Math.max(1, options.jobs ?? navigator.hardwareConcurrency ?? 1);
  const out: GradeReport[] = new Array(subs.length);
  const t0 = performance.now();
  let done = 0;
  const results = pooledMap(
    jobs,
    subs.map((s, i) => [s, i] as const),
    async ([s, i]) => {
      const r = s.refused
        ? refusedReport(s)
        : await gradeNotebook(s.path, options);
      out[i] = r;
      done++;
      const elapsed = performance.now() - t0;
      options.onProgress?.({
        done,
        total: subs.length,
        last: r,
        etaMs: (elapsed / done) * (subs.length - done),
      });
      return r;
    },
  );
  for await (const _ of results) { /* drained: reports land in `out` */ }
  return out;
}

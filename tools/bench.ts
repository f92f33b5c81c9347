/**
 * `deno task bench`: runs `deno bench --json` on the repository and prints
 * one JSON line per benchmark, `{"bench": name, "seconds": s}`, where `s` is
 * the mean time per iteration. Extra arguments (files, `--filter`) are passed
 * on to `deno bench`; without any, the grading runs are timed too
 * (`tests/bench/grading_timings.ts`, one real run each, plus the speed-up of
 * `--jobs 2`).
 *
 * @module
 */

/** One benchmark's entry in `deno bench --json` output (times in ns). */
interface BenchEntry {
  name: string;
  results: { ok?: { avg: number; n: number }; failed?: unknown }[];
}

/**
 * Converts `deno bench --json` output to `{bench, seconds}` lines.
 *
 * @param json The report printed by `deno bench --json`.
 * @returns One line per benchmark that ran, and the names of those that failed.
 *
 * @example
 * ```ts
 * import { benchLines } from "./bench.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { lines } = benchLines('{"benches":[{"name":"a","results":[{"ok":{"avg":2500000,"n":9}}]}]}');
 * assertEquals(lines, ['{"bench":"a","seconds":0.0025}']);
 * ```
 */
export function benchLines(
  json: string,
): { lines: string[]; failed: string[] } {
  const report = JSON.parse(json) as { benches: BenchEntry[] };
  const lines: string[] = [];
  const failed: string[] = [];
  for (const b of report.benches) {
    const ok = b.results.find((r) => r.ok)?.ok;
    if (ok) {
      lines.push(JSON.stringify({ bench: b.name, seconds: ok.avg / 1e9 }));
    } else failed.push(b.name);
  }
  return { lines, failed };
}

if (import.meta.main) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bench",
      "--json",
      "--allow-read",
      "--allow-env",
      "--allow-run",
      "--allow-net",
      "--allow-write=/tmp",
      ...Deno.args,
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  // Benchmarks may print (the lab notebooks they run do): the report is the last `{"version": …}` object.
  const start = text.lastIndexOf('{\n  "version"');
  if (start < 0) {
    console.error("deno bench printed no JSON report");
    Deno.exit(out.code || 1);
  }
  const { lines, failed } = benchLines(text.slice(start));
  for (const l of lines) console.log(l);
  // Grading runs are timed once each by their own script (not `deno bench`'s iterations).
  let timingsOk = true;
  if (Deno.args.length === 0) {
    const timings = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-read",
        "--allow-env",
        "--allow-run",
        "--allow-net",
        "--allow-write=/tmp",
        "tests/bench/grading_timings.ts",
      ],
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    timingsOk = timings.success;
  }
  if (failed.length) console.error(`failed benchmarks: ${failed.join(", ")}`);
  Deno.exit(out.code !== 0 || failed.length || !timingsOk ? 1 : 0);
}

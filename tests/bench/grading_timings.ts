/**
 * Grading throughput, for `deno task bench`: eight solution notebooks (labs
 * 01, 02 and 03, copied as eight students) graded with `--jobs 1` and
 * `--jobs 2`, and one untouched handout graded in full. Each is one real
 * run of tens of seconds, timed once: `deno bench`'s repeated, calibrated
 * iterations are for micro-benchmarks, so `tools/bench.ts` runs this script
 * itself. Prints `{"bench": name, "seconds": s}` lines and the speed-up.
 *
 * @module
 */
import { join } from "@std/path";
import { REPO_ROOT } from "../../course/runner/repo_root.ts";
import { gradeCli } from "../_grade_cli.ts";

const LABS = [
  "01_bptt_weather",
  "02_rnn_from_scratch",
  "03_sine_wave_rnn",
  "01_bptt_weather",
  "02_rnn_from_scratch",
  "03_sine_wave_rnn",
  "01_bptt_weather",
  "02_rnn_from_scratch",
];

/** Seconds one `deno task grade` run takes (it must succeed). */
async function timeGrade(classDir: string, ...args: string[]): Promise<number> {
  const out = join(classDir, `out-${crypto.randomUUID()}`, "gradebook.csv");
  const t0 = performance.now();
  const { code, log } = await gradeCli("--seed", "1", "--out", out, ...args);
  const seconds = (performance.now() - t0) / 1000;
  if (code !== 0) throw new Error(`grade ${args.join(" ")} failed:\n${log}`);
  return seconds;
}

if (import.meta.main) {
  const classDir = await Deno.makeTempDir({ prefix: "grade-bench-" });
  const students = LABS.map((_, k) => join(classDir, `student${k + 1}`));
  for (const [k, lab] of LABS.entries()) {
    await Deno.mkdir(students[k], { recursive: true });
    await Deno.copyFile(
      join(REPO_ROOT, "notebooks", `${lab}.ipynb`),
      join(students[k], `${lab}.ipynb`),
    );
  }
  const seconds: Record<string, number> = {};
  for (const jobs of [1, 2]) {
    seconds[`grade_8_solutions_jobs${jobs}`] = await timeGrade(
      classDir,
      "--jobs",
      String(jobs),
      ...students,
    );
  }
  // Graded in full (not recognised as a handout), as the checks see it.
  seconds.grade_untouched_handout_lab01 = await timeGrade(
    classDir,
    "--handouts-dir",
    classDir,
    join(REPO_ROOT, "handouts/01_bptt_weather.ipynb"),
  );
  for (const [bench, s] of Object.entries(seconds)) {
    console.log(JSON.stringify({ bench, seconds: s }));
  }
  console.log(JSON.stringify({
    bench: "grade_8_solutions_jobs2_speedup",
    ratio: seconds.grade_8_solutions_jobs1 / seconds.grade_8_solutions_jobs2,
  }));
  await Deno.remove(classDir, { recursive: true });
}

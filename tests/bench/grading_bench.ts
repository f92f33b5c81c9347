/**
 * Grading throughput (`deno task bench`): eight solution notebooks (labs 01,
 * 02 and 03, copied as eight students) graded with `--jobs 1` and
 * `--jobs 2`, and one untouched handout graded in full. One run each: a
 * run takes tens of seconds.
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

const classDir = await Deno.makeTempDir({ prefix: "grade-bench-" });
for (const [k, lab] of LABS.entries()) {
  await Deno.mkdir(join(classDir, `student${k + 1}`), { recursive: true });
  await Deno.copyFile(
    join(REPO_ROOT, "notebooks", `${lab}.ipynb`),
    join(classDir, `student${k + 1}`, `${lab}.ipynb`),
  );
}

/**
 * The function of a benchmark measured once: `deno bench` always runs one
 * warm-up call, which here returns at once (a grading run is no micro-benchmark).
 */
function once(fn: () => Promise<void>): () => Promise<void> {
  let calls = 0;
  return () => calls++ === 0 ? Promise.resolve() : fn();
}

async function grade(...args: string[]): Promise<void> {
  const out = join(classDir, `out-${crypto.randomUUID()}`, "gradebook.csv");
  const { code, log } = await gradeCli("--seed", "1", "--out", out, ...args);
  if (code !== 0) throw new Error(`grade ${args.join(" ")} failed:\n${log}`);
}

for (const jobs of [1, 2]) {
  Deno.bench({
    name: `grade_8_solutions_jobs${jobs}`,
    n: 1,
    warmup: 0,
    fn: once(() =>
      grade(
        "--jobs",
        String(jobs),
        ...LABS.map((_, k) => join(classDir, `student${k + 1}`)),
      )
    ),
  });
}

Deno.bench({
  name: "grade_untouched_handout_lab01",
  n: 1,
  warmup: 0,
  // Graded in full (not recognised as a handout), as the checks see it.
  fn: once(() =>
    grade(
      "--handouts-dir",
      classDir,
      join(REPO_ROOT, "handouts/01_bptt_weather.ipynb"),
    )
  ),
});

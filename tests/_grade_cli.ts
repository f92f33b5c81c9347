/**
 * Runs `tools/grade.ts` as a grader would, in a subprocess with the
 * permissions of `deno task test` (writes to /tmp only), for the tests and
 * benchmarks of grading.
 *
 * @example
 * ```ts ignore
 * import { gradeCli } from "./_grade_cli.ts";
 * const { code, log } = await gradeCli("--out", "/tmp/g/gradebook.csv", "submissions/");
 * ```
 *
 * @module
 */
import { REPO_ROOT } from "../course/runner/repo_root.ts";

/** Exit code and everything printed (stdout then stderr). */
export interface GradeCliResult {
  code: number;
  log: string;
}

/**
 * `deno run … tools/grade.ts <args>` from the repository root.
 *
 * @param args The grade command's arguments.
 * @returns Its exit code and output.
 */
export async function gradeCli(...args: string[]): Promise<GradeCliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-write=/tmp",
      "--allow-env",
      "--allow-run",
      "--allow-net",
      `${REPO_ROOT}/tools/grade.ts`,
      ...args,
    ],
    cwd: REPO_ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  return {
    code: out.code,
    log: new TextDecoder().decode(out.stdout) +
      new TextDecoder().decode(out.stderr),
  };
}

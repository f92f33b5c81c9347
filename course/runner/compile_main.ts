/**
 * Entry point of the compile process (`compile_isolated.ts` starts it): reads
 * `{ baseUrl, cells: [{ index, source }] }` as JSON on stdin and writes the
 * compiled cells as JSON on stdout. It runs apart from the grader so that a
 * notebook crafted to exhaust the compiler (a cell nested 60 000 brackets
 * deep, a huge cell) costs that notebook only.
 *
 * @module
 */
import { compileCell, type CompiledCell } from "../notebook/compile.ts";

/** What the compile process reads on stdin. */
export interface CompileJob {
  /** URL of the folder relative imports resolve against (ends in `/`). */
  baseUrl: string;
  /** Code cells: notebook index and source. */
  cells: { index: number; source: string }[];
}

/**
 * Compiles every cell of a job (one cell's failure is that cell's syntax error).
 *
 * @param job The cells and their base URL.
 * @returns The compiled cells, in order.
 *
 * @example
 * ```ts
 * import { compileJob } from "./compile_main.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const [c] = await compileJob({ baseUrl: "file:///nb/", cells: [{ index: 0, source: "const a = 1" }] });
 * assertEquals(c.names, ["a"]);
 * ```
 */
export async function compileJob(job: CompileJob): Promise<CompiledCell[]> {
  const out: CompiledCell[] = [];
  for (const c of job.cells) {
    out.push(await compileCell(c.source, c.index, job.baseUrl));
  }
  return out;
}

if (import.meta.main) {
  const text = await new Response(Deno.stdin.readable).text();
  const cells = await compileJob(JSON.parse(text));
  const bytes = new TextEncoder().encode(JSON.stringify(cells));
  let off = 0;
  while (off < bytes.length) off += Deno.stdout.writeSync(bytes.subarray(off));
}

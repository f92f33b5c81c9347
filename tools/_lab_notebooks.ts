/**
 * The lab notebooks the tools run by default: `notebooks/NN_*.ipynb`, sorted.
 *
 * @example
 * ```ts ignore
 * import { labNotebooks } from "./_lab_notebooks.ts";
 * console.log(await labNotebooks()); // [".../notebooks/00_tour.ipynb", …]
 * ```
 *
 * @module
 */
import { join } from "@std/path";
import { REPO_ROOT } from "../course/runner/repo_root.ts";

/** Absolute paths of `notebooks/NN_*.ipynb`, sorted. */
export async function labNotebooks(): Promise<string[]> {
  const files: string[] = [];
  for await (const e of Deno.readDir(join(REPO_ROOT, "notebooks"))) {
    if (e.isFile && /^\d\d_.*\.ipynb$/.test(e.name)) {
      files.push(join(REPO_ROOT, "notebooks", e.name));
    }
  }
  return files.sort();
}

/**
 * Where the bundled data sets lie, independent of the working directory.
 *
 * @module
 */

/**
 * The file URL of a bundled data set in `data/` (see `data/README.md`), found
 * from this module's location: it resolves the same whether the kernel starts
 * in the repository root or in `notebooks/`, and needs no more than read
 * access to `data/`.
 *
 * @param name File name inside `data/`, e.g. `"pollution.csv"`.
 * @throws {TypeError} for names that would leave `data/`.
 *
 * @example
 * ```ts
 * import { dataFile } from "./data_file.ts";
 * import { assert } from "@std/assert";
 *
 * assert(dataFile("pollution.csv").pathname.endsWith("/data/pollution.csv"));
 * ```
 */
export function dataFile(name: string): URL {
  if (name.includes("/") || name.includes("\\") || name.startsWith(".")) {
    throw new TypeError(
      `dataFile: expected a file name inside data/, got ${
        JSON.stringify(name)
      }`,
    );
  }
  return new URL(`../../data/${name}`, import.meta.url);
}

/**
 * Where lab 1's data file lies, independent of the working directory.
 *
 * @module
 */

/**
 * The bundled Beijing PM2.5 file `data/pollution.csv` (43824 hourly rows,
 * see `data/README.md`), as a file URL found from this module's location, so
 * it resolves the same whether the kernel starts in the repository root or
 * in `notebooks/`, and without asking for more than read access to `data/`.
 *
 * @example
 * ```ts
 * import { POLLUTION_CSV } from "./pollution_csv.ts";
 * import { assert } from "@std/assert";
 *
 * assert(POLLUTION_CSV.pathname.endsWith("/data/pollution.csv"));
 * ```
 */
export const POLLUTION_CSV: URL = new URL(
  "../../../data/pollution.csv",
  import.meta.url,
);

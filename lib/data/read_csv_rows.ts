/**
 * Raw CSV rows as strings.
 *
 * @module
 */
import { parseCsvText } from "./_parse_csv_text.ts";
import { displayPath, readTextFile } from "./_read_text.ts";

/**
 * Reads a CSV file into its rows of strings, header row included (like
 * Python's `list(csv.reader(lines))`). Fields are not converted, rows may
 * have different lengths, and empty lines are skipped.
 *
 * @param path File path (relative to the working directory) or file URL.
 * @returns One array of fields per record; row 0 is the header if the file
 * has one.
 * @throws {Deno.errors.NotFound} if the file does not exist.
 * @throws {SyntaxError} naming the file if the CSV is malformed (e.g. an
 * unclosed quote).
 *
 * @example The header row of the Beijing PM2.5 data
 * ```ts
 * import { readCsvRows } from "./read_csv_rows.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rows = readCsvRows("data/pollution.csv");
 * assertEquals(rows[0].slice(0, 3), ["No", "year", "month"]);
 * assertEquals(rows.length, 43825);
 * ```
 */
export function readCsvRows(path: string | URL): string[][] {
  return parseCsvText(readTextFile(path), displayPath(path));
}

/**
 * CSV parsing through `@std/csv` with errors that name the file.
 *
 * @module
 */
import { parse } from "@std/csv";

/** Parses CSV text with `@std/csv`, naming `source` in syntax errors. */
export function parseCsvText(text: string, source: string): string[][] {
  try {
    return parse(text);
  } catch (e) {
    if (e instanceof SyntaxError) {
      throw new SyntaxError(`Cannot parse CSV file ${source}: ${e.message}`);
    }
    throw e;
  }
}

/**
 * Neutralises CSV cells that a spreadsheet would run as a formula (OWASP CSV
 * injection): a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return gets a leading `'`.
 *
 * @module
 */

/**
 * The cell, safe to open in a spreadsheet.
 *
 * @param cell Any text.
 * @returns The text, prefixed with `'` when it would start a formula.
 *
 * @example
 * ```ts
 * import { safeCsvCell } from "./csv_cell.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(safeCsvCell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
 * assertEquals(safeCsvCell("alice"), "alice");
 * ```
 */
export function safeCsvCell(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/**
 * The cell as it was before {@linkcode safeCsvCell} guarded it.
 *
 * @param cell A cell read back from a CSV this project wrote.
 * @returns The text without the added `'`.
 *
 * @example
 * ```ts
 * import { safeCsvCell, unguardCsvCell } from "./csv_cell.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(unguardCsvCell(safeCsvCell("=1+1")), "=1+1");
 * assertEquals(unguardCsvCell("'quoted"), "'quoted");
 * ```
 */
export function unguardCsvCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

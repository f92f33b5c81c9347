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

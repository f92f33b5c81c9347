/**
 * Physical line numbers of CSV records, for error messages.
 *
 * @module
 */

/**
 * The 1-based line on which each record of `text` starts, following the
 * record rules of `@std/csv`'s `parse`: records end at `\n` or `\r\n`
 * outside double quotes, and empty lines produce no record. Used only when
 * an error has to name a line, so the hot path pays nothing for it.
 *
 * @param text CSV text.
 * @returns Start line of record 0, 1, 2, ... (record 0 is the header).
 */
export function recordStartLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atLineStart = true;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      line++;
      if (!inQuotes) atLineStart = true;
      continue;
    }
    if (atLineStart) {
      atLineStart = false;
      // "\r\n" is an empty line; a lone "\r" is data for @std/csv.
      if (!(c === 13 && text.charCodeAt(i + 1) === 10)) lines.push(line);
      else continue;
    }
    if (c === 34 /* " */) inQuotes = !inQuotes;
  }
  return lines;
}

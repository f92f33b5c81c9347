/**
 * Splits a byte stream into lines without ever holding more than a bounded
 * amount of it: a line longer than the limit is reported as oversized (its
 * bytes dropped) instead of growing the buffer. The grader reads the
 * notebook process's stdout this way, so a flood costs the notebook only.
 *
 * @module
 */

/** One item of {@linkcode readLines}. */
export type LineItem = { line: string } | { oversized: number };

/**
 * Yields the lines of `stream` (without `\n`), or `{ oversized }` for a line
 * longer than `maxBytes`; the last line is yielded even without `\n`.
 *
 * @param stream The bytes.
 * @param maxBytes Longest line kept.
 * @returns The lines, in order.
 *
 * @example
 * ```ts
 * import { readLines } from "./line_reader.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const bytes = new TextEncoder().encode("ab\n" + "x".repeat(10) + "\ncd");
 * const out = [];
 * for await (const l of readLines(ReadableStream.from([bytes]), 5)) out.push(l);
 * assertEquals(out, [{ line: "ab" }, { oversized: 10 }, { line: "cd" }]);
 * ```
 */
export async function* readLines(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
): AsyncGenerator<LineItem> {
  const decoder = new TextDecoder();
  let parts: Uint8Array[] = [];
  let size = 0;
  let dropping = false;
  const take = (): string => {
    const all = new Uint8Array(size);
    let off = 0;
    for (const p of parts) {
      all.set(p, off);
      off += p.length;
    }
    parts = [];
    size = 0;
    return decoder.decode(all);
  };
  for await (const chunk of stream) {
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(10, start);
      const end = nl < 0 ? chunk.length : nl;
      const piece = chunk.subarray(start, end);
      if (!dropping) {
        if (size + piece.length > maxBytes) {
          dropping = true;
          parts = [];
        } else {
          parts.push(piece.slice());
        }
      }
      size += piece.length;
      if (nl < 0) break;
      if (dropping) {
        yield { oversized: size };
        dropping = false;
        parts = [];
        size = 0;
      } else yield { line: take() };
      start = nl + 1;
    }
  }
  if (dropping) yield { oversized: size };
  else if (size > 0) yield { line: take() };
}

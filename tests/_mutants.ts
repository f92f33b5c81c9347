/**
 * Planted mistakes for the lab tests: a solution notebook cut before its
 * long-running cells, with one text edit, so a test can prove that the
 * exercise checks fail on a typical slip.
 *
 * @example
 * ```ts
 * import { mutant } from "./_mutants.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = {
 *   nbformat: 4, nbformat_minor: 5, metadata: {},
 *   cells: [
 *     { cell_type: "code", id: "a", metadata: {}, source: "const n = 1 + 1;", outputs: [], execution_count: null },
 *     { cell_type: "code", id: "b", metadata: {}, source: "train(n);", outputs: [], execution_count: null },
 *   ],
 * };
 * // @ts-ignore: a minimal notebook literal
 * assertEquals(mutant(nb, "1 + 1", "1 - 1", "train(").cells.length, 1);
 * ```
 *
 * @module
 */
import { assert } from "@std/assert";
import { type Notebook, sourceText } from "../course/notebook/ipynb.ts";

/** Index of the first code cell whose source contains `text`. */
export function cellWith(nb: Notebook, text: string): number {
  const i = nb.cells.findIndex((c) =>
    c.cell_type === "code" && sourceText(c.source).includes(text)
  );
  if (i < 0) throw new Error(`no code cell contains ${JSON.stringify(text)}`);
  return i;
}

/**
 * The cells before the first code cell containing `before`, with `from`
 * replaced by `to` wherever it occurs.
 *
 * @throws {AssertionError} if the edit changed nothing.
 */
export function mutant(
  nb: Notebook,
  from: string,
  to: string,
  before: string,
): Notebook {
  const cells = nb.cells.slice(0, cellWith(nb, before)).map((c) => {
    const source = sourceText(c.source);
    return source.includes(from)
      ? { ...c, source: source.replace(from, to) }
      : c;
  });
  assert(
    cells.some((c) => sourceText(c.source).includes(to)),
    `the mutation ${from} → ${to} found nothing to change`,
  );
  return { ...nb, cells };
}

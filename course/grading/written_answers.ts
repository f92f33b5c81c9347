/**
 * Written answers (derivations, explanations): graded by a person, as
 * nbgrader's manually graded cells. The solution notebook marks each answer
 * cell with `metadata.rnnlab.written_answer = { item, points }`; handouts keep
 * the cell and its id, so an answer is found even when a student moved the
 * cell (by id, else by the same metadata).
 *
 * @module
 */
import { type Cell, type Notebook, sourceText } from "../notebook/ipynb.ts";
import { parseCellMarkers } from "../notebook/markers.ts";
import { MARKDOWN_PLACEHOLDER } from "../notebook/handout.ts";

/** One manually graded item of a lab. */
export interface WrittenItem {
  /** Cell id in the solution (and handout). */
  cellId: string;
  /** Its name in the gradebook, e.g. `"Exercise 1 (derivation)"`. */
  item: string;
  points: number;
  /** The question (the cell without its solution region). */
  question: string;
  /** The reference answer (the solution region), markdown. */
  reference: string;
}

/** A student's answer to one item. */
export interface WrittenAnswer {
  item: string;
  points: number;
  /** The student's text (the cell's markdown; empty when the cell is gone or untouched). */
  answer: string;
  /** `missing`: no such cell; `untouched`: the handout's placeholder is still there. */
  status: "answered" | "untouched" | "missing";
}

function meta(cell: Cell): { item: string; points: number } | undefined {
  const w = (cell.metadata?.rnnlab as { written_answer?: unknown } | undefined)
    ?.written_answer as { item?: unknown; points?: unknown } | undefined;
  if (
    typeof w?.item === "string" && typeof w.points === "number" &&
    Number.isFinite(w.points) && w.points >= 0
  ) return { item: w.item, points: w.points };
  return undefined;
}

/**
 * The written items of a solution notebook, in notebook order.
 *
 * @param solution The solution notebook (with its markers).
 * @returns One item per marked cell.
 *
 * @example
 * ```ts
 * import { writtenItems } from "./written_answers.ts";
 * import { makeNotebook } from "../notebook/ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = makeNotebook([{ markdown: "Why?\n#!TAG HWBEGIN\nBecause.\n#!TAG HWEND" }]);
 * nb.cells[0].metadata = { rnnlab: { written_answer: { item: "Why", points: 2 } } };
 * const [w] = writtenItems(nb);
 * assertEquals([w.item, w.points, w.question, w.reference], ["Why", 2, "Why?", "Because."]);
 * ```
 */
export function writtenItems(solution: Notebook): WrittenItem[] {
  const out: WrittenItem[] = [];
  for (const cell of solution.cells) {
    const m = meta(cell);
    if (!m) continue;
    const text = sourceText(cell.source);
    const lines = text.split("\n");
    const { regions, markerLines } = parseCellMarkers(text).markers;
    const inRegion = new Set<number>();
    for (const r of regions) {
      for (let i = r.begin; i <= r.end; i++) inRegion.add(i);
    }
    out.push({
      cellId: cell.id,
      ...m,
      question: lines.filter((_, i) => !inRegion.has(i)).join("\n").trim(),
      reference: lines.filter((_, i) => inRegion.has(i) && !markerLines.has(i))
        .join("\n").trim(),
    });
  }
  return out;
}

/**
 * A student's answers to the items, found by cell id, else by metadata.
 *
 * @param student The student's notebook.
 * @param items The lab's items.
 * @returns One answer per item, in the items' order.
 *
 * @example
 * ```ts
 * import { studentAnswers } from "./written_answers.ts";
 * import { makeNotebook } from "../notebook/ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = makeNotebook([{ markdown: "Why?\n\nBecause it works." }]);
 * const items = [{ cellId: nb.cells[0].id, item: "Why", points: 2, question: "Why?", reference: "" }];
 * assertEquals(studentAnswers(nb, items)[0].status, "answered");
 * ```
 */
export function studentAnswers(
  student: Notebook,
  items: readonly WrittenItem[],
): WrittenAnswer[] {
  return items.map((it) => {
    const cell = student.cells.find((c) => c.id === it.cellId) ??
      student.cells.find((c) => meta(c)?.item === it.item);
    if (!cell) {
      return {
        item: it.item,
        points: it.points,
        answer: "",
        status: "missing",
      };
    }
    const text = sourceText(cell.source);
    // What the student wrote: the cell without the question's own lines.
    const question = new Set(
      it.question.split("\n").map((l) => l.trim()).filter((l) => l),
    );
    const answer = text.split("\n").filter((l) => !question.has(l.trim())).join(
      "\n",
    ).trim();
    const untouched = answer === "" || answer === MARKDOWN_PLACEHOLDER;
    return {
      item: it.item,
      points: it.points,
      answer: untouched ? "" : answer,
      status: untouched ? "untouched" : "answered",
    };
  });
}

/**
 * What a grade run writes for people, beside the gradebook:
 * - `manual.csv`: one row per student, lab and written item, with the points
 *   and comment left for the grader to fill (as nbgrader's formgrader);
 * - `review-labNN.html`: per item, the question, the reference answer, then
 *   every student's answer (LaTeX typeset, offline);
 * - with `--feedback DIR`, one page per student and notebook: each exercise
 *   and its points, every failed check's message, the written answers and,
 *   once merged, the grader's points and comments.
 *
 * @module
 */
import { stringify } from "@std/csv";
import { escape } from "@std/html";
import { safeCsvCell } from "./csv_cell.ts";
import type { ManualGrade } from "./gradebook.ts";
import { markdownHtml, offlinePage } from "./markdown_page.ts";
import type { WrittenItem } from "./written_answers.ts";
import type { GradeReport } from "./grade.ts";

/** The columns of `manual.csv`. */
export const MANUAL_COLUMNS = [
  "student",
  "lab",
  "item",
  "max_points",
  "points",
  "comment",
] as const;

/**
 * `manual.csv`: a row per student, lab and written item, points empty.
 *
 * @param reports Graded notebooks.
 * @returns CSV text.
 *
 * @example
 * ```ts
 * import { manualCsv } from "./review.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const csv = manualCsv([{ student: "ann", lab: "01", path: "a", exercises: [], score: 0, maxPoints: 0,
 *   checks: [], denials: [], notes: [], ms: 0,
 *   written: [{ item: "Why", points: 2, answer: "Because.", status: "answered" }] }]);
 * assertEquals(csv.split("\r\n")[1], "ann,01,Why,2,,");
 * ```
 */
export function manualCsv(reports: readonly GradeReport[]): string {
  const rows = [...reports].filter((r) => !r.handout).sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0
  ).flatMap((r) =>
    r.written.map((
      w,
    ) => [r.student, r.lab ?? "", w.item, String(w.points), "", ""])
  );
  return stringify(
    [[...MANUAL_COLUMNS], ...rows].map((r) => r.map(safeCsvCell)),
  );
}

/**
 * The review page of one lab: each item's question and reference answer, then
 * every student's answer.
 *
 * @param lab The lab id.
 * @param items The lab's written items.
 * @param reports The lab's graded notebooks.
 * @returns An offline HTML page.
 */
export function reviewPage(
  lab: string,
  items: readonly WrittenItem[],
  reports: readonly GradeReport[],
): string {
  const students = [...reports].filter((r) => r.lab === lab && !r.handout)
    .sort((a, b) => a.student < b.student ? -1 : a.student > b.student ? 1 : 0);
  const body = [
    `<h1>Lab ${escape(lab)}: written answers</h1>`,
    `<p>${students.length} notebook(s). Enter points and comments in <code>manual.csv</code>, then run <code>deno task grade merge --manual manual.csv --out FILE gradebook.csv</code>.</p>`,
  ];
  for (const it of items) {
    body.push(
      `<h2>${escape(it.item)} (${it.points} point${
        it.points === 1 ? "" : "s"
      })</h2>`,
    );
    body.push(`<div class="question">${markdownHtml(it.question)}</div>`);
    body.push(
      `<h3>Reference answer</h3><div class="reference">${
        markdownHtml(it.reference)
      }</div>`,
    );
    for (const r of students) {
      const w = r.written.find((x) => x.item === it.item);
      body.push(
        `<h3 id="${escape(`${r.student}-${it.item}`)}">${
          escape(r.student)
        }</h3>`,
      );
      body.push(
        w && w.status === "answered"
          ? `<div class="answer">${markdownHtml(w.answer)}</div>`
          : `<p class="missing">${
            w?.status === "missing" ? "the answer cell is missing" : "no answer"
          }</p>`,
      );
    }
  }
  return offlinePage(`Lab ${lab}: written answers`, body.join("\n"));
}

/**
 * The feedback page of one student's notebook.
 *
 * @param r The graded notebook.
 * @param manual The grader's points and comments for this student and lab (optional).
 * @returns An offline HTML page.
 */
export function feedbackPage(
  r: GradeReport,
  manual: readonly ManualGrade[] = [],
): string {
  const body: string[] = [];
  const writtenMax = r.written.reduce((s, w) => s + w.points, 0);
  const graded = r.written.map((w) =>
    manual.find((m) => m.item === w.item && m.points.trim() !== "")
  );
  const writtenScore = graded.reduce(
    (s, m) => s + (m ? Number(m.points) : 0),
    0,
  );
  const pending = graded.filter((m) => !m).length;
  body.push(
    `<h1>Lab ${escape(r.lab ?? "?")}: feedback for ${escape(r.student)}</h1>`,
  );
  body.push(
    `<p><strong>${r.score + writtenScore} / ${
      r.maxPoints + writtenMax
    } points</strong>${
      pending ? ` (${pending} written answer(s) not graded yet)` : ""
    }</p>`,
  );
  if (r.notes.length) {
    body.push(
      `<h2>Notes</h2><ul>${
        r.notes.map((n) => `<li>${escape(n)}</li>`).join("")
      }</ul>`,
    );
  }
  body.push("<h2>Exercises</h2>");
  for (const e of r.exercises) {
    body.push(
      `<h3>${escape(e.exercise)}: ${e.score} / ${e.maxPoints}</h3><ul>`,
    );
    for (const c of r.checks.filter((c) => c.exercise === e.exercise)) {
      body.push(
        `<li><span class="${c.status === "pass" ? "pass" : "fail"}">${
          c.status === "pass" ? "✓" : "✗"
        }</span> <code>${escape(c.id)}</code> (${c.maxPoints} pt)${
          c.status === "pass"
            ? ""
            : `: ${escape(c.status)}<pre>${escape(c.message ?? "")}</pre>`
        }</li>`,
      );
    }
    body.push("</ul>");
  }
  if (r.written.length) {
    body.push("<h2>Written answers</h2>");
    r.written.forEach((w, k) => {
      const m = graded[k];
      body.push(
        `<h3>${escape(w.item)}: ${
          m
            ? `${escape(m.points)} / ${w.points}`
            : `not graded yet / ${w.points}`
        }</h3>`,
      );
      body.push(
        w.status === "answered"
          ? `<div class="answer">${markdownHtml(w.answer)}</div>`
          : `<p class="missing">${
            w.status === "missing" ? "the answer cell is missing" : "no answer"
          }</p>`,
      );
      const comment = manual.find((x) => x.item === w.item)?.comment;
      if (comment) {
        body.push(`<div class="comment">${markdownHtml(comment)}</div>`);
      }
    });
  }
  if (r.seed !== undefined) {
    body.push(
      `<p><small>Checks' inputs drawn with seed ${r.seed}.</small></p>`,
    );
  }
  return offlinePage(`Lab ${r.lab ?? "?"}: ${r.student}`, body.join("\n"));
}

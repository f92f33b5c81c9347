/**
 * Turning a solution notebook into a learner's handout, and stripping markers
 * from solution copies shown to people.
 *
 * The pipeline, per cell (markers validated first, for the whole notebook):
 * 1. `HIDDENTESTS` cells are dropped; `HIDDENBEGIN … HIDDENEND` lines are dropped.
 * 2. Each code `HWBEGIN … HWEND` region becomes its `MSG` lines as `//`
 *    comments plus a stub `todo("…")` (with `;` in statement position, bare
 *    in expression position, so it fits `const n = (⏎ region ⏎);` as well as a
 *    function body), indented like the region.
 * 3. Each markdown region becomes its `MSG` text, or `*Your answer here.*`.
 * 4. `SKIPQUESTEXEC` becomes the cell tag `skip-execution` (which nbclient
 *    and our headless runner honour when checking a handout).
 * 5. Marker lines are removed, outputs and execution counts cleared, ids kept,
 *    the kernelspec set, and `todo` imported if no cell imports it.
 *
 * @module
 */

import {
  type Cell,
  normalizeNotebook,
  type Notebook,
  sourceText,
} from "./ipynb.ts";
import {
  type CellMarkers,
  parseNotebookMarkers,
  stripMarkerLines,
} from "./markers.ts";

/** Tag put on handout cells that are not executed when checking the handout. */
export const SKIP_EXECUTION_TAG = "skip-execution";

/** What a markdown solution region becomes when it has no `MSG` lines. */
export const MARKDOWN_PLACEHOLDER = "*Your answer here.*";

/** The import added to a handout whose cells do not import `todo`. */
export const TODO_IMPORT = 'import { todo } from "../lib/todo/todo.ts";';

const IMPORTS_TODO = /\bimport\s*(?:type\s+)?\{[^}]*\btodo\b[^}]*\}\s*from\b/;

// A line ending like this continues an expression: a region after it is an expression.
const EXPRESSION_BEFORE =
  /(?:[([,=?:+\-*/%&|^!~<>]|=>|\?\?|\b(?:return|await|yield|typeof|void|in|of|new|throw|case))$/;
// A line starting like this continues an expression: a region before it is one.
const EXPRESSION_AFTER = /^(?:[)\],.?:]|\?\?|&&|\|\|)/;

function significant(line: string): string {
  const t = line.trim();
  return t.startsWith("//") || t.startsWith("/*") || t.startsWith("*") ? "" : t;
}

function isExpressionPosition(
  lines: string[],
  begin: number,
  end: number,
): boolean {
  let before = "";
  for (let i = begin - 1; i >= 0 && !before; i--) {
    before = significant(lines[i]);
  }
  let after = "";
  for (let i = end + 1; i < lines.length && !after; i++) {
    after = significant(lines[i]);
  }
  return (before !== "" && EXPRESSION_BEFORE.test(before) &&
    !before.endsWith("++") &&
    !before.endsWith("--")) || EXPRESSION_AFTER.test(after);
}

function stubMessage(messages: string[]): string {
  const first = messages.find((m) => m.trim() !== "") ??
    "write the solution here";
  return first.replace(/^\s*TODO:?\s*/, "");
}

/**
 * Rewrites a code cell's source for the handout (steps 1, 2 and 5 above).
 *
 * @param source The solution cell's source.
 * @param markers Its parsed markers.
 * @returns The handout source.
 *
 * @example A region inside parentheses becomes a bare `todo(…)`
 * ```ts
 * import { handoutCode } from "./handout.ts";
 * import { parseCellMarkers } from "./markers.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const src = "const n = (\n  //!TAG HWBEGIN\n  //!MSG TODO: Count\n  42\n  //!TAG HWEND\n);";
 * assertEquals(
 *   handoutCode(src, parseCellMarkers(src).markers),
 *   'const n = (\n  // TODO: Count\n  todo("Count")\n);',
 * );
 * ```
 */
export function handoutCode(source: string, markers: CellMarkers): string {
  const lines = source.split("\n");
  return rewriteRegions(lines, markers, (r) => {
    const comments = r.messages.map((m) =>
      m ? `${r.indent}// ${m}` : `${r.indent}//`
    );
    const semicolon = isExpressionPosition(lines, r.begin, r.end) ? "" : ";";
    return [
      ...comments,
      `${r.indent}todo(${JSON.stringify(stubMessage(r.messages))})${semicolon}`,
    ];
  });
}

/**
 * Rewrites a markdown cell's source for the handout (steps 1, 3 and 5).
 *
 * @param source The solution cell's source.
 * @param markers Its parsed markers.
 * @returns The handout source.
 *
 * @example
 * ```ts
 * import { handoutMarkdown } from "./handout.ts";
 * import { parseCellMarkers } from "./markers.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const src = "Show that.\n#!TAG HWBEGIN\n### Solution\n#!TAG HWEND";
 * assertEquals(handoutMarkdown(src, parseCellMarkers(src).markers), "Show that.\n*Your answer here.*");
 * ```
 */
export function handoutMarkdown(source: string, markers: CellMarkers): string {
  return rewriteRegions(
    source.split("\n"),
    markers,
    (r) => r.messages.length > 0 ? r.messages : [MARKDOWN_PLACEHOLDER],
  );
}

/**
 * The cell's lines without marker lines, each solution region replaced by
 * `replacement(region)` and each hidden region dropped.
 */
function rewriteRegions(
  lines: string[],
  markers: CellMarkers,
  replacement: (region: CellMarkers["regions"][number]) => string[],
): string {
  const out: string[] = [];
  let i = 0;
  const keepUntil = (end: number) => {
    for (; i < end; i++) {
      if (!markers.markerLines.has(i)) out.push(lines[i]);
    }
  };
  for (const r of markers.regions) {
    keepUntil(r.begin);
    if (r.kind === "hw") out.push(...replacement(r));
    i = r.end + 1;
  }
  keepUntil(lines.length);
  return out.join("\n");
}

function withTag(
  metadata: Record<string, unknown>,
  tag: string,
): Record<string, unknown> {
  const tags = Array.isArray(metadata.tags) ? metadata.tags as string[] : [];
  return tags.includes(tag) ? metadata : { ...metadata, tags: [...tags, tag] };
}

/**
 * Lab id of a notebook name: its two-digit prefix (`"01_bptt_weather"` → `"01"`).
 *
 * @param name File name or path.
 * @returns The id, or `undefined` when the name has no such prefix.
 *
 * @example
 * ```ts
 * import { labIdOf } from "./handout.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(labIdOf("notebooks/03_sine_wave_rnn.ipynb"), "03");
 * ```
 */
export function labIdOf(name: string): string | undefined {
  return /(?:^|\/)(\d\d)_[^/]*$/.exec(name)?.[1];
}

/**
 * Builds the handout of a solution notebook (see the module doc for the steps).
 *
 * @param nb The solution notebook (not modified).
 * @param name Its name (for error messages and the `lab` metadata).
 * @returns The handout notebook.
 * @throws {MarkerError} If a marker is invalid, naming notebook, cell and line.
 *
 * @example
 * ```ts
 * import { makeHandout } from "./handout.ts";
 * import { makeNotebook, sourceText } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = makeNotebook([
 *   { code: 'import { todo } from "../lib/todo/todo.ts";' },
 *   { code: "function f() {\n  //!TAG HWBEGIN\n  return 1;\n  //!TAG HWEND\n}" },
 *   { code: "//!TAG HIDDENTESTS\nf();" },
 * ]);
 * const h = makeHandout(nb, "01_x.ipynb");
 * assertEquals(h.cells.length, 2);
 * assertEquals(sourceText(h.cells[1].source), 'function f() {\n  todo("write the solution here");\n}');
 * ```
 */
export function makeHandout(nb: Notebook, name: string): Notebook {
  const sources = nb.cells.map((c) => sourceText(c.source));
  const markers = parseNotebookMarkers(sources, name);
  const cells: Cell[] = [];
  let stubs = false;
  nb.cells.forEach((cell, i) => {
    const m = markers[i];
    if (m.tags.has("HIDDENTESTS")) return;
    let source = sources[i];
    if (cell.cell_type === "code") {
      if (m.regions.some((r) => r.kind === "hw")) stubs = true;
      source = handoutCode(source, m);
    } else source = handoutMarkdown(source, m);
    const metadata = m.tags.has("SKIPQUESTEXEC")
      ? withTag(cell.metadata ?? {}, SKIP_EXECUTION_TAG)
      : cell.metadata ?? {};
    cells.push({ ...cell, metadata, source });
  });
  if (
    stubs &&
    !cells.some((c) =>
      c.cell_type === "code" && IMPORTS_TODO.test(sourceText(c.source))
    )
  ) {
    // Put the import where the imports are (a cell with an import shows no value anyway).
    const target = cells.find((c) =>
      c.cell_type === "code" && /^\s*import\b/m.test(sourceText(c.source))
    );
    if (target) target.source = `${TODO_IMPORT}\n${sourceText(target.source)}`;
    else {
      const at = Math.max(0, cells.findIndex((c) => c.cell_type === "code"));
      cells.splice(at, 0, {
        cell_type: "code",
        id: "todo-import",
        metadata: {},
        source: TODO_IMPORT,
      });
    }
  }
  const lab = labIdOf(name);
  const base = name.replace(/^.*\//, "").replace(/\.ipynb$/, "");
  return normalizeNotebook({
    ...nb,
    cells,
    metadata: {
      ...nb.metadata,
      ...(lab ? { lab: { id: lab, name: base } } : {}),
    },
  });
}

/**
 * The solution notebook as people see it: marker lines removed from every
 * cell (they are comments, so the code runs the same), outputs kept.
 *
 * @param nb The solution notebook.
 * @returns A copy without marker lines.
 *
 * @example
 * ```ts
 * import { stripMarkers } from "./handout.ts";
 * import { makeNotebook, sourceText } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = stripMarkers(makeNotebook([{ code: "//!TAG SKIPQUESTEXEC\n1" }]));
 * assertEquals(sourceText(nb.cells[0].source), "1");
 * ```
 */
export function stripMarkers(nb: Notebook): Notebook {
  return {
    ...nb,
    cells: nb.cells.map((c) => ({
      ...c,
      source: stripMarkerLines(sourceText(c.source)),
    })),
  };
}

/**
 * Exercise markers in notebook cells (the nbgrader-like convention of seed
 * 001), parsed and validated.
 *
 * A marker is a whole line `//!TAG NAME`, `//!MSG text` (or with `#!`
 * instead of `//!`, in any cell type), optionally indented:
 *
 * | Marker | Meaning |
 * |---|---|
 * | `HWBEGIN` … `HWEND` | solution region, replaced in handouts |
 * | `MSG text` | inside a solution region: the instruction kept in handouts |
 * | `SKIPQUESTEXEC` | cell-level: not executed when checking a handout |
 * | `HIDDENTESTS` | cell-level: the whole cell is removed from handouts |
 * | `HIDDENBEGIN` … `HIDDENEND` | lines removed from handouts |
 *
 * @module
 */

/** Names accepted after `//!TAG`. */
export const KNOWN_TAGS = [
  "HWBEGIN",
  "HWEND",
  "SKIPQUESTEXEC",
  "HIDDENTESTS",
  "HIDDENBEGIN",
  "HIDDENEND",
] as const;

/** A tag accepted after `//!TAG`. */
export type Tag = typeof KNOWN_TAGS[number];

/** A marked region of a cell; line numbers are 0-based indices into the cell's lines. */
export interface Region {
  /** `hw`: solution region; `hidden`: hidden tests. */
  kind: "hw" | "hidden";
  /** Line index of the opening marker. */
  begin: number;
  /** Line index of the closing marker. */
  end: number;
  /** Text of the `MSG` lines inside the region, in order. */
  messages: string[];
  /** Indentation of the opening marker line. */
  indent: string;
}

/** Markers of one cell. */
export interface CellMarkers {
  /** Solution and hidden regions, in order. */
  regions: Region[];
  /** Cell-level tags present (`SKIPQUESTEXEC`, `HIDDENTESTS`). */
  tags: Set<Tag>;
  /** Indices of every marker line (to strip them). */
  markerLines: Set<number>;
}

/** Where a marker problem is: notebook name, 1-based cell number, 1-based line. */
export interface MarkerProblem {
  notebook: string;
  cell: number;
  line: number;
  message: string;
}

/** Invalid markers in a notebook; `problems` lists each with cell and line. */
export class MarkerError extends SyntaxError {
  /** Every problem found. */
  readonly problems: MarkerProblem[];
  /** Creates the error from its problems (the message lists them all). */
  constructor(problems: MarkerProblem[]) {
    super(
      problems.map((p) =>
        `${p.notebook}: cell ${p.cell}, line ${p.line}: ${p.message}`
      ).join(
        "\n",
      ),
    );
    this.name = "MarkerError";
    this.problems = problems;
  }
}

const MARKER = /^(\s*)(?:\/\/|#)!([A-Za-z]+)(?:[ \t]+(.*?))?\s*$/;

/**
 * Tells whether a line is a marker line (`//!TAG …`, `//!MSG …`, `#!…`).
 *
 * @param line One line of a cell, without its newline.
 * @returns `true` for marker lines.
 *
 * @example
 * ```ts
 * import { isMarkerLine } from "./markers.ts";
 * import { assert } from "@std/assert";
 *
 * assert(isMarkerLine("  //!TAG HWBEGIN"));
 * assert(!isMarkerLine("#!/usr/bin/env deno"));
 * ```
 */
export function isMarkerLine(line: string): boolean {
  return MARKER.test(line);
}

/**
 * Parses the markers of one cell.
 *
 * @param source The cell's source text.
 * @returns The regions, tags and marker lines, and the problems found
 * (cell number 0 and notebook "" — {@linkcode parseNotebookMarkers} fills them).
 *
 * @example A region with a message
 * ```ts
 * import { parseCellMarkers } from "./markers.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { markers, problems } = parseCellMarkers("x = (\n  //!TAG HWBEGIN\n  //!MSG TODO: one\n  1\n  //!TAG HWEND\n)");
 * assertEquals(problems, []);
 * assertEquals(markers.regions[0].messages, ["TODO: one"]);
 * ```
 */
export function parseCellMarkers(
  source: string,
): { markers: CellMarkers; problems: MarkerProblem[] } {
  const lines = source.split("\n");
  const markers: CellMarkers = {
    regions: [],
    tags: new Set(),
    markerLines: new Set(),
  };
  const problems: MarkerProblem[] = [];
  const problem = (i: number, message: string) =>
    problems.push({ notebook: "", cell: 0, line: i + 1, message });
  let open: Region | null = null;
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) return;
    markers.markerLines.add(i);
    const [, indent, word, rest = ""] = m;
    if (word === "MSG") {
      if (open?.kind === "hw") open.messages.push(rest);
      else {problem(
          i,
          "MSG outside a HWBEGIN … HWEND region (rule: messages belong to a region)",
        );}
      return;
    }
    if (word !== "TAG") {
      problem(
        i,
        `unknown marker "${line.trim()}" (rule: //!TAG <name> or //!MSG <text>)`,
      );
      return;
    }
    const tag = rest.trim() as Tag;
    if (!KNOWN_TAGS.includes(tag)) {
      problem(
        i,
        `unknown tag "${rest.trim()}" (known: ${KNOWN_TAGS.join(", ")})`,
      );
      return;
    }
    if (tag === "HWBEGIN" || tag === "HIDDENBEGIN") {
      if (open) {
        problem(
          i,
          `${tag} nested inside the region opened at line ${
            open.begin + 1
          } (rule: regions do not nest)`,
        );
        return;
      }
      open = {
        kind: tag === "HWBEGIN" ? "hw" : "hidden",
        begin: i,
        end: -1,
        messages: [],
        indent,
      };
      return;
    }
    if (tag === "HWEND" || tag === "HIDDENEND") {
      const kind = tag === "HWEND" ? "hw" : "hidden";
      const opener = kind === "hw" ? "HWBEGIN" : "HIDDENBEGIN";
      if (!open) problem(i, `${tag} without ${opener}`);
      else if (open.kind !== kind) {
        problem(
          i,
          `${tag} closes the region opened at line ${
            open.begin + 1
          }, which needs ${open.kind === "hw" ? "HWEND" : "HIDDENEND"}`,
        );
      } else {
        open.end = i;
        markers.regions.push(open);
        open = null;
      }
      return;
    }
    if (open) {
      problem(i, `${tag} is a cell-level tag and cannot sit inside a region`);
    }
    markers.tags.add(tag);
  });
  if (open) {
    const o = open as Region;
    problem(
      o.begin,
      `unclosed region: ${o.kind === "hw" ? "HWBEGIN" : "HIDDENBEGIN"} has no ${
        o.kind === "hw" ? "HWEND" : "HIDDENEND"
      } before the end of the cell`,
    );
  }
  return { markers, problems };
}

/**
 * Parses and validates the markers of every cell of a notebook.
 *
 * @param cells The notebook's cell sources, in order.
 * @param notebook The notebook's name, for messages.
 * @returns One {@linkcode CellMarkers} per cell.
 * @throws {MarkerError} Listing every problem with notebook, cell number and
 * line: unclosed or nested region, `HWEND` without `HWBEGIN`, unknown tag,
 * `MSG` outside a region.
 *
 * @example An unclosed region names cell and line
 * ```ts
 * import { parseNotebookMarkers } from "./markers.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(
 *   () => parseNotebookMarkers(["ok", "a\n//!TAG HWBEGIN\nb"], "lab.ipynb"),
 *   SyntaxError,
 *   "lab.ipynb: cell 2, line 2: unclosed region",
 * );
 * ```
 */
export function parseNotebookMarkers(
  cells: string[],
  notebook: string,
): CellMarkers[] {
  const all: MarkerProblem[] = [];
  const result = cells.map((source, c) => {
    const { markers, problems } = parseCellMarkers(source);
    for (const p of problems) all.push({ ...p, notebook, cell: c + 1 });
    return markers;
  });
  if (all.length > 0) throw new MarkerError(all);
  return result;
}

/**
 * Removes every marker line from a cell's source (for displayed solution
 * copies: markers never appear in any output).
 *
 * @param source Cell source.
 * @returns The source without marker lines.
 *
 * @example
 * ```ts
 * import { stripMarkerLines } from "./markers.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(stripMarkerLines("//!TAG SKIPQUESTEXEC\nx = 1"), "x = 1");
 * ```
 */
export function stripMarkerLines(source: string): string {
  return source.split("\n").filter((l) => !isMarkerLine(l)).join("\n");
}

/**
 * Reading, validating and writing Jupyter notebooks (nbformat 4.5) with a
 * stable serialization: keys sorted, one-space indent and a trailing newline,
 * exactly as Jupyter writes them, so regenerated files are byte-identical.
 *
 * @module
 */

/** A multi-line string as stored in `.ipynb` files: one string or a list of lines. */
export type MultilineString = string | string[];

/** An output of a code cell (nbformat 4). */
export type Output =
  | { output_type: "stream"; name: "stdout" | "stderr"; text: MultilineString }
  | {
    output_type: "display_data";
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    transient?: Record<string, unknown>;
  }
  | {
    output_type: "execute_result";
    data: Record<string, unknown>;
    metadata: Record<string, unknown>;
    execution_count: number | null;
  }
  | {
    output_type: "error";
    ename: string;
    evalue: string;
    traceback: string[];
  };

/** A notebook cell (nbformat 4.5: every cell has an `id`). */
export interface Cell {
  cell_type: "code" | "markdown" | "raw";
  id: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** A Jupyter notebook document. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** The kernelspec every notebook of this project declares. */
export const DENO_KERNELSPEC = {
  display_name: "Deno",
  language: "typescript",
  name: "deno",
} as const;

/** The `language_info` the Deno kernel reports. */
export const DENO_LANGUAGE_INFO = {
  codemirror_mode: "typescript",
  file_extension: ".ts",
  mimetype: "text/x.typescript",
  name: "typescript",
  nbconvert_exporter: "script",
  pygments_lexer: "typescript",
} as const;

const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/**
 * Joins a cell's source (string or list of lines) into one string.
 *
 * @param source The `source` field of a cell.
 * @returns The source text.
 *
 * @example Joining a list of lines
 * ```ts
 * import { sourceText } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(sourceText(["a\n", "b"]), "a\nb");
 * ```
 */
export function sourceText(source: MultilineString): string {
  return Array.isArray(source) ? source.join("") : source;
}

/**
 * Splits text into the list-of-lines form Jupyter writes (each line keeps its
 * `\n`, the last line has none).
 *
 * @param text Any text.
 * @returns The lines; `[]` for the empty string.
 *
 * @example Splitting two lines
 * ```ts
 * import { splitLines } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(splitLines("a\nb"), ["a\n", "b"]);
 * ```
 */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n").map((l) => l + "\n");
  const last = lines.length - 1;
  lines[last] = lines[last].slice(0, -1);
  if (lines[last] === "") lines.pop();
  return lines;
}

/**
 * A deterministic cell id from the cell's index and source (FNV-1a hash), so
 * tools that add ids give the same file on every run.
 *
 * @param index Position of the cell in the notebook.
 * @param source The cell's source text.
 * @returns 16 hexadecimal digits.
 *
 * @example Same input, same id
 * ```ts
 * import { stableCellId } from "./ipynb.ts";
 * import { assertEquals, assertMatch } from "@std/assert";
 *
 * assertEquals(stableCellId(3, "x"), stableCellId(3, "x"));
 * assertMatch(stableCellId(3, "x"), /^[0-9a-f]{16}$/);
 * ```
 */
export function stableCellId(index: number, source: string): string {
  // Two 32-bit FNV-1a hashes with different offsets: 64 bits, no collisions in practice.
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ index;
  const text = `${index}\u0000${source}`;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  const hex = (h: number) => (h >>> 0).toString(16).padStart(8, "0");
  return hex(h1) + hex(h2);
}

/** An error in a notebook's structure, naming the notebook and cell. */
export class NotebookFormatError extends TypeError {
  /** Creates the error; `name` is `NotebookFormatError`. */
  constructor(message: string) {
    super(message);
    this.name = "NotebookFormatError";
  }
}

/**
 * Checks that a parsed JSON value is an nbformat 4 notebook whose cells are
 * well formed, and returns it typed.
 *
 * @param value Parsed JSON.
 * @param name Notebook name used in error messages.
 * @returns The notebook.
 * @throws {NotebookFormatError} If a required field is missing or wrong,
 * naming the notebook and the cell.
 *
 * @example Rejecting a cell without source
 * ```ts
 * import { validateNotebook } from "./ipynb.ts";
 * import { assertThrows } from "@std/assert";
 *
 * const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "code", id: "a", metadata: {} }] };
 * assertThrows(() => validateNotebook(nb, "x.ipynb"), TypeError, "x.ipynb: cell 1");
 * ```
 */
export function validateNotebook(value: unknown, name = "notebook"): Notebook {
  const fail = (msg: string): never => {
    throw new NotebookFormatError(`${name}: ${msg}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("Cannot read notebook as it is not a JSON object");
  }
  const nb = value as Record<string, unknown>;
  if (nb.nbformat !== 4) {
    fail(`Cannot read notebook as nbformat must be 4, got ${nb.nbformat}`);
  }
  if (!Array.isArray(nb.cells)) {
    fail("Cannot read notebook as `cells` must be an array");
  }
  if (typeof nb.metadata !== "object" || nb.metadata === null) {
    fail("Cannot read notebook as `metadata` must be an object");
  }
  const ids = new Set<string>();
  (nb.cells as unknown[]).forEach((c, i) => {
    const where = `cell ${i + 1}`;
    if (typeof c !== "object" || c === null) fail(`${where} is not an object`);
    const cell = c as Record<string, unknown>;
    if (!["code", "markdown", "raw"].includes(cell.cell_type as string)) {
      fail(`${where} has unknown cell_type ${JSON.stringify(cell.cell_type)}`);
    }
    const src = cell.source;
    if (
      typeof src !== "string" &&
      !(Array.isArray(src) && src.every((s) => typeof s === "string"))
    ) fail(`${where} must have a string or list-of-strings source`);
    if (cell.id !== undefined) {
      if (typeof cell.id !== "string" || !CELL_ID.test(cell.id)) {
        fail(
          `${where} has invalid id ${
            JSON.stringify(cell.id)
          } (rule: 1-64 of [a-zA-Z0-9-_])`,
        );
      }
      if (ids.has(cell.id as string)) {
        fail(`${where} repeats the id ${JSON.stringify(cell.id)}`);
      }
      ids.add(cell.id as string);
    }
    if (
      cell.cell_type === "code" && cell.outputs !== undefined &&
      !Array.isArray(cell.outputs)
    ) {
      fail(`${where} has outputs that are not a list`);
    }
  });
  return value as Notebook;
}

/**
 * Parses notebook JSON text and validates it.
 *
 * @param text The `.ipynb` file content.
 * @param name Notebook name for error messages.
 * @returns The notebook.
 * @throws {NotebookFormatError} If the JSON is invalid or not a notebook.
 *
 * @example
 * ```ts
 * import { parseNotebook } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = parseNotebook('{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}');
 * assertEquals(nb.cells.length, 0);
 * ```
 */
export function parseNotebook(text: string, name = "notebook"): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new NotebookFormatError(
      `${name}: Cannot parse notebook JSON: ${(e as Error).message}`,
    );
  }
  return validateNotebook(value, name);
}

/**
 * Reads and validates a `.ipynb` file.
 *
 * @param path File path.
 * @returns The notebook.
 *
 * @example
 * ```ts ignore
 * import { readNotebook } from "./ipynb.ts";
 * const nb = await readNotebook("notebooks/01_bptt_weather.ipynb");
 * ```
 */
export async function readNotebook(path: string): Promise<Notebook> {
  return parseNotebook(await Deno.readTextFile(path), path);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * Serializes a notebook as Jupyter does (`json.dumps(nb, sort_keys=True,
 * indent=1, ensure_ascii=False)` plus a newline), with every source and
 * stream text stored as a list of lines.
 *
 * @param nb The notebook.
 * @returns The file content.
 *
 * @example Keys are sorted and indented by one space
 * ```ts
 * import { serializeNotebook } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const text = serializeNotebook({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
 * assertEquals(text, '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n');
 * ```
 */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((c) => {
    const cell: Cell = { ...c, source: splitLines(sourceText(c.source)) };
    if (c.outputs) {
      cell.outputs = c.outputs.map((o) =>
        o.output_type === "stream"
          ? { ...o, text: splitLines(sourceText(o.text)) }
          : o
      );
    }
    return cell;
  });
  return JSON.stringify(sortKeys({ ...nb, cells }), null, 1) + "\n";
}

/**
 * Writes a notebook atomically: to a temporary file in the same folder,
 * then renamed over the target, so readers never see a half-written file.
 *
 * @param path Target path.
 * @param nb The notebook.
 *
 * @example
 * ```ts ignore
 * import { writeNotebook } from "./ipynb.ts";
 * await writeNotebook("handouts/x.ipynb", nb);
 * ```
 */
export async function writeNotebook(path: string, nb: Notebook): Promise<void> {
  await writeTextAtomic(path, serializeNotebook(nb));
}

/**
 * Writes text atomically (temporary file + rename); creates the folder.
 *
 * @param path Target path.
 * @param text Content.
 *
 * @example
 * ```ts ignore
 * import { writeTextAtomic } from "./ipynb.ts";
 * await writeTextAtomic("build/x.txt", "hello\n");
 * ```
 */
export async function writeTextAtomic(
  path: string,
  text: string,
): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) || "/" : ".";
  await Deno.mkdir(dir, { recursive: true });
  const tmp = `${dir}/.${path.slice(slash + 1)}.${crypto.randomUUID()}.tmp`;
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Normalizes a notebook to this project's conventions: nbformat 4.5, the Deno
 * kernelspec and language info, an `id` on every cell (kept if valid and
 * unique, otherwise derived from index and source), and, unless
 * `keepOutputs`, outputs and execution counts cleared.
 *
 * @param nb The notebook (not modified).
 * @param options `keepOutputs`: keep outputs and execution counts.
 * @returns A new notebook.
 *
 * @example Adding ids and clearing outputs
 * ```ts
 * import { normalizeNotebook } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = normalizeNotebook({
 *   nbformat: 4, nbformat_minor: 2, metadata: {},
 *   cells: [{ cell_type: "code", id: "", metadata: {}, source: "1", outputs: [], execution_count: 3 }],
 * });
 * assertEquals(nb.nbformat_minor, 5);
 * assertEquals(nb.cells[0].execution_count, null);
 * assertEquals(nb.cells[0].id.length, 16);
 * ```
 */
export function normalizeNotebook(
  nb: Notebook,
  options: { keepOutputs?: boolean } = {},
): Notebook {
  const seen = new Set<string>();
  const cells = nb.cells.map((c, i): Cell => {
    const source = sourceText(c.source);
    let id = typeof c.id === "string" && CELL_ID.test(c.id) && !seen.has(c.id)
      ? c.id
      : stableCellId(i, source);
    while (seen.has(id)) id = stableCellId(i, id);
    seen.add(id);
    const cell: Cell = {
      cell_type: c.cell_type,
      id,
      metadata: c.metadata ?? {},
      source,
    };
    if (c.attachments) cell.attachments = c.attachments;
    if (c.cell_type === "code") {
      cell.outputs = options.keepOutputs ? (c.outputs ?? []) : [];
      cell.execution_count = options.keepOutputs
        ? (c.execution_count ?? null)
        : null;
    }
    return cell;
  });
  return {
    cells,
    metadata: {
      ...nb.metadata,
      kernelspec: { ...DENO_KERNELSPEC },
      language_info: { ...DENO_LANGUAGE_INFO },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/**
 * Builds a notebook from cell sources, for authors generating notebooks from
 * scripts.
 *
 * @param cells `{ markdown }` or `{ code }` objects, with optional metadata.
 * @param metadata Notebook metadata (kernelspec and language info are added).
 * @returns A normalized notebook.
 *
 * @example
 * ```ts
 * import { makeNotebook } from "./ipynb.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const nb = makeNotebook([{ markdown: "# Title" }, { code: "1 + 1" }]);
 * assertEquals(nb.cells.map((c) => c.cell_type), ["markdown", "code"]);
 * ```
 */
export function makeNotebook(
  cells: ({ markdown: string; metadata?: Record<string, unknown> } | {
    code: string;
    metadata?: Record<string, unknown>;
  })[],
  metadata: Record<string, unknown> = {},
): Notebook {
  return normalizeNotebook({
    nbformat: 4,
    nbformat_minor: 5,
    metadata,
    cells: cells.map((c) =>
      "markdown" in c
        ? {
          cell_type: "markdown",
          id: "",
          metadata: c.metadata ?? {},
          source: c.markdown,
        }
        : {
          cell_type: "code",
          id: "",
          metadata: c.metadata ?? {},
          source: c.code,
        }
    ),
  });
}

/**
 * Executes lab 02's solution notebook as one Deno module and returns its
 * namespace (top-level names → values), for `tests/lab02_test.ts` and
 * `tests/bench/lab02_bench.ts`.
 *
 * A stopgap until the project's headless notebook runner (`deno task labs`)
 * can hand a namespace to tests: it concatenates the code cells in order,
 * points the `../lib/` imports at this checkout, exports every top-level
 * name the cells declare and imports the result. It relies on the notebook
 * declaring each name once (true for lab 02; the kernel would allow
 * redeclaring).
 *
 * @module
 */
import type { Namespace } from "../course/sandbox/server.ts";

/** Where lab 02's solution notebook lives, relative to the repository root. */
export const LAB02_NOTEBOOK = new URL(
  "../notebooks/02_rnn_from_scratch.ipynb",
  import.meta.url,
);

/** Options of {@linkcode runLab02Notebook}. */
export interface RunOptions {
  /** Stop before the first code cell whose source contains this text. */
  stopBefore?: string;
}

const DECLARATION = [
  /^(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)/,
  /^(?:export\s+)?(?:async\s+)?function\*?\s+([A-Za-z_$][\w$]*)/,
  /^(?:export\s+)?class\s+([A-Za-z_$][\w$]*)/,
];

/**
 * Top-level value names declared in TypeScript source (plain and object
 * destructuring declarations, functions, classes), in order.
 *
 * @param source Code cell sources joined.
 * @returns The names.
 *
 * @example
 * ```ts
 * import { topLevelNames } from "./lab02_notebook.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(topLevelNames("const a = 1;\nconst { b, c: d } = f();\n  const e = 2;\nclass G {}"), ["a", "b", "d", "G"]);
 * ```
 */
export function topLevelNames(source: string): string[] {
  const names: string[] = [];
  for (const line of source.split("\n")) {
    const destructure = /^(?:const|let|var)\s+\{([^}]*)\}\s*=/.exec(line);
    if (destructure) {
      for (const part of destructure[1].split(",")) {
        const name = part.split(":").at(-1)!.split("=")[0].trim();
        if (name) names.push(name);
      }
      continue;
    }
    for (const re of DECLARATION) {
      const m = re.exec(line);
      if (m) {
        names.push(m[1]);
        break;
      }
    }
  }
  return names;
}

/**
 * Runs the notebook's code cells top to bottom (working directory: the
 * repository root, so `dataFile` finds `data/`) and returns its namespace.
 * Needs read access to the repository (`data/`, `lib/`, the notebook).
 *
 * @param options Where to stop.
 * @returns The namespace.
 * @throws whatever a cell throws.
 *
 * @example
 * ```ts ignore
 * import { runLab02Notebook } from "./lab02_notebook.ts";
 * const ns = await runLab02Notebook({ stopBefore: "const model = new RNN" });
 * ```
 */
export async function runLab02Notebook(
  options: RunOptions = {},
): Promise<Namespace> {
  const nb = JSON.parse(await Deno.readTextFile(LAB02_NOTEBOOK));
  const lib = new URL("../lib/", import.meta.url).href;
  const sources: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const text = Array.isArray(cell.source)
      ? cell.source.join("")
      : cell.source;
    if (options.stopBefore && text.includes(options.stopBefore)) break;
    sources.push(text.replaceAll('"../lib/', `"${lib}`));
  }
  const body = sources.join("\n;\n");
  const names = [...new Set(topLevelNames(body))];
  const module = `${body}\n;\nexport const __namespace = { ${
    names.join(", ")
  } };\n`;
  // A data: URL needs no write permission; its UTF-8 bytes go base64-encoded.
  let binary = "";
  for (const byte of new TextEncoder().encode(module)) {
    binary += String.fromCharCode(byte);
  }
  const mod = await import(
    `data:application/typescript;base64,${btoa(binary)}`
  );
  return mod.__namespace as Namespace;
}

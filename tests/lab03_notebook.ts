/**
 * Runs lab 03's solution notebook in this process and returns its namespace
 * (top-level names → values), for the unit tests of the checks
 * (`tests/lab03_test.ts`) and the benchmark (`tests/bench/lab03_bench.ts`).
 * The full, sandboxed run goes through `runNotebook` in `lab03_test.ts`.
 *
 * @module
 */
import type { Namespace } from "../course/sandbox/server.ts";
import { topLevelNames } from "./lab02_notebook.ts";

/** Lab 03's solution notebook. */
export const LAB03_NOTEBOOK: URL = new URL(
  "../notebooks/03_sine_wave_rnn.ipynb",
  import.meta.url,
);

/** Which cells {@linkcode loadLab03} runs. */
export interface LoadOptions {
  /** Text of the first code cell not to run (e.g. to skip training). */
  stopBefore?: string;
  /** Cells containing any of these texts are not run (e.g. the seed-init run). */
  skip?: string[];
}

/**
 * Concatenates the notebook's code cells (up to the first one containing
 * `stopBefore`, without those containing a `skip` text), points `../lib/`
 * at this checkout, exports every top-level name and imports the module.
 *
 * @param options Where to stop, what to skip.
 * @returns The namespace.
 * @throws whatever a cell throws.
 *
 * @example
 * ```ts ignore
 * import { loadLab03 } from "./lab03_notebook.ts";
 * const ns = await loadLab03({ stopBefore: "const epochs = 500" });
 * ```
 */
export async function loadLab03(
  { stopBefore, skip = [] }: LoadOptions = {},
): Promise<Namespace> {
  const nb = JSON.parse(await Deno.readTextFile(LAB03_NOTEBOOK));
  const lib = new URL("../lib/", import.meta.url).href;
  const sources: string[] = [];
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    const text: string = Array.isArray(cell.source)
      ? cell.source.join("")
      : cell.source;
    if (stopBefore && text.includes(stopBefore)) break;
    if (skip.some((s) => text.includes(s))) continue;
    sources.push(text.replaceAll('"../lib/', `"${lib}`));
  }
  const body = sources.join("\n;\n");
  const names = [...new Set(topLevelNames(body))];
  const module = `${body}\n;\nexport const __namespace = { ${
    names.join(", ")
  } };\n`;
  // A data: URL needs no write permission (`deno task bench` grants none).
  const bytes = new TextEncoder().encode(module);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  const mod = await import(
    `data:application/typescript;base64,${btoa(binary)}`
  );
  return mod.__namespace as Namespace;
}

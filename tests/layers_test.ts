/**
 * The layers point down: nothing under `lib/tensor` or `lib/kernels` imports a
 * higher layer of `lib/`, and nothing in `lib/` (what learners import)
 * imports the grading tree (`course/`) or `tests/`.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import { walk } from "@std/fs/walk";
import { dirname, join, relative, resolve } from "@std/path";
import { REPO_ROOT } from "../course/runner/repo_root.ts";
import { needsRead } from "./_permissions.ts";

const IMPORT =
  /(?:import|export)[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** Every relative import of the TypeScript files under `dir`, as [file, target] repo paths. */
async function importsUnder(dir: string): Promise<[string, string][]> {
  const out: [string, string][] = [];
  for await (
    const e of walk(join(REPO_ROOT, dir), { exts: [".ts"], includeDirs: false })
  ) {
    const text = await Deno.readTextFile(e.path);
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith(".")) continue;
      out.push([
        relative(REPO_ROOT, e.path),
        relative(REPO_ROOT, resolve(dirname(e.path), spec)),
      ]);
    }
  }
  return out;
}

Deno.test(
  "lib/ imports neither the grading tree nor the tests",
  needsRead,
  async () => {
    // Tests and benchmarks beside the code may read fixtures; learners never import them.
    const bad = (await importsUnder("lib")).filter(([from, to]) =>
      !to.startsWith("lib/") && !/_(test|bench)\.ts$/.test(from)
    );
    assertEquals(bad, []);
  },
);

Deno.test(
  "the floor (lib/tensor, the graph it records in lib/autograd, lib/kernels) imports nothing above it",
  needsRead,
  async () => {
    const floor = ["lib/tensor/", "lib/autograd/", "lib/kernels/"];
    const bad: [string, string][] = [];
    for (const layer of floor) {
      try {
        await Deno.stat(join(REPO_ROOT, layer));
      } catch {
        continue;
      }
      bad.push(
        ...(await importsUnder(layer.slice(0, -1))).filter(([from, to]) =>
          !floor.some((f) => to.startsWith(f)) &&
          !/_(test|bench)\.ts$/.test(from)
        ),
      );
    }
    assertEquals(bad, []);
  },
);

Deno.test(
  "the ground floor, lib/kernels, imports nothing outside itself (not even lib/tensor)",
  needsRead,
  async () => {
    const bad = (await importsUnder("lib/kernels")).filter(([from, to]) =>
      !to.startsWith("lib/kernels/") && !/_(test|bench)\.ts$/.test(from)
    );
    assertEquals(bad, []);
  },
);

Deno.test(
  "the sandbox runtime imports only the lib and itself",
  needsRead,
  async () => {
    const bad = (await importsUnder("course/sandbox")).filter(([, to]) =>
      !to.startsWith("lib/") && !to.startsWith("course/sandbox/")
    );
    assertEquals(bad, []);
  },
);

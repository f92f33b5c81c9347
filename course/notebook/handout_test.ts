import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { makeHandout, stripMarkers, TODO_IMPORT } from "./handout.ts";
import {
  makeNotebook,
  readNotebook,
  serializeNotebook,
  sourceText,
} from "./ipynb.ts";
import { isMarkerLine, parseNotebookMarkers } from "./markers.ts";
import { compileCell } from "./compile.ts";
import { REPO_ROOT } from "../runner/run_notebook.ts";
import { needsRead } from "../../tests/_permissions.ts";

const FIXTURE = `${REPO_ROOT}/tests/fixtures/notebooks/90_fixture_lab.ipynb`;
const canRun =
  Deno.permissions.querySync({ name: "run" }).state === "granted" &&
  Deno.permissions.querySync({ name: "env" }).state === "granted";

async function solutionNotebooks(): Promise<string[]> {
  const out = [FIXTURE];
  for await (const e of Deno.readDir(`${REPO_ROOT}/notebooks`)) {
    if (e.isFile && e.name.endsWith(".ipynb")) {
      out.push(`${REPO_ROOT}/notebooks/${e.name}`);
    }
  }
  return out.sort();
}

Deno.test(
  "makeHandout() leaves no solution line in the handout, for the fixture and every lab notebook",
  needsRead,
  async () => {
    for (const path of await solutionNotebooks()) {
      const nb = await readNotebook(path);
      const sources = nb.cells.map((c) => sourceText(c.source));
      const markers = parseNotebookMarkers(sources, path);
      const inside = new Set<string>();
      const outside = new Set<string>();
      sources.forEach((src, c) => {
        const lines = src.split("\n");
        const hidden = markers[c].tags.has("HIDDENTESTS");
        lines.forEach((line, i) => {
          const inRegion = hidden ||
            markers[c].regions.some((r) => r.begin < i && i < r.end);
          const t = line.trim();
          if (!t || isMarkerLine(line)) return;
          (inRegion ? inside : outside).add(t);
        });
      });
      const handout = serializeNotebook(makeHandout(nb, path));
      const handoutLines = new Set(
        makeHandout(nb, path).cells.flatMap((c) =>
          sourceText(c.source).split("\n").map((l) => l.trim())
        ),
      );
      for (const line of inside) {
        if (outside.has(line)) continue; // also legitimately outside the regions
        assert(
          !handoutLines.has(line),
          `${path}: solution line left in the handout: ${line}`,
        );
      }
      assert(
        !/\/\/!|#!(TAG|MSG)/.test(handout),
        `${path}: a marker line is left in the handout`,
      );
      for (const c of makeHandout(nb, path).cells) {
        assertEquals(
          c.cell_type === "code" ? c.outputs : undefined,
          c.cell_type === "code" ? [] : undefined,
        );
      }
    }
  },
);

Deno.test({
  name:
    "makeHandout() produces cells that all compile, with the stub where each region was",
  ignore: !canRun,
  async fn() {
    for (const path of await solutionNotebooks()) {
      const h = makeHandout(await readNotebook(path), path);
      for (const [i, c] of h.cells.entries()) {
        if (c.cell_type !== "code") continue;
        const r = await compileCell(sourceText(c.source), i, "file:///x/");
        assertEquals(r.syntaxError, undefined, `${path} cell ${i + 1}`);
      }
    }
  },
});

Deno.test(
  "makeHandout() removes hidden tests, tags SKIPQUESTEXEC cells and fills markdown answers",
  needsRead,
  async () => {
    const h = makeHandout(await readNotebook(FIXTURE), "90_fixture_lab.ipynb");
    const text = serializeNotebook(h);
    assert(!text.includes("assertEquals(mean([1, 2, 3]), 2)"));
    assert(!text.includes("header.split"));
    assert(!text.includes("forty-two"));
    assertStringIncludes(text, "*Your answer here.*");
    assertStringIncludes(text, '"skip-execution"');
    assertEquals(h.metadata.lab, { id: "90", name: "90_fixture_lab" });
    assertStringIncludes(text, 'todo(\\"Keep 80% of the n rows\\")\\n');
    assertStringIncludes(text, 'todo(\\"Compute the mean of xs\\");');
  },
);

Deno.test(
  "makeHandout() is idempotent: the same input gives the same bytes",
  needsRead,
  async () => {
    const nb = await readNotebook(FIXTURE);
    assertEquals(
      serializeNotebook(makeHandout(nb, "90_x.ipynb")),
      serializeNotebook(makeHandout(nb, "90_x.ipynb")),
    );
  },
);

Deno.test("makeHandout() imports todo when no cell does", () => {
  const h = makeHandout(
    makeNotebook([{ code: 'import { x } from "../lib/mod.ts";' }, {
      code: "//!TAG HWBEGIN\nf();\n//!TAG HWEND",
    }]),
    "01_x.ipynb",
  );
  assertEquals(
    sourceText(h.cells[0].source),
    `${TODO_IMPORT}\nimport { x } from "../lib/mod.ts";`,
  );
  assertEquals(
    sourceText(h.cells[1].source),
    'todo("write the solution here");',
  );
});

Deno.test(
  "stripMarkers() keeps the code and removes only marker lines",
  needsRead,
  async () => {
    const nb = stripMarkers(await readNotebook(FIXTURE));
    const text = serializeNotebook(nb);
    assert(!/\/\/!|#!(TAG|MSG)/.test(text));
    assertStringIncludes(text, "Math.floor(0.8 * n)");
  },
);

Deno.test({
  name:
    "deno task handouts writes byte-identical files twice and refuses to write next to the solutions",
  ignore: !canRun,
  async fn() {
    const out = await Deno.makeTempDir();
    const run = (dir: string) =>
      new Deno.Command(Deno.execPath(), {
        args: [
          "run",
          "--allow-read",
          "--allow-write=/tmp",
          "--allow-env",
          "--allow-run",
          `${REPO_ROOT}/tools/handouts.ts`,
          FIXTURE,
          "--out",
          dir,
          "--no-execute",
        ],
        cwd: REPO_ROOT,
        stdout: "piped",
        stderr: "piped",
      }).output();
    const first = await run(out);
    assertEquals(first.code, 0, new TextDecoder().decode(first.stderr));
    const a = await Deno.readFile(`${out}/90_fixture_lab.ipynb`);
    const second = await run(out);
    assertStringIncludes(new TextDecoder().decode(second.stdout), "unchanged");
    assertEquals(await Deno.readFile(`${out}/90_fixture_lab.ipynb`), a);
    const refused = await run(`${REPO_ROOT}/tests/fixtures/notebooks`);
    assertEquals(refused.code, 2);
    assertStringIncludes(
      new TextDecoder().decode(refused.stderr),
      "refusing to write handouts",
    );
    await Deno.remove(out, { recursive: true });
  },
});

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { gradeCli } from "../../tests/_grade_cli.ts";
import { parse } from "@std/csv";
import { makeHandout } from "../notebook/handout.ts";
import {
  type Notebook,
  readNotebook,
  sourceText,
  writeNotebook,
} from "../notebook/ipynb.ts";
import { REPO_ROOT, runNotebook } from "../runner/run_notebook.ts";
import { gradeNotebook } from "./grade.ts";

const DIR = `${REPO_ROOT}/tests/fixtures/notebooks`;
const FIXTURE = `${DIR}/90_fixture_lab.ipynb`;
const RUBRIC = `${REPO_ROOT}/tests/fixtures/rubric`;
const canRun =
  Deno.permissions.querySync({ name: "net" }).state === "granted" &&
  Deno.permissions.querySync({ name: "run" }).state === "granted" &&
  Deno.permissions.querySync({ name: "env" }).state === "granted" &&
  Deno.permissions.querySync({ name: "write", path: "/tmp" }).state ===
    "granted";

/** The solution with one cell's source replaced (found by a snippet of it). */
function edit(
  nb: Notebook,
  snippet: string,
  replace: (src: string) => string | null,
): Notebook {
  const i = nb.cells.findIndex((c) => sourceText(c.source).includes(snippet));
  if (i < 0) throw new Error(`no cell contains ${snippet}`);
  const cells = [...nb.cells];
  const out = replace(sourceText(cells[i].source));
  if (out === null) cells.splice(i, 1);
  else cells[i] = { ...cells[i], source: out };
  return { ...nb, cells };
}

function move(nb: Notebook, snippet: string, to: number): Notebook {
  const i = nb.cells.findIndex((c) => sourceText(c.source).includes(snippet));
  const cells = [...nb.cells];
  const [cell] = cells.splice(i, 1);
  cells.splice(to, 0, cell);
  return { ...nb, cells };
}

Deno.test({
  name:
    "deno task grade scores crafted bad submissions only on the exercises they break",
  ignore: !canRun,
  async fn() {
    const sol = await readNotebook(FIXTURE);
    const dir = await Deno.makeTempDir({ prefix: "grade-test-" });
    const subs: Record<string, Notebook> = {
      solution: sol,
      handout: makeHandout(sol, "90_fixture_lab.ipynb"),
      throws: edit(
        sol,
        "function mean",
        () =>
          "function mean(xs: number[]): number {\n  throw new Error('oops');\n}",
      ),
      syntax: edit(
        sol,
        "class Counter",
        (s) => s.replace("count = 0;", "count = = 0;"),
      ),
      deleted: edit(sol, "function mean", () => null),
      reordered: move(sol, "mean([1, 2, 3, 4])", 2),
      loops: edit(
        sol,
        "let total = 0",
        (s) => s.replace("console.log", "while (true) {}\nconsole.log"),
      ),
      exits: edit(sol, "class Counter", (s) => s + "\nDeno.exit(3);"),
      snoop: edit(sol, "const n: number", (s) =>
        s + `
try { await Deno.readTextFile("/root/.ssh/id_rsa"); } catch { /* hide it */ }
try { Deno.writeTextFileSync("../stolen.txt", "x"); } catch { /* hide it */ }
try { (await Deno.connect({ hostname: "127.0.0.1", port: 9 })).close(); } catch { /* hide it */ }`),
    };
    for (const [name, nb] of Object.entries(subs)) {
      await writeNotebook(`${dir}/${name}/90_fixture_lab.ipynb`, nb);
    }
    const csvPath = `${dir}/gradebook.csv`;
    const { code, log } = await gradeCli(
      "--rubric-dir",
      RUBRIC,
      "--solutions-dir",
      DIR,
      "--out",
      csvPath,
      "--cell-timeout",
      "3",
      dir,
    );
    assertEquals(code, 0, log);
    const rows = parse(await Deno.readTextFile(csvPath), {
      skipFirstRow: true,
    }) as Record<string, string>[];
    const by = Object.fromEntries(rows.map((r) => [r.student, r]));
    const scores = (
      s: string,
    ) => [
      by[s]["90:Exercise 1"],
      by[s]["90:Exercise 2"],
      by[s]["90:Exercise 3"],
      by[s].total,
    ];
    assertEquals(scores("solution"), ["2", "4", "2", "8"], log);
    assertEquals(scores("handout"), ["0", "0", "0", "0"], log);
    assertEquals(scores("throws"), ["2", "1", "2", "5"], log);
    assertEquals(scores("syntax"), ["2", "4", "0", "6"], log);
    assertStringIncludes(by.syntax.notes, "SyntaxError");
    assertEquals(scores("deleted"), ["2", "1", "2", "5"], log);
    assertStringIncludes(by.deleted.notes, "missing");
    assertEquals(scores("reordered"), ["2", "4", "2", "8"], log);
    assertStringIncludes(by.reordered.notes, "another order");
    assertEquals(scores("loops"), ["2", "3", "2", "7"], log);
    assertStringIncludes(by.loops.notes, "timeout");
    assertStringIncludes(by.exits.notes, "crashed");
    assertEquals(scores("exits"), ["2", "4", "0", "6"], log);
    assertEquals(scores("snoop"), ["2", "4", "2", "8"], log);
    assertStringIncludes(
      by.snoop.notes,
      "denied read access to /root/.ssh/id_rsa",
    );
    assertStringIncludes(
      by.snoop.notes,
      `denied write access to ${REPO_ROOT}/stolen.txt`,
    );
    assertStringIncludes(by.snoop.notes, "denied net access to 127.0.0.1:9");
    assert(!(await Deno.stat(`${REPO_ROOT}/stolen.txt`).catch(() => null)));
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "runNotebook() runs a fresh handout's unskipped cells without errors",
  ignore: !canRun,
  async fn() {
    const h = makeHandout(await readNotebook(FIXTURE), "90_fixture_lab.ipynb");
    const r = await runNotebook(h, { skipTagged: true });
    assertEquals(r.cells.filter((c) => c.status === "error"), []);
    assert(r.cells.some((c) => c.status === "skipped"));
  },
});

Deno.test({
  name: "gradeNotebook() reports a notebook whose lab it cannot tell",
  ignore: !canRun,
  async fn() {
    const dir = await Deno.makeTempDir();
    const nb = await readNotebook(FIXTURE);
    await writeNotebook(`${dir}/mystery.ipynb`, { ...nb, metadata: {} });
    const r = await gradeNotebook(`${dir}/mystery.ipynb`, {
      rubricDir: RUBRIC,
    });
    assertEquals(r.maxPoints, 0);
    assertStringIncludes(r.notes[0], "cannot tell the lab");
    await Deno.remove(dir, { recursive: true });
  },
});

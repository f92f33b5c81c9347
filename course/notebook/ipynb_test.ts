import { assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import {
  makeNotebook,
  normalizeNotebook,
  NotebookFormatError,
  parseNotebook,
  readNotebook,
  serializeNotebook,
  splitLines,
  stableCellId,
} from "./ipynb.ts";
import { needsRead } from "../../tests/_permissions.ts";

const FIXTURE = new URL(
  "../../tests/fixtures/notebooks/90_fixture_lab.ipynb",
  import.meta.url,
);

Deno.test(
  "serializeNotebook() reproduces a Jupyter-written notebook byte for byte",
  needsRead,
  async () => {
    const text = await Deno.readTextFile(FIXTURE);
    assertEquals(serializeNotebook(await readNotebook(FIXTURE.pathname)), text);
  },
);

Deno.test("splitLines() keeps newlines and drops the empty last line", () => {
  assertEquals(splitLines("a\n\nb\n"), ["a\n", "\n", "b\n"]);
  assertEquals(splitLines(""), []);
});

Deno.test("stableCellId() depends on index and source", () => {
  assertNotEquals(stableCellId(0, "x"), stableCellId(1, "x"));
  assertNotEquals(stableCellId(0, "x"), stableCellId(0, "y"));
});

Deno.test("normalizeNotebook() keeps valid ids, replaces duplicates, and is idempotent", () => {
  const nb = makeNotebook([{ code: "1" }, { code: "2" }]);
  nb.cells[1].id = nb.cells[0].id;
  const once = normalizeNotebook(nb);
  assertEquals(once.cells[0].id, nb.cells[0].id);
  assertNotEquals(once.cells[1].id, once.cells[0].id);
  assertEquals(
    serializeNotebook(normalizeNotebook(once)),
    serializeNotebook(once),
  );
  assertEquals(once.metadata.kernelspec, {
    display_name: "Deno",
    language: "typescript",
    name: "deno",
  });
});

Deno.test("parseNotebook() rejects bad JSON, other nbformat and repeated ids, naming the cell", () => {
  assertThrows(
    () => parseNotebook("{", "a.ipynb"),
    NotebookFormatError,
    "a.ipynb: Cannot parse",
  );
  assertThrows(
    () => parseNotebook('{"nbformat":3,"metadata":{},"cells":[]}', "a.ipynb"),
    NotebookFormatError,
    "nbformat must be 4",
  );
  const cell = '{"cell_type":"code","id":"x","metadata":{},"source":""}';
  assertThrows(
    () =>
      parseNotebook(
        `{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[${cell},${cell}]}`,
        "a.ipynb",
      ),
    NotebookFormatError,
    'a.ipynb: cell 2 repeats the id "x"',
  );
});

import { assertEquals, assertThrows } from "@std/assert";
import { MarkerError, parseNotebookMarkers } from "./markers.ts";

function problemsOf(cells: string[]) {
  const e = assertThrows(
    () => parseNotebookMarkers(cells, "lab.ipynb"),
    MarkerError,
  );
  return e.problems.map((p) => `cell ${p.cell}, line ${p.line}: ${p.message}`);
}

Deno.test("parseNotebookMarkers() accepts // and # markers in code and markdown cells", () => {
  const m = parseNotebookMarkers([
    "x = (\n  //!TAG HWBEGIN\n  //!MSG TODO: a\n  1\n  //!TAG HWEND\n)",
    "#!TAG HWBEGIN\nanswer\n#!TAG HWEND",
    "//!TAG SKIPQUESTEXEC\n//!TAG HIDDENBEGIN\nassert()\n//!TAG HIDDENEND",
  ], "lab.ipynb");
  assertEquals(m[0].regions[0].messages, ["TODO: a"]);
  assertEquals(m[1].regions[0].kind, "hw");
  assertEquals([...m[2].tags], ["SKIPQUESTEXEC"]);
  assertEquals(m[2].regions[0].kind, "hidden");
});

Deno.test("parseNotebookMarkers() names notebook, cell and line of an unclosed region", () => {
  const e = assertThrows(
    () =>
      parseNotebookMarkers(["ok", "a\nb\n  //!TAG HWBEGIN\nc"], "lab.ipynb"),
    MarkerError,
  );
  assertEquals(
    e.message.startsWith("lab.ipynb: cell 2, line 3: unclosed region"),
    true,
  );
});

Deno.test("parseNotebookMarkers() rejects nested regions", () => {
  assertEquals(problemsOf(["//!TAG HWBEGIN\n//!TAG HWBEGIN\n//!TAG HWEND"]), [
    "cell 1, line 2: HWBEGIN nested inside the region opened at line 1 (rule: regions do not nest)",
  ]);
});

Deno.test("parseNotebookMarkers() rejects HWEND without HWBEGIN", () => {
  assertEquals(problemsOf(["a", "b", "x\n//!TAG HWEND"]), [
    "cell 3, line 2: HWEND without HWBEGIN",
  ]);
});

Deno.test("parseNotebookMarkers() rejects unknown tags and markers", () => {
  const p = problemsOf(["//!TAG HWBEGINN", "#!TGA HWEND"]);
  assertEquals(p[0].startsWith('cell 1, line 1: unknown tag "HWBEGINN"'), true);
  assertEquals(
    p[1].startsWith('cell 2, line 1: unknown marker "#!TGA HWEND"'),
    true,
  );
});

Deno.test("parseNotebookMarkers() rejects MSG outside a region and mismatched ends", () => {
  assertEquals(
    problemsOf([
      "//!MSG hi",
      "//!TAG HIDDENBEGIN\n//!TAG HWEND\n//!TAG HIDDENEND",
    ]),
    [
      "cell 1, line 1: MSG outside a HWBEGIN … HWEND region (rule: messages belong to a region)",
      "cell 2, line 2: HWEND closes the region opened at line 1, which needs HIDDENEND",
    ],
  );
});

Deno.test("parseNotebookMarkers() lists every problem of the notebook at once", () => {
  assertEquals(problemsOf(["//!TAG HWEND", "//!TAG HWBEGIN"]).length, 2);
});

import { assertEquals, assertThrows } from "@std/assert";
import { readCsvRows } from "./read_csv_rows.ts";
import { needsRead } from "../../tests/_permissions.ts";

const fixture = (name: string) =>
  new URL(`../../tests/fixtures/data/${name}`, import.meta.url);

Deno.test(
  "readCsvRows() returns the header row and every data row as strings",
  needsRead,
  () => {
    const rows = readCsvRows(
      new URL("../../data/pollution.csv", import.meta.url),
    );
    assertEquals(rows[0], [
      "No",
      "year",
      "month",
      "day",
      "hour",
      "pm2.5",
      "DEWP",
      "TEMP",
      "PRES",
      "cbwd",
      "Iws",
      "Is",
      "Ir",
    ]);
    assertEquals(rows.length, 1 + 43824);
    assertEquals(rows[1], [
      "1",
      "2010",
      "1",
      "1",
      "0",
      "NA",
      "-21",
      "-11",
      "1021",
      "NW",
      "1.79",
      "0",
      "0",
    ]);
    // The file has no final newline; the last row is complete.
    assertEquals(rows[43824][0], "43824");
    assertEquals(rows[43824].length, 13);
    // Lab 1 keeps data rows 1..43000, then whole days only.
    const kept = rows.slice(1, 43001);
    assertEquals(kept.length - kept.length % 24, 42984);
  },
);

Deno.test("readCsvRows() keeps ragged rows as they are", needsRead, () => {
  const rows = readCsvRows(fixture("ragged.csv"));
  assertEquals(rows.map((r) => r.length), [3, 3, 3, 2, 3]);
});

Deno.test("readCsvRows() names the path of a missing file", needsRead, () => {
  assertThrows(
    () => readCsvRows("no/such.csv"),
    Deno.errors.NotFound,
    "Cannot read CSV file no/such.csv: no such file",
  );
});

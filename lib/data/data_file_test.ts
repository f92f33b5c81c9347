import { assertEquals, assertThrows } from "@std/assert";
import { needsRead } from "../../tests/_permissions.ts";
import { dataFile } from "./data_file.ts";

Deno.test("dataFile() points at the bundled data sets", needsRead, () => {
  for (const name of ["pollution.csv", "clean_weather.csv"]) {
    assertEquals(Deno.statSync(dataFile(name)).isFile, true);
  }
});

Deno.test("dataFile() refuses names that leave data/", () => {
  assertThrows(
    () => dataFile("../deno.json"),
    TypeError,
    "expected a file name inside data/",
  );
  assertThrows(() => dataFile("a/b.csv"), TypeError);
});

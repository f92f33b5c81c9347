import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { loadCsv } from "./load_csv.ts";
import { readCsvRows } from "./read_csv_rows.ts";
import { needsRead } from "../../tests/_permissions.ts";

const fixture = (name: string) =>
  new URL(`../../tests/fixtures/data/${name}`, import.meta.url);
const pollution = new URL("../../data/pollution.csv", import.meta.url);
const weather = new URL("../../data/clean_weather.csv", import.meta.url);

Deno.test(
  "loadCsv() loads the lab-1 weather columns of pollution.csv",
  needsRead,
  () => {
    const columns = ["DEWP", "TEMP", "PRES", "Iws", "Is", "Ir"];
    const { header, data, index } = loadCsv(pollution, { columns });
    assertEquals(header, columns);
    assertEquals(index, undefined);
    assertEquals(data.shape, [43824, 6]);
    assertEquals(data.dtype, "float64");
    // First and last data lines of the file.
    assertEquals(Array.from(data.data.subarray(0, 6)), [
      -21,
      -11,
      1021,
      1.79,
      0,
      0,
    ]);
    assertEquals(Array.from(data.data.subarray(-6)), [
      -21,
      -3,
      1034,
      249.85,
      0,
      0,
    ]);
  },
);

Deno.test(
  "loadCsv() selects columns by position like itemgetter(6, 7, 8, 10, 11, 12)",
  needsRead,
  () => {
    const byName = loadCsv(pollution, {
      columns: ["DEWP", "TEMP", "PRES", "Iws", "Is", "Ir"],
    });
    const byIndex = loadCsv(pollution, {
      columns: [6, 7, 8, 10, 11, 12],
      dtype: "float32",
    });
    assertEquals(byIndex.header, byName.header);
    assertEquals(byIndex.data.dtype, "float32");
    assertEquals(
      Array.from(byIndex.data.data),
      Array.from(Float32Array.from(byName.data.data)),
    );
  },
);

Deno.test(
  "loadCsv() agrees with the raw rows on every converted field",
  needsRead,
  () => {
    const rows = readCsvRows(pollution);
    const { data } = loadCsv(pollution, {
      columns: ["pm2.5", "Iws"],
      na: "drop",
    });
    const kept = rows.slice(1).filter((r) => r[5] !== "NA");
    // UCI documents 2067 missing pm2.5 values among 43824 hours.
    assertEquals(rows.length - 1 - kept.length, 2067);
    assertEquals(data.shape, [kept.length, 2]);
    for (let i = 0; i < kept.length; i++) {
      if (
        data.data[2 * i] !== parseFloat(kept[i][5]) ||
        data.data[2 * i + 1] !== parseFloat(kept[i][10])
      ) {
        throw new Error(`row ${i} differs: ${kept[i]}`);
      }
    }
  },
);

Deno.test(
  "loadCsv() reports a missing pm2.5 value with file, line and column",
  needsRead,
  () => {
    assertThrows(
      () => loadCsv(pollution, { columns: ["pm2.5"] }),
      RangeError,
      `Missing value "NA" in ${pollution.pathname} line 2, column "pm2.5": na is "error"`,
    );
  },
);

Deno.test(
  "loadCsv() reports a non-numeric column with file, line and column",
  needsRead,
  () => {
    assertThrows(
      () => loadCsv(pollution),
      RangeError, // pm2.5 comes before cbwd and is missing on line 2
    );
    assertThrows(
      () => loadCsv(pollution, { columns: ["TEMP", "cbwd"] }),
      TypeError,
      `Cannot convert "NW" to a number in ${pollution.pathname} line 2, column "cbwd"`,
    );
    // Rows with a missing pm2.5 are dropped before cbwd is read: line 26 is the first kept one.
    assertThrows(
      () => loadCsv(pollution, { columns: ["pm2.5", "cbwd"], na: "drop" }),
      TypeError,
      `Cannot convert "SE" to a number in ${pollution.pathname} line 26, column "cbwd"`,
    );
    assertThrows(
      () => loadCsv(pollution, { columns: ["cbwd", "pm2.5"], na: "drop" }),
      TypeError,
      `Cannot convert "SE" to a number in ${pollution.pathname} line 26, column "cbwd"`,
    );
    assertThrows(
      () => loadCsv(fixture("non_numeric.csv")),
      TypeError,
      `Cannot convert "abc" to a number in ${
        fixture("non_numeric.csv").pathname
      } line 4, column "TEMP"`,
    );
  },
);

Deno.test(
  "loadCsv() reads clean_weather.csv with its date index and forward-fills gaps",
  needsRead,
  () => {
    const t = loadCsv(weather, { indexColumn: 0, na: "ffill" });
    const rows = readCsvRows(weather);
    assertEquals(rows[0], ["", "tmax", "tmin", "rain", "tmax_tomorrow"]);
    assertEquals(t.header, ["tmax", "tmin", "rain", "tmax_tomorrow"]);
    assertEquals(t.data.shape, [rows.length - 1, 4]);
    assertEquals(t.index?.length, rows.length - 1);
    assertEquals(t.index?.[0], "1970-01-01");
    assertEquals(t.index?.at(-1), "2022-11-26");
    assertEquals(Array.from(t.data.data.subarray(0, 4)), [60, 35, 0, 52]);
    // Line 4140 (1983-10-29) has no rain value: it repeats line 4139's.
    const r = 4140 - 2;
    assertEquals(t.index?.[r], "1983-10-29");
    assertEquals(rows[r + 1][3], "");
    assertEquals(t.data.data[r * 4 + 2], Number(rows[r][3]));
    for (const v of t.data.data) {
      if (Number.isNaN(v)) throw new Error("NaN left after ffill");
    }
  },
);

Deno.test(
  "loadCsv() names the first missing value of clean_weather.csv when na is error",
  needsRead,
  () => {
    assertThrows(
      () => loadCsv(weather, { indexColumn: 0 }),
      RangeError,
      `Missing value "" in ${weather.pathname} line 4140, column "rain"`,
    );
  },
);

Deno.test(
  "loadCsv() handles missing values by policy",
  needsRead,
  async (t) => {
    const path = fixture("missing.csv");
    await t.step("error names the first missing value", () => {
      assertThrows(
        () => loadCsv(path, { indexColumn: "time" }),
        RangeError,
        `Missing value "NA" in ${path.pathname} line 3, column "TEMP"`,
      );
    });
    await t.step("drop removes rows with any missing selected value", () => {
      const { data, index } = loadCsv(path, {
        indexColumn: "time",
        na: "drop",
      });
      assertEquals(index, ["t0", "t3"]);
      assertEquals(Array.from(data.data), [1.5, 1000, 4.5, 1003]);
    });
    await t.step("drop only looks at the selected columns", () => {
      const { data, index } = loadCsv(path, {
        columns: ["PRES"],
        indexColumn: 0,
        na: "drop",
      });
      assertEquals(index, ["t0", "t1", "t3"]);
      assertEquals(Array.from(data.data), [1000, 1001, 1003]);
    });
    await t.step("ffill repeats the value above", () => {
      const { data } = loadCsv(path, { indexColumn: "time", na: "ffill" });
      assertEquals(Array.from(data.data), [
        1.5,
        1000,
        1.5,
        1001,
        3.5,
        1001,
        4.5,
        1003,
      ]);
    });
    await t.step("ffill cannot fill the first data row", () => {
      const first = fixture("missing_first_row.csv");
      assertThrows(
        () => loadCsv(first, { indexColumn: "time", na: "ffill" }),
        RangeError,
        `Cannot forward-fill the missing value "NA" in ${first.pathname} line 2, column "TEMP": no earlier value in that column`,
      );
    });
    await t.step("naValues replaces the default markers", () => {
      const sentinel = fixture("sentinel.csv");
      assertEquals(
        Array.from(
          loadCsv(sentinel, { naValues: ["-999"], na: "drop" }).data.data,
        ),
        [2, 5],
      );
      assertEquals(Array.from(loadCsv(sentinel).data.data), [1, -999, 2, 5]);
    });
    await t.step("an unknown policy is rejected", () => {
      assertThrows(
        // @ts-expect-error: testing a value outside the type
        () => loadCsv(path, { na: "zero" }),
        RangeError,
        'na must be "error", "drop" or "ffill", got "zero"',
      );
    });
  },
);

Deno.test(
  "loadCsv() reports ragged rows with line and field counts",
  needsRead,
  () => {
    const path = fixture("ragged.csv");
    assertThrows(
      () => loadCsv(path),
      SyntaxError,
      `Cannot load CSV file ${path.pathname}: line 4 has 2 fields, expected 3 like the header`,
    );
  },
);

Deno.test(
  "loadCsv() counts lines as in the file across quoted newlines, blank lines and CRLF",
  needsRead,
  () => {
    const path = fixture("quoted.csv");
    assertThrows(
      () => loadCsv(path, { columns: ["TEMP"] }),
      TypeError,
      `Cannot convert "0x10" to a number in ${path.pathname} line 7, column "TEMP"`,
    );
    const rows = readCsvRows(path);
    assertEquals(rows[1], ["1", "two\nlines", "10"]);
    assertEquals(rows[3], ["3", 'say "hi"', "-2.5"]);
  },
);

Deno.test(
  "loadCsv() rejects unknown columns, listing the available ones",
  needsRead,
  () => {
    assertThrows(
      () => loadCsv(pollution, { columns: ["TEMP", "TMP"] }),
      RangeError,
      `Cannot select column "TMP" from ${pollution.pathname}: no such column; available columns: "No", "year", "month", "day", "hour", "pm2.5", "DEWP", "TEMP", "PRES", "cbwd", "Iws", "Is", "Ir"`,
    );
    assertThrows(
      () => loadCsv(pollution, { columns: [13] }),
      RangeError,
      "Cannot select column 13 from",
    );
    assertThrows(
      () => loadCsv(pollution, { indexColumn: "date" }),
      RangeError,
      'column "date"',
    );
  },
);

Deno.test("loadCsv() names the path of a missing file", needsRead, () => {
  assertThrows(
    () => loadCsv("data/no_such_file.csv"),
    Deno.errors.NotFound,
    `Cannot read CSV file data/no_such_file.csv: no such file (working directory ${Deno.cwd()})`,
  );
});

Deno.test(
  "loadCsv() rejects an empty file and malformed quoting",
  needsRead,
  () => {
    assertThrows(
      () => loadCsv(fixture("empty.csv")),
      RangeError,
      "it is empty, expected a header row",
    );
    assertThrows(
      () => loadCsv(fixture("bad_quote.csv")),
      SyntaxError,
      `Cannot parse CSV file ${fixture("bad_quote.csv").pathname}`,
    );
  },
);

Deno.test(
  "loadCsv() parses signs, exponents and surrounding spaces",
  needsRead,
  () => {
    const path = fixture("quoted.csv");
    const rows = readCsvRows(path);
    assertEquals(rows.length, 5);
    const { data } = loadCsv(path, { columns: ["id"] });
    assertEquals(Array.from(data.data), [1, 2, 3, 4]);
    assertAlmostEquals(Number("1e1"), 10);
  },
);

/**
 * Loading numeric columns of a CSV file into a tensor.
 *
 * @module
 */
import { Tensor } from "../tensor/tensor.ts";
import { parseCsvText } from "./_parse_csv_text.ts";
import { displayPath, readTextFile } from "./_read_text.ts";
import { recordStartLines } from "./_record_lines.ts";

/** How {@linkcode loadCsv} treats missing values. */
export type MissingValuePolicy = "error" | "drop" | "ffill";

/** Options for {@linkcode loadCsv}. */
export interface LoadCsvOptions {
  /**
   * Columns to load, in this order, by header name or 0-based position.
   *
   * @default {all columns except `indexColumn`}
   */
  columns?: readonly (string | number)[];
  /**
   * A column (name or position) whose raw strings are returned as `index`,
   * e.g. dates. It is not converted to numbers.
   */
  indexColumn?: string | number;
  /**
   * Missing values in the selected columns: `"error"` throws, `"drop"`
   * removes rows that have any, `"ffill"` repeats the last value above
   * (pandas' `ffill`). A missing value in the first data row cannot be
   * forward-filled and throws a `RangeError` (pandas would leave NaN, which
   * silently turns every mean and loss into NaN).
   *
   * @default {"error"}
   */
  na?: MissingValuePolicy;
  /**
   * Field texts that mean "missing" (compared exactly, no trimming).
   *
   * @default {["NA", ""]}
   */
  naValues?: readonly string[];
  /**
   * Element type of `data`.
   *
   * @default {"float64"}
   */
  dtype?: "float64" | "float32";
}

/** A CSV file's selected numeric columns. */
export interface CsvTable {
  /** Names of the loaded columns, in the order of `data`'s columns. */
  header: string[];
  /** Values, shape [rows, header.length]. */
  data: Tensor;
  /** Raw strings of `indexColumn` for the loaded rows, if one was given. */
  index?: string[];
}

const NUMBER = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

/**
 * Loads numeric columns of a CSV file with a header row into a
 * [rows, columns] tensor, parsing with `@std/csv`. Every error names the
 * file, the line as counted in the file (1-based, header = line 1) and the
 * column.
 *
 * @param path File path (relative to the working directory) or file URL.
 * @param options Columns, index column, missing-value policy, dtype.
 * @returns Header of the loaded columns, the data and the index strings.
 * @throws {Deno.errors.NotFound} if the file does not exist.
 * @throws {SyntaxError} if the CSV is malformed or a row has a different
 * number of fields than the header.
 * @throws {RangeError} if the file is empty, a column does not exist, or a
 * missing value is not allowed by `na`.
 * @throws {TypeError} if a field is neither a number nor a missing value.
 *
 * @example Three weather columns of the Beijing data
 * ```ts
 * import { loadCsv } from "./load_csv.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { header, data } = loadCsv("data/pollution.csv", {
 *   columns: ["DEWP", "TEMP", "PRES"],
 * });
 * assertEquals(header, ["DEWP", "TEMP", "PRES"]);
 * assertEquals(data.shape, [43824, 3]);
 * assertEquals(Array.from(data.data.subarray(0, 3)), [-21, -11, 1021]);
 * ```
 *
 * @example A date index and forward-filled gaps
 * ```ts
 * import { loadCsv } from "./load_csv.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = loadCsv("data/clean_weather.csv", { indexColumn: 0, na: "ffill" });
 * assertEquals(t.header, ["tmax", "tmin", "rain", "tmax_tomorrow"]);
 * assertEquals(t.index?.[0], "1970-01-01");
 * ```
 */
export function loadCsv(
  path: string | URL,
  options: LoadCsvOptions = {},
): CsvTable {
  const source = displayPath(path);
  const text = readTextFile(path);
  const rows = parseCsvText(text, source);
  if (rows.length === 0) {
    throw new RangeError(
      `Cannot load CSV file ${source}: it is empty, expected a header row`,
    );
  }
  let startLines: number[] | undefined;
  const lineOf = (record: number) =>
    (startLines ??= recordStartLines(text))[record] ?? record + 1;

  const fileHeader = rows[0];
  const width = fileHeader.length;
  const resolve = (c: string | number) => columnIndex(fileHeader, c, source);
  const indexCol = options.indexColumn === undefined
    ? -1
    : resolve(options.indexColumn);
  const cols = options.columns === undefined
    ? fileHeader.map((_, j) => j).filter((j) => j !== indexCol)
    : options.columns.map(resolve);
  const k = cols.length;
  const na = options.na ?? "error";
  if (na !== "error" && na !== "drop" && na !== "ffill") {
    throw new RangeError(
      `Cannot load CSV file ${source}: na must be "error", "drop" or "ffill", got ${
        JSON.stringify(na)
      }`,
    );
  }
  const naValues = new Set(options.naValues ?? ["NA", ""]);

  const nRecords = rows.length - 1;
  const out = new Float64Array(nRecords * k);
  const index: string[] | undefined = indexCol >= 0 ? [] : undefined;
  let kept = 0;
  for (let r = 1; r <= nRecords; r++) {
    const row = rows[r];
    if (row.length !== width) {
      throw new SyntaxError(
        `Cannot load CSV file ${source}: line ${
          lineOf(r)
        } has ${row.length} fields, expected ${width} like the header`,
      );
    }
    if (na === "drop" && cols.some((j) => naValues.has(row[j]))) continue;
    const base = kept * k;
    for (let c = 0; c < k; c++) {
      const field = row[cols[c]];
      if (naValues.has(field)) {
        const where = `${source} line ${lineOf(r)}, column "${
          fileHeader[cols[c]]
        }"`;
        if (na === "error") {
          throw new RangeError(
            `Missing value ${
              JSON.stringify(field)
            } in ${where}: na is "error"; pass na: "drop" or "ffill" to accept missing values`,
          );
        }
        if (kept === 0) {
          throw new RangeError(
            `Cannot forward-fill the missing value ${
              JSON.stringify(field)
            } in ${where}: no earlier value in that column`,
          );
        }
        out[base + c] = out[base - k + c];
        continue;
      }
      if (!NUMBER.test(field)) {
        throw new TypeError(
          `Cannot convert ${
            JSON.stringify(field)
          } to a number in ${source} line ${lineOf(r)}, column "${
            fileHeader[cols[c]]
          }"`,
        );
      }
      out[base + c] = Number(field);
    }
    if (index) index.push(row[indexCol]);
    kept++;
  }
  const values = options.dtype === "float32"
    ? Float32Array.from(out.subarray(0, kept * k))
    : kept === nRecords
    ? out
    : out.slice(0, kept * k);
  const table: CsvTable = {
    header: cols.map((j) => fileHeader[j]),
    data: new Tensor(values, [kept, k]),
  };
  if (index) table.index = index;
  return table;
}

function columnIndex(
  header: string[],
  column: string | number,
  source: string,
): number {
  if (typeof column === "number") {
    if (!Number.isInteger(column) || column < 0 || column >= header.length) {
      throw new RangeError(
        `Cannot select column ${column} from ${source}: positions go from 0 to ${
          header.length - 1
        }`,
      );
    }
    return column;
  }
  const j = header.indexOf(column);
  if (j < 0) {
    throw new RangeError(
      `Cannot select column ${
        JSON.stringify(column)
      } from ${source}: no such column; available columns: ${
        header.map((h) => JSON.stringify(h)).join(", ")
      }`,
    );
  }
  return j;
}

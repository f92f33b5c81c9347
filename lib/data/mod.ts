/**
 * Data loading and preparation: CSV files to tensors, chronological splits,
 * standardization and sliding windows.
 *
 * @example Lab 1's pipeline in four calls
 * ```ts
 * import { fitStandardizer, loadCsv, slidingWindows, trainTestSplit } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const { data } = loadCsv("data/pollution.csv", { columns: ["DEWP", "TEMP", "PRES"] });
 * const { train, test } = trainTestSplit(data, 30000);
 * const s = fitStandardizer(train);
 * const { x, y } = slidingWindows(s.transform(test), 24, { targetColumn: 1 });
 * assertEquals(x.shape, [43824 - 30000 - 24, 24, 3]);
 * assertEquals(y.shape, [43824 - 30000 - 24, 1]);
 * ```
 *
 * @module
 */
export * from "./load_csv.ts";
export * from "./read_csv_rows.ts";
export * from "./split.ts";
export * from "./standardize.ts";
export * from "./windows.ts";
export * from "./data_file.ts";

/**
 * Lab 1's data, prepared independently of the notebook with the lib's data
 * helpers, for the lab's tests, checks and benchmarks: the first 43000 rows
 * of `data/pollution.csv` trimmed to whole days (42984), columns DEWP, TEMP,
 * PRES, Iws, Is, Ir, the seed's split and standardisation with the training
 * statistics.
 *
 * @module
 */
import {
  fitStandardizer,
  loadCsv,
  slidingWindows,
  trainTestSplit,
} from "../../lib/data/mod.ts";
import { dataFile } from "../../lib/data/data_file.ts";
import { narrow } from "../../lib/tensor/index.ts";
import type { Tensor } from "../../lib/tensor/tensor.ts";

/** Columns of the lab, by position in the CSV (DEWP, TEMP, PRES, Iws, Is, Ir). */
export const LAB01_COLUMNS = [6, 7, 8, 10, 11, 12] as const;

/** Everything the lab derives from the CSV before training. */
export interface Lab01Data {
  /** Raw values, shape [42984, 6]. */
  dataset: Tensor;
  /** `Math.trunc(0.8 * n - n % 24)`. */
  numTrainSamples: number;
  /** Training-set column means, shape [6]. */
  means: Tensor;
  /** Training-set unbiased column standard deviations, shape [6]. */
  stds: Tensor;
  /** Standardized training rows. */
  dataTrain: Tensor;
  /** Standardized test rows. */
  dataTest: Tensor;
  /** Test windows x (8573, 24, 6) and next-hour TEMP targets y (8573, 1). */
  test: { x: Tensor; y: Tensor };
}

/**
 * Prepares lab 1's data with `loadCsv`, `trainTestSplit` and
 * `fitStandardizer`.
 *
 * @param numTrainSamples Training rows; the seed's `Math.trunc(0.8 * n - n % 24)` = 34387 by default.
 * @returns The dataset, split, statistics and test windows.
 */
export function lab01Data(numTrainSamples?: number): Lab01Data {
  const { data } = loadCsv(dataFile("pollution.csv"), {
    columns: [...LAB01_COLUMNS],
  });
  const rows = 43000 - (43000 % 24);
  const dataset = narrow(data, 0, 0, rows);
  const n = dataset.shape[0];
  numTrainSamples ??= Math.trunc(0.8 * n - (n % 24));
  const { train, test } = trainTestSplit(dataset, numTrainSamples);
  const s = fitStandardizer(train);
  const dataTest = s.transform(test);
  return {
    dataset,
    numTrainSamples,
    means: s.mean,
    stds: s.std,
    dataTrain: s.transform(train),
    dataTest,
    test: slidingWindows(dataTest, 24, { targetColumn: 1 }),
  };
}

/** The layer list shared by the multi-layer recurrent nets (`RNN`, `LSTM`). */

/**
 * Checks `numLayers` and builds the layers: the first reads `inputSize`
 * features, every later one the `hiddenSize` states of the one before.
 *
 * @throws {RangeError} if `numLayers` is not an integer ≥ 1.
 */
export function buildLayers<L>(
  net: string,
  inputSize: number,
  hiddenSize: number,
  numLayers: number,
  make: (inputSize: number) => L,
): L[] {
  if (!Number.isInteger(numLayers) || numLayers < 1) {
    throw new RangeError(
      `${net}: numLayers must be an integer ≥ 1, got ${numLayers}`,
    );
  }
  const layers: L[] = [];
  for (let l = 0; l < numLayers; l++) {
    layers.push(make(l === 0 ? inputSize : hiddenSize));
  }
  return layers;
}

/** Sums of the columns of a row-major `rows × cols` matrix (bias gradients). */
export function columnSums(
  g: Float64Array,
  rows: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) out[j] += g[r + j];
  }
  return out;
}

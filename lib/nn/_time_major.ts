/** Copies between batch-major `(B, T, F)` and time-major `(T, B, F)` layouts. */

/** `dst[dOff + (t·B + b)·F + j] = src[sOff + (b·T + t)·F + j]`. */
export function toTimeMajor(
  src: ArrayLike<number>,
  sOff: number,
  dst: Float64Array,
  dOff: number,
  b: number,
  t: number,
  f: number,
): void {
  for (let bi = 0; bi < b; bi++) {
    for (let ti = 0; ti < t; ti++) {
      const s = sOff + (bi * t + ti) * f, d = dOff + (ti * b + bi) * f;
      for (let j = 0; j < f; j++) dst[d + j] = src[s + j];
    }
  }
}

/** `dst[dOff + (b·T + t)·F + j] = src[sOff + (t·B + b)·F + j]`. */
export function toBatchMajor(
  src: Float64Array,
  sOff: number,
  dst: Float64Array | Float32Array,
  dOff: number,
  b: number,
  t: number,
  f: number,
): void {
  for (let ti = 0; ti < t; ti++) {
    for (let bi = 0; bi < b; bi++) {
      const s = sOff + (ti * b + bi) * f, d = dOff + (bi * t + ti) * f;
      for (let j = 0; j < f; j++) dst[d + j] = src[s + j];
    }
  }
}

/** `dst[dOff + p·R + r] = scale(r) · src[r·C + p]`: the transpose of an `R×C` matrix. */
export function transposeInto(
  src: ArrayLike<number>,
  rows: number,
  cols: number,
  dst: Float64Array,
  dOff: number,
  scale?: (r: number) => number,
): void {
  for (let r = 0; r < rows; r++) {
    const s = scale ? scale(r) : 1;
    for (let p = 0; p < cols; p++) {
      dst[dOff + p * rows + r] = s * src[r * cols + p];
    }
  }
}

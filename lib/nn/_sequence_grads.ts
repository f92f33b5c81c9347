/**
 * The pieces shared by the fused sequence layers (`rnn_recurrence.ts`,
 * `lstmSequence`): the time-major input with a column of ones (so that one
 * matrix product applies weights and bias, and one gives both gradients),
 * and the backward tail: weight, bias and input gradients from dL/dz of all
 * steps.
 *
 * @module
 */
import { copyRows, toTimeMajor } from "./_time_major.ts";
import type { Kernels } from "./_wasm.ts";

/** Columns of the augmented input `[x, 1, 0…]`: `D + 1` rounded up to 4. */
export function augmentedWidth(d: number): number {
  return (d + 4) & ~3;
}

/**
 * Writes `x (B, T, D)` time-major into `f` at `at` as `T·Bp` rows of
 * `augmentedWidth(D)` columns `[x_t, 1, 0…]` (padded batch rows `[0, 1, 0…]`).
 */
export function augmentedInputs(
  x: ArrayLike<number>,
  f: Float64Array,
  at: number,
  b: number,
  steps: number,
  d: number,
  bp: number,
): void {
  const da = augmentedWidth(d), rows = steps * bp;
  f.fill(0, at, at + rows * da);
  toTimeMajor(x, 0, f, at, b, steps, d, bp, da);
  for (let r = 0; r < rows; r++) f[at + r * da + d] = 1;
}

/** Which gradients {@linkcode sequenceWeightGrads} computes. */
export interface SequenceGradNeeds {
  /** dL/dW_ih. */
  weightIh: boolean;
  /** dL/dW_hh. */
  weightHh: boolean;
  /** dL/db. */
  bias: boolean;
  /** dL/dx (left time-major in the heap). */
  x: boolean;
}

/**
 * Backward tail of the fused layers: from `dZ (T·B×G)` (time-major, in `f`
 * at `dZ`), the augmented inputs at `xAt` (from {@linkcode augmentedInputs})
 * and the previous hidden states `H_prev (T·B×H)` at `hPrevAt`, computes
 * `dW_ih (G×D)`, `dW_hh (G×H)`, `db (G)` and, at the returned `dxAt`,
 * `dX` (T·B rows of `augmentedWidth(D)`; the first D columns count).
 * `weightIh` holds `ihRows ≤ G` rows of `D` (rows beyond it count as zero: a
 * layer padded to a multiple of 4). Uses `f` from `scratch` on.
 */
export function sequenceWeightGrads(
  k: Kernels,
  f: Float64Array,
  dZ: number,
  xAt: number,
  hPrevAt: number,
  scratch: number,
  rows: number,
  g: number,
  d: number,
  h: number,
  weightIh: ArrayLike<number>,
  ihRows: number,
  need: SequenceGradNeeds,
): {
  gWih: Float64Array | null;
  gWhh: Float64Array | null;
  gB: Float64Array | null;
  dxAt: number;
} {
  const da = augmentedWidth(d);
  let gWhh: Float64Array | null = null, gWih: Float64Array | null = null;
  let gB: Float64Array | null = null;
  if (need.weightHh) {
    // dW_hh (G×H) = dZᵀ · H_prev
    k.gemm(dZ * 8, hPrevAt * 8, scratch * 8, g, rows, h, 8, g * 8, 0);
    gWhh = f.slice(scratch, scratch + g * h);
  }
  if (need.weightIh || need.bias) {
    // [dW_ih | db] (G×Da) = dZᵀ · [X | 1]
    k.gemm(dZ * 8, xAt * 8, scratch * 8, g, rows, da, 8, g * 8, 0);
    if (need.weightIh) {
      gWih = new Float64Array(g * d);
      copyRows(f, scratch, g, d, gWih, 0, d, da);
    }
    if (need.bias) {
      gB = new Float64Array(g);
      for (let j = 0; j < g; j++) gB[j] = f[scratch + j * da + d];
    }
  }
  let dxAt = -1;
  if (need.x) {
    // dX (T·B×Da) = dZ · W_ih, W_ih copied into the scratch area first.
    dxAt = scratch + g * da;
    f.fill(0, scratch, dxAt);
    copyRows(weightIh, 0, ihRows, d, f, scratch, da);
    k.gemm(dZ * 8, scratch * 8, dxAt * 8, rows, g, da, g * 8, 8, 0);
  }
  return { gWih, gWhh, gB, dxAt };
}

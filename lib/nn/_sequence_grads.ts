/**
 * The backward tail shared by the fused sequence layers (`rnnSequence`,
 * `lstmSequence`): weight, bias and input gradients from dL/dz of all steps.
 *
 * @module
 */
import { gemm } from "../tensor/gemm.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { kernels } from "./_wasm.ts";

/**
 * Shared backward tail of the fused layers: from `dZ (T·B×G)` (time-major,
 * in `f` at `dZ`), the inputs `X (T·B×D)` at `xAt` and previous hidden
 * states at `hPrevAt`, computes the weight, bias and input gradients.
 */
export function sequenceWeightGrads(
  f: Float64Array,
  dZ: number,
  xAt: number,
  hPrevAt: number,
  scratch: number,
  rows: number,
  g: number,
  d: number,
  h: number,
  weightIh: Tensor,
  needIh: boolean,
  needHh: boolean,
  needBias: boolean,
  needX: boolean,
): {
  gWih: Float64Array | null;
  gWhh: Float64Array | null;
  gB: Float64Array | null;
  dxAt: number;
} {
  const k = kernels!;
  let gWhh: Float64Array | null = null, gWih: Float64Array | null = null;
  let gB: Float64Array | null = null;
  if (needHh) {
    // dWhh (G×H) = dZᵀ · H_prev
    k.gemm(dZ * 8, hPrevAt * 8, scratch * 8, g, rows, h, 8, g * 8, 0);
    gWhh = f.slice(scratch, scratch + g * h);
  }
  if (needIh) {
    if (d % 4 === 0) {
      k.gemm(dZ * 8, xAt * 8, scratch * 8, g, rows, d, 8, g * 8, 0);
      gWih = f.slice(scratch, scratch + g * d);
    } else {
      // Narrow inputs (D = 1 in the lab): rows outer, gates inner.
      gWih = new Float64Array(g * d);
      for (let r = 0; r < rows; r++) {
        const zr = dZ + r * g;
        for (let p = 0; p < d; p++) {
          const xv = f[xAt + r * d + p];
          if (xv === 0) continue;
          for (let j = 0; j < g; j++) gWih[j * d + p] += f[zr + j] * xv;
        }
      }
    }
  }
  if (needBias) {
    gB = new Float64Array(g);
    for (let r = 0; r < rows; r++) {
      const o = dZ + r * g;
      for (let j = 0; j < g; j++) gB[j] += f[o + j];
    }
  }
  let dxAt = -1;
  if (needX) {
    // dX (T·B×D) = dZ · W_ih; W_ih copied into the scratch area first.
    dxAt = scratch + g * d;
    f.set(weightIh.data, scratch);
    if (d % 4 === 0) {
      k.gemm(dZ * 8, scratch * 8, dxAt * 8, rows, g, d, g * 8, 8, 0);
    } else {
      gemm(f, dZ, f, scratch, f, dxAt, rows, g, d, false, false, false);
    }
  }
  return { gWih, gWhh, gB, dxAt };
}

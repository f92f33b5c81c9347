/**
 * The LSTM cell, PyTorch's gate order i, f, g, o:
 *
 * ```
 * i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
 * c_t = f ⊙ c_{t−1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
 * ```
 *
 * where `z = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh`.
 *
 * @module
 */
import {
  sigmoidGrad,
  sigmoidInPlace,
  tanhGrad,
  tanhInPlace,
} from "../kernels/activations.ts";
import { heapKernel } from "../kernels/wasm.ts";
import type { CellSpec, CellStep, CellStepBackward } from "./cell_spec.ts";

function forward(s: CellStep): void {
  const { f, rows, hp, z, cPrev, cNow, hNow, saved } = s;
  const k = heapKernel(f, "lstm_forward");
  if (k !== null) {
    // One pass over the step: gates, c_t, tanh c_t and h_t.
    const { run, at } = k;
    run(at(z), at(cPrev), at(cNow), at(saved), at(hNow), rows, hp);
    return;
  }
  const g = 4 * hp;
  // The g block was packed doubled: σ(2z) serves it, tanh z = 2σ(2z) − 1.
  sigmoidInPlace(f, z, rows * g);
  for (let r = 0; r < rows; r++) {
    const zr = z + r * g, q0 = r * hp;
    for (let j = 0; j < hp; j++) {
      const gi = zr + 2 * hp + j;
      const gg = 2 * f[gi] - 1;
      f[gi] = gg;
      const q = q0 + j;
      const c = f[zr + hp + j] * f[cPrev + q] + f[zr + j] * gg;
      f[cNow + q] = c;
      f[saved + q] = c;
    }
  }
  tanhInPlace(f, saved, rows * hp);
  for (let r = 0; r < rows; r++) {
    const o = z + r * g + 3 * hp, q0 = r * hp;
    for (let j = 0; j < hp; j++) {
      f[hNow + q0 + j] = f[o + j] * f[saved + q0 + j];
    }
  }
}

/**
 * ```
 * dc  = dL/dc_t + dL/dh_t ⊙ o ⊙ (1 − tanh²c_t)
 * dz_i = dc ⊙ g ⊙ σ′(i)   dz_f = dc ⊙ c_{t−1} ⊙ σ′(f)
 * dz_g = dc ⊙ i ⊙ tanh′(g)   dz_o = dL/dh_t ⊙ tanh c_t ⊙ σ′(o)
 * dL/dc_{t−1} = dc ⊙ f
 * ```
 */
function backward(s: CellStepBackward): void {
  const { f, rows, hp, z, cPrev, saved, dh, dc, dzi } = s;
  const k = heapKernel(f, "lstm_backward");
  if (k !== null) {
    const { run, at } = k;
    run(at(z), at(cPrev), at(saved), at(dh), at(dc), at(dzi), rows, hp);
    return;
  }
  const g = 4 * hp;
  for (let r = 0; r < rows; r++) {
    const zr = z + r * g, dr = dzi + r * g, q0 = r * hp;
    for (let j = 0; j < hp; j++) {
      const q = q0 + j;
      const i = f[zr + j], fg = f[zr + hp + j];
      const gg = f[zr + 2 * hp + j], o = f[zr + 3 * hp + j];
      const tc = f[saved + q], dhv = f[dh + q];
      const d = f[dc + q] + dhv * o * tanhGrad(tc);
      f[dr + j] = d * gg * sigmoidGrad(i);
      f[dr + hp + j] = d * f[cPrev + q] * sigmoidGrad(fg);
      f[dr + 2 * hp + j] = d * i * tanhGrad(gg);
      f[dr + 3 * hp + j] = dhv * tc * sigmoidGrad(o);
      f[dc + q] = d * fg;
    }
  }
}

/**
 * The LSTM cell spec.
 *
 * @example
 * ```ts
 * import { lstmCellSpec } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([lstmCellSpec.gates, lstmCellSpec.gateScale(2)], [4, 2]);
 * ```
 */
export const lstmCellSpec: CellSpec = {
  mode: "LSTM",
  gates: 4,
  hasCell: true,
  separateHidden: false,
  saves: true,
  gateScale: (q) => (q === 2 ? 2 : 1),
  forward,
  backward,
};

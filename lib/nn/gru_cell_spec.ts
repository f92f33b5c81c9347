/**
 * The GRU cell, PyTorch's gate order r, z, n:
 *
 * ```
 * r = σ(W_ir x + b_ir + W_hr h + b_hr)
 * z = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * ```
 *
 * The hidden projection stays apart from the input projection, as `r`
 * multiplies only its n block.
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
  const { f, rows, hp, z, gh, hPrev, hNow, saved } = s;
  const k = heapKernel(f, "gru_forward");
  if (k !== null) {
    // One pass over the step: r, z, n and h_t.
    const { run, at } = k;
    run(at(z), at(gh), at(hPrev), at(saved), at(hNow), rows, hp);
    return;
  }
  const g = 3 * hp;
  for (let r = 0; r < rows; r++) {
    const zr = z + r * g, gr = gh + r * g;
    for (let j = 0; j < 2 * hp; j++) f[zr + j] += f[gr + j];
    sigmoidInPlace(f, zr, 2 * hp);
    const q0 = saved + r * hp;
    for (let j = 0; j < hp; j++) {
      f[q0 + j] = f[zr + 2 * hp + j] + f[zr + j] * f[gr + 2 * hp + j];
    }
  }
  tanhInPlace(f, saved, rows * hp);
  for (let r = 0; r < rows; r++) {
    const u = z + r * g + hp, q0 = r * hp;
    for (let j = 0; j < hp; j++) {
      const q = q0 + j, uz = f[u + j];
      f[hNow + q] = (1 - uz) * f[saved + q] + uz * f[hPrev + q];
    }
  }
}

/**
 * ```
 * dn = dh ⊙ (1 − z) ⊙ tanh′(n)      dz = dh ⊙ (h_{t−1} − n) ⊙ σ′(z)
 * dr = dn ⊙ (W_hn h + b_hn) ⊙ σ′(r)  dL/dh_{t−1} += dh ⊙ z
 * input side [dr, dz, dn], hidden side [dr, dz, dn ⊙ r]
 * ```
 */
function backward(s: CellStepBackward): void {
  const { f, rows, hp, z, gh, hPrev, saved, dh, dhPrev, dzi, dzh } = s;
  const k = heapKernel(f, "gru_backward");
  if (k !== null) {
    const { run, at } = k;
    run(
      at(z),
      at(gh),
      at(hPrev),
      at(saved),
      at(dh),
      at(dhPrev),
      at(dzi),
      at(dzh),
      rows,
      hp,
    );
    return;
  }
  const g = 3 * hp;
  for (let r = 0; r < rows; r++) {
    const zr = z + r * g, gr = gh + r * g, di = dzi + r * g, dg = dzh + r * g;
    const q0 = r * hp;
    for (let j = 0; j < hp; j++) {
      const q = q0 + j;
      const rg = f[zr + j], u = f[zr + hp + j], n = f[saved + q];
      const d = f[dh + q];
      const dn = d * (1 - u) * tanhGrad(n);
      const du = d * (f[hPrev + q] - n) * sigmoidGrad(u);
      const dr = dn * f[gr + 2 * hp + j] * sigmoidGrad(rg);
      f[dhPrev + q] += d * u;
      f[di + j] = dr;
      f[di + hp + j] = du;
      f[di + 2 * hp + j] = dn;
      f[dg + j] = dr;
      f[dg + hp + j] = du;
      f[dg + 2 * hp + j] = dn * rg;
    }
  }
}

/**
 * The GRU cell spec.
 *
 * @example
 * ```ts
 * import { gruCellSpec } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([gruCellSpec.gates, gruCellSpec.separateHidden], [3, true]);
 * ```
 */
export const gruCellSpec: CellSpec = {
  mode: "GRU",
  gates: 3,
  hasCell: false,
  separateHidden: true,
  saves: true,
  gateScale: () => 1,
  forward,
  backward,
};

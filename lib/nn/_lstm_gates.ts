/** The LSTM's gate arithmetic backwards, shared by `lstmCell` and `lstmSequence`. */

/**
 * Back through one row of `H` units of an LSTM step, from the gate values
 * `i, f, g, o` (blocks of `H` at `gOff`), `tanh(c')`, the previous cell
 * state `c`, dL/dh' and dL/dc' (from outside and the next step):
 *
 * ```
 * dc  = dL/dc' + dL/dh' ⊙ o ⊙ (1 − tanh²c')
 * dz_i = dc ⊙ g ⊙ i(1 − i)    dz_f = dc ⊙ c ⊙ f(1 − f)
 * dz_g = dc ⊙ i ⊙ (1 − g²)    dz_o = dL/dh' ⊙ tanh c' ⊙ o(1 − o)
 * dL/dc = dc ⊙ f              (into `dcOut`, which may alias `dcIn`)
 * ```
 */
export function lstmRowBackward(
  h: number,
  gates: ArrayLike<number>,
  gOff: number,
  tanhC: ArrayLike<number>,
  tOff: number,
  cPrev: ArrayLike<number>,
  cOff: number,
  dh: ArrayLike<number>,
  dhOff: number,
  dcIn: ArrayLike<number>,
  dcInOff: number,
  dz: Float64Array,
  dzOff: number,
  dcOut: Float64Array | null,
  dcOutOff: number,
): void {
  for (let j = 0; j < h; j++) {
    const i = gates[gOff + j], fg = gates[gOff + h + j];
    const gg = gates[gOff + 2 * h + j], o = gates[gOff + 3 * h + j];
    const tc = tanhC[tOff + j], dhv = dh[dhOff + j];
    const dc = dcIn[dcInOff + j] + dhv * o * (1 - tc * tc);
    dz[dzOff + j] = dc * gg * i * (1 - i);
    dz[dzOff + h + j] = dc * cPrev[cOff + j] * fg * (1 - fg);
    dz[dzOff + 2 * h + j] = dc * i * (1 - gg * gg);
    dz[dzOff + 3 * h + j] = dhv * tc * o * (1 - o);
    if (dcOut !== null) dcOut[dcOutOff + j] = dc * fg;
  }
}

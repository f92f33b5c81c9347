/**
 * What one recurrent mode (RNN, LSTM, GRU) tells the shared recurrent
 * kernel: its gate count, how its projections are combined, and its
 * point-wise step forward and backward (PyTorch's fused cells likewise take
 * the two projections and do the rest element by element).
 *
 * @module
 */
import type { Floats } from "../kernels/gemm.ts";

/**
 * Offsets (in doubles) into the kernel's buffer for one step of a batch of
 * `rows` sequences (padded to a multiple of 4) and `hp` hidden units per
 * gate (padded likewise). Each gate block of a row is `hp` wide; a row of
 * gates is `gates · hp` wide.
 */
export interface CellStep {
  /** The buffer (the WebAssembly heap, or a plain array), either precision. */
  f: Floats;
  /** Rows (padded batch). */
  rows: number;
  /** Hidden units per gate block (padded). */
  hp: number;
  /**
   * Gate pre-activations of the step, `rows × gates·hp`: the input
   * projection with `b_ih`, plus (unless `separateHidden`) the hidden
   * projection with `b_hh`. The forward step may overwrite them with what
   * its backward step needs (the gate activations).
   */
  z: number;
  /** The hidden projection `h_{t−1} W_hhᵀ + b_hh` (with `separateHidden`). */
  gh: number;
  /** `h_{t−1}`, `rows × hp`. */
  hPrev: number;
  /** `h_t`, `rows × hp` (written by the forward step). */
  hNow: number;
  /** `c_{t−1}` (with `hasCell`). */
  cPrev: number;
  /** `c_t` (with `hasCell`; written by the forward step). */
  cNow: number;
  /** `rows × hp` the step may keep for its backward step (`saved`). */
  saved: number;
}

/** A step backwards: {@linkcode CellStep} plus the gradients. */
export interface CellStepBackward extends CellStep {
  /** The total dL/dh_t, `rows × hp`. */
  dh: number;
  /** dL/dh_{t−1}: the step adds its direct share (the GRU's `z ⊙ dh`). */
  dhPrev: number;
  /**
   * With `hasCell`: dL/dc_t on entry (from outside and from step t + 1),
   * dL/dc_{t−1} on exit.
   */
  dc: number;
  /** Receives dL/d(input projection), `rows × gates·hp`. */
  dzi: number;
  /**
   * Receives dL/d(hidden projection) with `separateHidden`; otherwise it
   * equals `dzi` (the same offset).
   */
  dzh: number;
}

/** One recurrent mode over the shared kernel. */
export interface CellSpec {
  /** PyTorch's mode name: `RNN_TANH`, `RNN_RELU`, `LSTM`, `GRU`. */
  readonly mode: string;
  /** Gate blocks per unit: 1 (RNN), 3 (GRU), 4 (LSTM). */
  readonly gates: number;
  /** Whether the cell carries a cell state `c` (LSTM). */
  readonly hasCell: boolean;
  /**
   * Whether the hidden projection must stay apart from the input
   * projection (the GRU's `n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))`).
   */
  readonly separateHidden: boolean;
  /** Whether the step keeps a `rows × hp` block in `saved`. */
  readonly saves: boolean;
  /**
   * A factor applied to gate block `q`'s weights and biases when they are
   * packed (the LSTM doubles its g block so that one sigmoid call serves
   * all four gates: `tanh z = 2σ(2z) − 1`); the backward pass sees
   * gradients with respect to the unscaled pre-activations.
   */
  gateScale(q: number): number;
  /** Computes `h_t` (and `c_t`) from the step's projections. */
  forward(s: CellStep): void;
  /** Back through the step: fills `dzi`, `dzh`, adds to `dhPrev`, updates `dc`. */
  backward(s: CellStepBackward): void;
}

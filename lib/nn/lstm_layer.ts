/**
 * `LSTMLayer`: a single-layer LSTM over a batch of sequences.
 *
 * @module
 */
import { select } from "../tensor/index.ts";
import { stack } from "../tensor/stack.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type InitOptions, uniformParameter } from "./init.ts";
import { lstmCell } from "./lstm_cell.ts";
import { lstmSequence } from "./lstm_sequence.ts";
import { canFuseSequence } from "./rnn_sequence.ts";
import { Module } from "./module.ts";
import { checkSequence, checkState, zeroState } from "./_recurrent_input.ts";

/**
 * Single-layer LSTM with PyTorch's semantics and gate order (i, f, g, o):
 *
 * ```
 * i_t = σ(W_ii x_t + b_ii + W_hi h_{t−1} + b_hi)
 * f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf)
 * g_t = tanh(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)
 * o_t = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho)
 * c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t,    h_t = o_t ⊙ tanh(c_t)
 * ```
 *
 * Parameters (U(−1/√H, 1/√H)): `weightIh (4H, D)` = [W_ii; W_if; W_ig; W_io],
 * `weightHh (4H, H)`, `biasIh (4H)`, `biasHh (4H)`. `hList` keeps the
 * per-step hidden states (with `retainGrad()`), as in {@linkcode RNNLayer}.
 * With batch and hidden sizes that are multiples of 4 the sequence is one
 * fused node ({@linkcode lstmSequence}), else one {@linkcode lstmCell} per step.
 *
 * @example
 * ```ts
 * import { LSTMLayer } from "./lstm_layer.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const lstm = new LSTMLayer(2, 3);
 * const [out, [hN, cN]] = lstm.forward(zeros(4, 5, 2));
 * assertEquals([out.shape, hN.shape, cN.shape], [[4, 5, 3], [4, 3], [4, 3]]);
 * assertEquals(lstm.numParameters(), 4 * (3 * 2 + 3 * 3 + 2 * 3));
 * ```
 */
export class LSTMLayer extends Module {
  /** D. */
  readonly inputSize: number;
  /** H. */
  readonly hiddenSize: number;
  /** `(4H, D)`. */
  weightIh: Tensor;
  /** `(4H, H)`. */
  weightHh: Tensor;
  /** `(4H)`. */
  biasIh: Tensor;
  /** `(4H)`. */
  biasHh: Tensor;
  /** Hidden states `[h_1, …, h_T]`, each `(B, H)`, of the last `forward`. */
  hList: Tensor[] = [];

  /**
   * @param inputSize D.
   * @param hiddenSize H.
   * @param options `generator`, `dtype`.
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    options: InitOptions = {},
  ) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    const bound = 1 / Math.sqrt(hiddenSize);
    const g = 4 * hiddenSize;
    this.weightIh = uniformParameter([g, inputSize], bound, options);
    this.weightHh = uniformParameter([g, hiddenSize], bound, options);
    this.biasIh = uniformParameter([g], bound, options);
    this.biasHh = uniformParameter([g], bound, options);
  }

  /**
   * @param x Input `(B, T, D)`.
   * @param state `[h0, c0]`, each `(B, H)`; zeros when omitted.
   * @returns `[allH (B, T, H), [hN (B, H), cN (B, H)]]`.
   * @throws {TypeError} on a shape mismatch.
   * @throws {RangeError} if `T` is 0.
   */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const [b, steps] = checkSequence(
      "LSTMLayer",
      x,
      this.inputSize,
      this.weightIh,
    );
    if (steps === 0) {
      throw new RangeError("LSTMLayer: seq_len must be at least 1, got 0");
    }
    const nh = this.hiddenSize;
    let h: Tensor, c: Tensor;
    if (state === undefined) {
      h = zeroState(b, nh, this.weightHh);
      c = zeroState(b, nh, this.weightHh);
    } else {
      [h, c] = state;
      checkState("LSTMLayer", "h0", h, b, nh);
      checkState("LSTMLayer", "c0", c, b, nh);
    }
    const hList: Tensor[] = [];
    if (canFuseSequence(b, nh)) {
      const out = lstmSequence(
        x,
        state?.[0] ?? null,
        state?.[1] ?? null,
        this.weightIh,
        this.weightHh,
        this.biasIh,
        this.biasHh,
        hList,
      );
      for (const ht of hList) ht.retainGrad();
      this.hList = hList;
      const allH = select(out, 0, 0);
      const cN = select(select(out, 0, 1), 1, steps - 1);
      return [allH, [select(allH, 1, steps - 1), cN]];
    }
    for (let t = 0; t < steps; t++) {
      const hc = lstmCell(
        select(x, 1, t),
        h,
        c,
        this.weightIh,
        this.weightHh,
        this.biasIh,
        this.biasHh,
      );
      h = select(hc, 0, 0);
      c = select(hc, 0, 1);
      hList.push(h.retainGrad());
    }
    this.hList = hList;
    return [stack(hList, 1), [h, c]];
  }
}

/**
 * `LSTM`: the multi-layer LSTM (PyTorch's `nn.LSTM`, batch-first).
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { lstmCellSpec } from "./lstm_cell_spec.ts";
import { RNNBase, type RNNBaseOptions } from "./rnn_base.ts";

/**
 * Multi-layer LSTM with PyTorch's gate order (i, f, g, o):
 *
 * ```
 * i_t = σ(W_ii x_t + b_ii + W_hi h_{t−1} + b_hi)
 * f_t = σ(W_if x_t + b_if + W_hf h_{t−1} + b_hf)
 * g_t = tanh(W_ig x_t + b_ig + W_hg h_{t−1} + b_hg)
 * o_t = σ(W_io x_t + b_io + W_ho h_{t−1} + b_ho)
 * c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t,    h_t = o_t ⊙ tanh(c_t)
 * ```
 *
 * `weight_ih_lℓ` is `(4H, D)` = [W_ii; W_if; W_ig; W_io]. See
 * {@linkcode RNNBase} for names, initialisation and `hList`.
 *
 * @example
 * ```ts
 * import { LSTM } from "./mod.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const lstm = new LSTM(1, 8, 2);
 * const [out, [hN, cN]] = lstm.forward(zeros(3, 4, 1));
 * assertEquals([out.shape, hN.shape, cN.shape], [[3, 4, 8], [2, 3, 8], [2, 3, 8]]);
 * ```
 */
export class LSTM extends RNNBase {
  /**
   * @param inputSize D.
   * @param hiddenSize H.
   * @param numLayers L ≥ 1 (default 1).
   * @param options `bias`, `generator`, `dtype`.
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    numLayers = 1,
    options: RNNBaseOptions = {},
  ) {
    super(lstmCellSpec, inputSize, hiddenSize, numLayers, options);
  }

  /**
   * @param x Input `(B, T, D)`.
   * @param state `[h0, c0]`, each `(L, B, H)`; zeros when omitted.
   * @returns `[output (B, T, H), [hN (L, B, H), cN (L, B, H)]]`.
   * @throws {TypeError} on a shape or dtype mismatch.
   */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const { output, hN, cN } = this.run(x, state?.[0], state?.[1]);
    return [output, [hN, cN!]];
  }
}

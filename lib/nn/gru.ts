/**
 * `GRU`: the multi-layer gated recurrent unit (PyTorch's `nn.GRU`,
 * batch-first).
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { gruCellSpec } from "./gru_cell_spec.ts";
import { RNNBase, type RNNBaseOptions } from "./rnn_base.ts";

/**
 * Multi-layer GRU with PyTorch's gate order (r, z, n):
 *
 * ```
 * r_t = σ(W_ir x_t + b_ir + W_hr h_{t−1} + b_hr)
 * z_t = σ(W_iz x_t + b_iz + W_hz h_{t−1} + b_hz)
 * n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t−1} + b_hn))
 * h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
 * ```
 *
 * `weight_ih_lℓ` is `(3H, D)` = [W_ir; W_iz; W_in]. See
 * {@linkcode RNNBase} for names, initialisation and `hList`.
 *
 * @example
 * ```ts
 * import { GRU } from "./mod.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const gru = new GRU(2, 3, 2);
 * const [out, hN] = gru.forward(zeros(4, 5, 2));
 * assertEquals([out.shape, hN.shape], [[4, 5, 3], [2, 4, 3]]);
 * assertEquals(gru.numParameters(), 3 * (21 + 24));
 * ```
 */
export class GRU extends RNNBase {
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
    super(gruCellSpec, inputSize, hiddenSize, numLayers, options);
  }

  /**
   * @param x Input `(B, T, D)`.
   * @param h0 Initial hidden states `(L, B, H)`; zeros when omitted.
   * @returns `[output (B, T, H), hN (L, B, H)]`.
   * @throws {TypeError} on a shape or dtype mismatch.
   */
  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    const { output, hN } = this.run(x, h0);
    return [output, hN];
  }
}

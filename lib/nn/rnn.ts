/**
 * `RNN`: the multi-layer Elman RNN (PyTorch's `nn.RNN`, batch-first).
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { RNNBase, type RNNBaseOptions } from "./rnn_base.ts";
import {
  checkNonlinearity,
  type Nonlinearity,
  rnnCellSpec,
} from "./rnn_cell_spec.ts";

/** Options of {@linkcode RNN}. */
export interface RNNOptions extends RNNBaseOptions {
  /** `"tanh"` (default), `"relu"`, or `"identity"` (a linear RNN). */
  nonlinearity?: Nonlinearity;
}

/**
 * Multi-layer Elman RNN (T time, B batch, D input, H hidden, L layers):
 *
 * ```
 * h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh),   t = 1..T
 * ```
 *
 * The plain reference loop of one layer:
 *
 * ```ts ignore
 * let h = h0;
 * for (let t = 0; t < T; t++) h = tanh(x[:, t] @ W_ihᵀ + b_ih + h @ W_hhᵀ + b_hh);
 * ```
 *
 * Two biases per layer, as PyTorch: `new RNN(2, 3)` has 6 + 9 + 3 + 3 = 21
 * parameters. See {@linkcode RNNBase} for names, initialisation and `hList`.
 *
 * @example
 * ```ts
 * import { RNN } from "./mod.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rnn = new RNN(2, 3, 2);
 * const [out, hN] = rnn.forward(zeros(4, 5, 2));
 * assertEquals([out.shape, hN.shape], [[4, 5, 3], [2, 4, 3]]);
 * assertEquals(rnn.numParameters(), 21 + 24);
 * ```
 */
export class RNN extends RNNBase {
  /** The activation. */
  readonly nonlinearity: Nonlinearity;

  /**
   * @param inputSize D.
   * @param hiddenSize H.
   * @param numLayers L ≥ 1 (default 1).
   * @param options `nonlinearity`, `bias`, `generator`, `dtype`.
   * @throws {RangeError} for an unknown nonlinearity or a size below 1.
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    numLayers = 1,
    options: RNNOptions = {},
  ) {
    const act = checkNonlinearity("RNN", options.nonlinearity ?? "tanh");
    super(rnnCellSpec(act), inputSize, hiddenSize, numLayers, options);
    this.nonlinearity = act;
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

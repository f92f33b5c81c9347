/**
 * `LSTM`: a stack of {@linkcode LSTMLayer}s.
 *
 * @module
 */
import { select } from "../tensor/index.ts";
import { stack } from "../tensor/stack.ts";
import type { Tensor } from "../tensor/tensor.ts";
import type { InitOptions } from "./init.ts";
import { LSTMLayer } from "./lstm_layer.ts";
import { Module } from "./module.ts";
import { buildLayers } from "./_layer_stack.ts";

/**
 * Multi-layer LSTM (PyTorch's `nn.LSTM` with `batch_first=True`, no
 * dropout): layer ℓ reads the hidden states of layer ℓ−1. Parameters are
 * named `layers.ℓ.weightIh`, `layers.ℓ.weightHh`, `layers.ℓ.biasIh`,
 * `layers.ℓ.biasHh` (PyTorch: `weight_ih_lℓ`, …).
 *
 * @example
 * ```ts
 * import { LSTM } from "./lstm.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const lstm = new LSTM(1, 8, 2);
 * const [out, [hN, cN]] = lstm.forward(zeros(3, 4, 1));
 * assertEquals([out.shape, hN.shape, cN.shape], [[3, 4, 8], [2, 3, 8], [2, 3, 8]]);
 * ```
 */
export class LSTM extends Module {
  /** D. */
  readonly inputSize: number;
  /** H. */
  readonly hiddenSize: number;
  /** L. */
  readonly numLayers: number;
  /** The layers, first to last. */
  layers: LSTMLayer[];

  /**
   * @param inputSize D.
   * @param hiddenSize H.
   * @param numLayers L ≥ 1.
   * @param options `generator`, `dtype`.
   * @throws {RangeError} if `numLayers` < 1.
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    numLayers = 1,
    options: InitOptions = {},
  ) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.layers = buildLayers(
      "LSTM",
      inputSize,
      hiddenSize,
      numLayers,
      (d) => new LSTMLayer(d, hiddenSize, options),
    );
  }

  /**
   * @param x Input `(B, T, D)`.
   * @param state `[h0, c0]`, each `(L, B, H)`; zeros when omitted.
   * @returns `[output (B, T, H), [hN (L, B, H), cN (L, B, H)]]`.
   */
  forward(x: Tensor, state?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    let out = x;
    const hs: Tensor[] = [], cs: Tensor[] = [];
    this.layers.forEach((layer, l) => {
      const s: [Tensor, Tensor] | undefined = state === undefined
        ? undefined
        : [select(state[0], 0, l), select(state[1], 0, l)];
      const [allH, [h, c]] = layer.forward(out, s);
      out = allH;
      hs.push(h);
      cs.push(c);
    });
    return [out, [stack(hs, 0), stack(cs, 0)]];
  }
}

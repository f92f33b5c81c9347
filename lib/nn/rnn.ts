/**
 * `RNN`: a stack of {@linkcode RNNLayer}s.
 *
 * @module
 */
import { stack } from "../tensor/stack.ts";
import { select } from "../tensor/index.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import { buildLayers } from "./_layer_stack.ts";
import { RNNLayer, type RNNLayerOptions } from "./rnn_layer.ts";

/**
 * Multi-layer Elman RNN: layer ℓ reads the hidden states of layer ℓ−1 (the
 * first reads `x`). All layers have hidden size H; parameters are named
 * `layers.ℓ.weightIh`, `layers.ℓ.weightHh`, `layers.ℓ.bias`.
 *
 * @example
 * ```ts
 * import { RNN } from "./rnn.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rnn = new RNN(2, 3, 2);
 * const [out, last] = rnn.forward(zeros(4, 5, 2));
 * assertEquals(out.shape, [4, 5, 3]);
 * assertEquals(last.shape, [2, 4, 3]);
 * assertEquals(rnn.numParameters(), 18 + 21);
 * ```
 */
export class RNN extends Module {
  /** D. */
  readonly inputSize: number;
  /** H. */
  readonly hiddenSize: number;
  /** L. */
  readonly numLayers: number;
  /** The layers, first to last. */
  layers: RNNLayer[];

  /**
   * @param inputSize D.
   * @param hiddenSize H.
   * @param numLayers L ≥ 1.
   * @param options As for {@linkcode RNNLayer} (shared by all layers).
   * @throws {RangeError} if `numLayers` < 1.
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    numLayers = 1,
    options: RNNLayerOptions = {},
  ) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.layers = buildLayers(
      "RNN",
      inputSize,
      hiddenSize,
      numLayers,
      (d) => new RNNLayer(d, hiddenSize, options),
    );
  }

  /**
   * @param x Input `(B, T, D)`.
   * @param h0 Initial hidden states `(L, B, H)`, one per layer (PyTorch's
   * `h_0`); zeros when omitted.
   * @returns `[lastLayerH (B, T, H), lastStepH (L, B, H)]`.
   * @throws {TypeError} if `h0` is not `(L, B, H)`.
   */
  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    if (h0 !== undefined) {
      const want = [this.numLayers, x.shape[0], this.hiddenSize];
      if (String(h0.shape) !== String(want)) {
        throw new TypeError(
          `RNN: Expected hidden size ${formatShape(want)}, got ${
            formatShape(h0.shape)
          }`,
        );
      }
    }
    let out = x;
    const last: Tensor[] = [];
    this.layers.forEach((layer, l) => {
      const [allH, lastH] = layer.forward(
        out,
        h0 === undefined ? undefined : select(h0, 0, l),
      );
      out = allH;
      last.push(lastH);
    });
    return [out, stack(last, 0)];
  }
}

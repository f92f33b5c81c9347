/**
 * `RecurrentRegressionModel`: a recurrent net followed by a linear read-out.
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import type { InitOptions } from "./init.ts";
import { Linear } from "./linear.ts";
import { Module } from "./module.ts";

/** A recurrent module whose `forward(x)` returns `[allH (B, T, H), …]`. */
export interface RecurrentNet extends Module {
  /** H. */
  readonly hiddenSize: number;
  /** `x (B, T, D)` → `[allH (B, T, H), whatever]`. */
  forward(x: Tensor): [Tensor, unknown];
}

/**
 * Input → recurrent net (RNN, LSTM or GRU, one or more layers) → `Linear`:
 * `ŷ_t = W^f h_t + b^f`. Parameters: `recurrentNet.*`, `linear.weight`,
 * `linear.bias`.
 *
 * @example
 * ```ts
 * import { RecurrentRegressionModel, RNN } from "./mod.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const model = new RecurrentRegressionModel(new RNN(2, 3), 4);
 * assertEquals(model.numParameters(), 21 + 16);
 * const [pred, allH] = model.forward(zeros(2, 4, 2));
 * assertEquals([pred.shape, allH.shape], [[2, 4, 4], [2, 4, 3]]);
 * ```
 */
export class RecurrentRegressionModel extends Module {
  /** The recurrent part. */
  recurrentNet: RecurrentNet;
  /** Output features. */
  readonly outputDim: number;
  /** The read-out `(H → outputDim)`. */
  linear: Linear;

  /**
   * @param recurrentNet An RNN, LSTM or GRU module (single or multi-layer).
   * @param outputDim Features of the predictions (default 1).
   * @param options `generator`, `dtype` of the read-out layer.
   */
  constructor(
    recurrentNet: RecurrentNet,
    outputDim = 1,
    options: InitOptions = {},
  ) {
    super();
    this.recurrentNet = recurrentNet;
    this.outputDim = outputDim;
    this.linear = new Linear(recurrentNet.hiddenSize, outputDim, options);
  }

  /**
   * @param x Input `(B, T, D)`.
   * @returns `[out (B, T, outputDim), allH (B, T, H)]`.
   */
  forward(x: Tensor): [Tensor, Tensor] {
    const [allH] = this.recurrentNet.forward(x);
    return [this.linear.forward(allH), allH];
  }
}

/**
 * `RNNLayer`: a single-layer Elman RNN over a batch of sequences.
 *
 * @module
 */
import { add } from "../tensor/binary.ts";
import { select } from "../tensor/index.ts";
import { stack } from "../tensor/stack.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { type InitOptions, uniformParameter } from "./init.ts";
import { linear } from "./linear_op.ts";
import { Module } from "./module.ts";
import { checkSequence, checkState, zeroState } from "./_recurrent_input.ts";
import type { Nonlinearity } from "./rnn_recurrence.ts";
import { rnnSequence } from "./rnn_sequence.ts";

/** Options of {@linkcode RNNLayer}. */
export interface RNNLayerOptions extends InitOptions {
  /**
   * `"tanh"` (default), `"relu"`, `"identity"` (fused kernels), or any
   * differentiable function of a tensor (computed with ordinary tensor ops).
   */
  nonlinearity?: Nonlinearity | ((z: Tensor) => Tensor);
}

/**
 * Single-layer Elman RNN (T time, B batch, D input, H hidden):
 *
 * ```
 * h_0 = 0,   h_t = σ(W_ih x_t + W_hh h_{t−1} + b),   t = 1..T
 * ```
 *
 * Parameters (all drawn from U(−1/√H, 1/√H) as in PyTorch's `nn.RNN`):
 * `weightIh (H, D)`, `weightHh (H, H)`, `bias (H)` — one bias, so
 * `RNNLayer(2, 3)` has 6 + 9 + 3 = 18 parameters. The plain reference loop:
 *
 * ```ts ignore
 * let h = zeros(B, H);
 * for (let t = 0; t < T; t++) h = tanh(x[:, t] @ W_ihᵀ + h @ W_hhᵀ + b);
 * ```
 *
 * `forward` keeps the per-step hidden states in `hList` with `retainGrad()`
 * on, so after `loss.backward()` each `hList[t].grad` is ∂L/∂h_{t+1}
 * (the total gradient, through the output and the recurrence).
 *
 * Speed: with a named nonlinearity the whole sequence is one fused node
 * ({@linkcode rnnSequence}); `hList` then holds copies of the states outside
 * the graph (read them and their `.grad`; a loss built from them would not
 * reach the weights). A nonlinearity given as a function is composed from
 * ordinary tensor ops step by step.
 *
 * @example The lab's first test: one input, one step, all weights 0.1
 * ```ts
 * import { RNNLayer } from "./rnn_layer.ts";
 * import { ones } from "../tensor/creation.ts";
 * import "../tensor/methods.ts";
 * import { assertAlmostEquals, assertEquals } from "@std/assert";
 *
 * const rnn = new RNNLayer(1, 1);
 * rnn.loadStateDict(Object.fromEntries(Object.entries(rnn.stateDict()).map(([k, v]) => [k, v.mul(0).add(0.1)])));
 * const [allH, lastH] = rnn.forward(ones(1, 1, 1));
 * assertEquals(allH.shape, [1, 1, 1]);
 * assertAlmostEquals(lastH.item(), 0.1973753273487091, 1e-6); // tanh(0.2), float32 in the seed
 * ```
 */
export class RNNLayer extends Module {
  /** D. */
  readonly inputSize: number;
  /** H. */
  readonly hiddenSize: number;
  /** The activation σ. */
  readonly nonlinearity: Nonlinearity | ((z: Tensor) => Tensor);
  /** `(H, D)`. */
  weightIh: Tensor;
  /** `(H, H)`. */
  weightHh: Tensor;
  /** `(H)`. */
  bias: Tensor;
  /** Hidden states `[h_1, …, h_T]`, each `(B, H)`, of the last `forward`. */
  hList: Tensor[] = [];

  /**
   * @param inputSize D.
   * @param hiddenSize H.
   * @param options `nonlinearity`, `generator`, `dtype`.
   */
  constructor(
    inputSize: number,
    hiddenSize: number,
    options: RNNLayerOptions = {},
  ) {
    super();
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.nonlinearity = options.nonlinearity ?? "tanh";
    const bound = 1 / Math.sqrt(hiddenSize);
    this.weightIh = uniformParameter([hiddenSize, inputSize], bound, options);
    this.weightHh = uniformParameter([hiddenSize, hiddenSize], bound, options);
    this.bias = uniformParameter([hiddenSize], bound, options);
  }

  /**
   * @param x Input `(B, T, D)`.
   * @param h0 Initial hidden state `(B, H)`; zeros when omitted.
   * @returns `[allH (B, T, H), lastH (B, H)]`.
   * @throws {TypeError} if `x` is not `(B, T, D)` or `h0` not `(B, H)`.
   * @throws {RangeError} if `T` is 0.
   */
  forward(x: Tensor, h0?: Tensor): [Tensor, Tensor] {
    const [b, steps] = checkSequence(
      "RNNLayer",
      x,
      this.inputSize,
      this.weightIh,
    );
    if (steps === 0) {
      throw new RangeError("RNNLayer: seq_len must be at least 1, got 0");
    }
    const nh = this.hiddenSize;
    let h = h0 ?? zeroState(b, nh, this.weightHh);
    if (h0 !== undefined) checkState("RNNLayer", "h0", h0, b, nh);
    const act = this.nonlinearity;
    const hList: Tensor[] = [];
    if (typeof act === "string") {
      const allH = rnnSequence(
        x,
        h0 ?? null,
        this.weightIh,
        this.weightHh,
        this.bias,
        null,
        act,
        hList,
      );
      for (const ht of hList) ht.retainGrad();
      this.hList = hList;
      return [allH, select(allH, 1, steps - 1)];
    }
    for (let t = 0; t < steps; t++) {
      const xt = select(x, 1, t);
      h = act(
        add(
          linear(xt, this.weightIh, this.bias),
          linear(h, this.weightHh, null),
        ),
      );
      hList.push(h.retainGrad());
    }
    this.hList = hList;
    return [stack(hList, 1), h];
  }
}

/**
 * `RNNBase`: the multi-layer recurrent module every mode is built from, as
 * PyTorch's `nn.RNNBase` builds `RNN`, `LSTM` and `GRU`.
 *
 * @module
 */
import { select } from "../tensor/index.ts";
import { stack } from "../tensor/stack.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";
import type { CellSpec } from "./cell_spec.ts";
import { type InitOptions, uniformParameter } from "./init.ts";
import { Module } from "./module.ts";
import {
  type RecurrentLayerWeights,
  recurrentSequence,
} from "./recurrent_sequence.ts";

/** Options of the recurrent modules. */
export interface RNNBaseOptions extends InitOptions {
  /** Whether the layers have the biases `b_ih` and `b_hh` (default true). */
  bias?: boolean;
}

/** What {@linkcode RNNBase.run} returns. */
export interface RecurrentRun {
  /** The last layer's hidden states `(B, T, H)`. */
  output: Tensor;
  /** Every layer's last hidden state `(L, B, H)`. */
  hN: Tensor;
  /** Every layer's last cell state `(L, B, H)` (cells with a cell state). */
  cN: Tensor | null;
}

/**
 * A stack of `numLayers` recurrent layers of one cell spec, batch-first:
 * layer ℓ reads the hidden states of layer ℓ−1 (the first reads `x`).
 * Parameters are drawn from U(−1/√H, 1/√H) in PyTorch's order (per layer:
 * `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`) and named as PyTorch names
 * them in a state dict: `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`,
 * `bias_hh_l0`, `weight_ih_l1`, …; in code they are
 * `layers[ℓ].weightIh` etc.
 *
 * Each layer runs as one fused node ({@linkcode recurrentSequence}).
 * `hList` holds the last layer's states `[h_1 … h_T]` of the last
 * `forward` (outside the graph, with `retainGrad()` on): after
 * `loss.backward()`, `hList[t].grad` is the total dL/dh_{t+1}.
 *
 * @example A GRU, an LSTM and an RNN share the constructor and the keys
 * ```ts
 * import { GRU, LSTM, RNN } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * for (const net of [new RNN(2, 3), new LSTM(2, 3), new GRU(2, 3)]) {
 *   assertEquals(Object.keys(net.stateDict()), ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]);
 * }
 * ```
 */
export class RNNBase extends Module {
  /** The cell. */
  readonly spec: CellSpec;
  /** D. */
  readonly inputSize: number;
  /** H. */
  readonly hiddenSize: number;
  /** L. */
  readonly numLayers: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** Each layer's parameters, first to last. */
  readonly layers: RecurrentLayerWeights[];
  /** The last layer's `[h_1 … h_T]` of the last `forward`. */
  hList: Tensor[] = [];

  /**
   * @param spec The cell.
   * @param inputSize D.
   * @param hiddenSize H.
   * @param numLayers L ≥ 1.
   * @param options `bias`, `generator`, `dtype`.
   * @throws {RangeError} if a size is not a positive integer.
   */
  constructor(
    spec: CellSpec,
    inputSize: number,
    hiddenSize: number,
    numLayers = 1,
    options: RNNBaseOptions = {},
  ) {
    super();
    const name = spec.mode.startsWith("RNN") ? "RNN" : spec.mode;
    for (
      const [what, v] of [
        ["inputSize", inputSize],
        ["hiddenSize", hiddenSize],
        ["numLayers", numLayers],
      ] as const
    ) {
      if (!Number.isInteger(v) || v < 1) {
        throw new RangeError(
          `${name}: ${what} must be an integer ≥ 1, got ${v}`,
        );
      }
    }
    this.spec = spec;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = options.bias ?? true;
    const bound = 1 / Math.sqrt(hiddenSize), g = spec.gates * hiddenSize;
    this.layers = [];
    for (let l = 0; l < numLayers; l++) {
      const d = l === 0 ? inputSize : hiddenSize;
      const weightIh = uniformParameter([g, d], bound, options);
      const weightHh = uniformParameter([g, hiddenSize], bound, options);
      const biasIh = this.bias ? uniformParameter([g], bound, options) : null;
      const biasHh = this.bias ? uniformParameter([g], bound, options) : null;
      this.layers.push({ weightIh, weightHh, biasIh, biasHh });
    }
  }

  /** PyTorch's names: `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, …. */
  protected override ownEntries(): [string, unknown][] {
    const out: [string, unknown][] = [];
    this.layers.forEach((w, l) => {
      out.push([`weight_ih_l${l}`, w.weightIh], [
        `weight_hh_l${l}`,
        w.weightHh,
      ]);
      if (w.biasIh) out.push([`bias_ih_l${l}`, w.biasIh]);
      if (w.biasHh) out.push([`bias_hh_l${l}`, w.biasHh]);
    });
    return out;
  }

  /** Checks an initial state against `(L, B, H)`. */
  #checkState(what: string, s: Tensor, batch: number): void {
    const want = [this.numLayers, batch, this.hiddenSize];
    if (s.shape.length !== 3 || s.shape.some((v, i) => v !== want[i])) {
      throw new TypeError(
        `${this.constructor.name}: Expected ${what} size ${
          formatShape(want)
        } (num_layers, batch, hidden_size), got ${formatShape(s.shape)}`,
      );
    }
  }

  /**
   * Runs every layer over `x (B, T, D)` from `h0` (and `c0`), each `(L, B,
   * H)` or omitted for zeros; the modes' `forward` methods shape the result
   * as PyTorch's.
   *
   * @throws {TypeError} on a shape or dtype mismatch, naming them.
   * @throws {RangeError} if `T` is 0.
   *
   * @example
   * ```ts
   * import { RNN } from "./mod.ts";
   * import { zeros } from "../tensor/creation.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const { output, hN, cN } = new RNN(1, 4, 2).run(zeros(3, 5, 1));
   * assertEquals([output.shape, hN.shape, cN], [[3, 5, 4], [2, 3, 4], null]);
   * ```
   */
  run(x: Tensor, h0?: Tensor, c0?: Tensor): RecurrentRun {
    const name = this.constructor.name;
    if (x.shape.length !== 3) {
      throw new TypeError(
        `${name}: input must be 3-D (batch, seq_len, input_size), got shape ${
          formatShape(x.shape)
        }`,
      );
    }
    if (x.shape[2] !== this.inputSize) {
      throw new TypeError(
        `${name}: input.size(-1) must be equal to inputSize. Expected ${this.inputSize}, got ${
          x.shape[2]
        }`,
      );
    }
    const batch = x.shape[0];
    if (h0 !== undefined) this.#checkState("hidden", h0, batch);
    if (c0 !== undefined) this.#checkState("cell", c0, batch);
    let out = x;
    const hs: Tensor[] = [], cs: Tensor[] = [];
    const steps = x.shape[1];
    this.layers.forEach((w, l) => {
      const stepStates: Tensor[] = [];
      const last = l === this.numLayers - 1;
      const all = recurrentSequence(
        this.spec,
        out,
        h0 === undefined ? null : select(h0, 0, l),
        c0 === undefined ? null : select(c0, 0, l),
        w,
        last ? stepStates : undefined,
      );
      if (last) {
        for (const h of stepStates) h.retainGrad();
        this.hList = stepStates;
      }
      if (this.spec.hasCell) {
        out = select(all, 0, 0);
        cs.push(select(select(all, 0, 1), 1, steps - 1));
      } else out = all;
      hs.push(select(out, 1, steps - 1));
    });
    return {
      output: out,
      hN: stack(hs, 0),
      cN: this.spec.hasCell ? stack(cs, 0) : null,
    };
  }
}

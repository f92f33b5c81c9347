/**
 * `Linear`: the affine layer `y = x Wᵀ + b` (PyTorch's `nn.Linear`).
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { type InitOptions, uniformParameter } from "./init.ts";
import { linear } from "./linear_op.ts";
import { Module } from "./module.ts";

/** Options of {@linkcode Linear}. */
export interface LinearOptions extends InitOptions {
  /** Whether the layer has a bias (default true). */
  bias?: boolean;
}

/**
 * Affine layer `y = x Wᵀ + b` on the last dimension. Weights and bias are
 * drawn from U(−1/√in, 1/√in), PyTorch's default.
 *
 * Parameters: `weight (out, in)`, `bias (out)`.
 *
 * @example
 * ```ts
 * import { Linear } from "./linear.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import { Generator } from "../random/generator.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const lin = new Linear(3, 4, { generator: new Generator(0) });
 * assertEquals(lin.forward(zeros(2, 5, 3)).shape, [2, 5, 4]);
 * assertEquals(lin.numParameters(), 16);
 * ```
 */
export class Linear extends Module {
  /** Input features. */
  readonly inFeatures: number;
  /** Output features. */
  readonly outFeatures: number;
  /** `(out, in)`. */
  weight: Tensor;
  /** `(out)` or `null`. */
  bias: Tensor | null;

  /**
   * @param inFeatures Size of each input sample.
   * @param outFeatures Size of each output sample.
   * @param options `bias`, `generator`, `dtype`.
   */
  constructor(
    inFeatures: number,
    outFeatures: number,
    options: LinearOptions = {},
  ) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    // PyTorch's kaiming_uniform_(a=√5) bound, computed in the same order
    // so that float32 weights from the same generator state are identical.
    const a = Math.sqrt(5);
    const gain = Math.sqrt(2 / (1 + a ** 2));
    const wBound = inFeatures > 0
      ? Math.sqrt(3) * (gain / Math.sqrt(inFeatures))
      : 0;
    this.weight = uniformParameter([outFeatures, inFeatures], wBound, options);
    const bBound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    this.bias = options.bias === false
      ? null
      : uniformParameter([outFeatures], bBound, options);
  }

  /**
   * @param x `(..., in)`.
   * @returns `(..., out)`.
   */
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
}

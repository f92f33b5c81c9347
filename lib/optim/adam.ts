/**
 * `Adam` (PyTorch's `optim.Adam`).
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { Optimizer } from "./optimizer.ts";

/** Options of {@linkcode Adam}; defaults are PyTorch's. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates of the first and second moment (default `[0.9, 0.999]`). */
  betas?: [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * Adam with bias correction, in PyTorch's exact order of operations:
 *
 * ```
 * g = g + λ p;   m = β₁ m + (1 − β₁) g;   v = β₂ v + (1 − β₂) g²
 * p = p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
 * ```
 *
 * @example The first step moves each weight by about lr
 * ```ts
 * import { Adam } from "./adam.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const p = tensor([1, 1], { requiresGrad: true });
 * p.grad = tensor([0.3, -2]);
 * new Adam([p], { lr: 0.01 }).step();
 * assertAlmostEquals(p.data[0], 0.99, 1e-9);
 * assertAlmostEquals(p.data[1], 1.01, 1e-9);
 * ```
 */
export class Adam extends Optimizer {
  /** Learning rate. */
  lr: number;
  /** β₁, β₂. */
  readonly betas: [number, number];
  /** ε. */
  readonly eps: number;
  /** Weight decay. */
  readonly weightDecay: number;
  #m: (Float64Array | Float32Array)[];
  #v: (Float64Array | Float32Array)[];
  #steps: number[];

  /**
   * @param params Parameters to optimise.
   * @param options `lr`, `betas`, `eps`, `weightDecay`.
   * @throws {RangeError} for a negative lr/eps/weight decay or betas outside [0, 1).
   */
  constructor(params: Iterable<Tensor>, options: AdamOptions = {}) {
    super(params);
    const {
      lr = 1e-3,
      betas = [0.9, 0.999],
      eps = 1e-8,
      weightDecay = 0,
    } = options;
    if (!(lr >= 0)) throw new RangeError(`Invalid learning rate: ${lr}`);
    if (!(eps >= 0)) throw new RangeError(`Invalid epsilon value: ${eps}`);
    for (const [i, b] of betas.entries()) {
      if (!(b >= 0 && b < 1)) {
        throw new RangeError(
          `Invalid beta parameter at index ${i}: ${b} (must be in [0, 1))`,
        );
      }
    }
    if (!(weightDecay >= 0)) {
      throw new RangeError(`Invalid weight_decay value: ${weightDecay}`);
    }
    this.lr = lr;
    this.betas = [betas[0], betas[1]];
    this.eps = eps;
    this.weightDecay = weightDecay;
    // The moments have the parameter's dtype, as PyTorch's.
    const like = (p: Tensor) =>
      p.data instanceof Float32Array
        ? new Float32Array(p.numel())
        : new Float64Array(p.numel());
    this.#m = this.params.map(like);
    this.#v = this.params.map(like);
    this.#steps = this.params.map(() => 0);
  }

  protected override update(
    p: Tensor,
    g: Float64Array | Float32Array,
    i: number,
  ): void {
    const [b1, b2] = this.betas;
    const { lr, eps, weightDecay: wd } = this;
    const t = ++this.#steps[i];
    const stepSize = lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const m = this.#m[i], v = this.#v[i], x = p.data;
    for (let k = 0; k < x.length; k++) {
      const gk = wd === 0 ? g[k] : g[k] + wd * x[k];
      m[k] += (gk - m[k]) * (1 - b1);
      v[k] = v[k] * b2 + (1 - b2) * gk * gk;
      x[k] -= stepSize * (m[k] / (Math.sqrt(v[k]) / bc2Sqrt + eps));
    }
  }
}

/**
 * `SGD`: stochastic gradient descent with optional momentum (PyTorch's `optim.SGD`).
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { Optimizer } from "./optimizer.ts";

/** Options of {@linkcode SGD}. */
export interface SGDOptions {
  /** Learning rate (required). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Dampening of the momentum (default 0). */
  dampening?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * Gradient descent, exactly PyTorch's update:
 *
 * ```
 * d = g + λ p
 * b = d (first step), else b = μ b + (1 − τ) d        (when μ ≠ 0)
 * d = nesterov ? d + μ b : b
 * p = p − lr · d
 * ```
 *
 * @example
 * ```ts
 * import { SGD } from "./sgd.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const p = tensor([1], { requiresGrad: true });
 * p.grad = tensor([0.5]);
 * new SGD([p], { lr: 0.1 }).step();
 * assertEquals(p.item(), 0.95);
 * ```
 */
export class SGD extends Optimizer {
  /** Learning rate. */
  lr: number;
  /** Momentum factor. */
  readonly momentum: number;
  /** Dampening. */
  readonly dampening: number;
  /** Weight decay. */
  readonly weightDecay: number;
  /** Nesterov. */
  readonly nesterov: boolean;
  #buffers: (Float64Array | null)[];

  /**
   * @param params Parameters to optimise.
   * @param options `lr` and optionally `momentum`, `dampening`, `weightDecay`, `nesterov`.
   * @throws {RangeError} for a negative learning rate, momentum or weight decay,
   *   or Nesterov without momentum.
   */
  constructor(params: Iterable<Tensor>, options: SGDOptions) {
    super(params);
    const {
      lr,
      momentum = 0,
      dampening = 0,
      weightDecay = 0,
      nesterov = false,
    } = options;
    if (!(lr >= 0)) throw new RangeError(`Invalid learning rate: ${lr}`);
    if (!(momentum >= 0)) {
      throw new RangeError(`Invalid momentum value: ${momentum}`);
    }
    if (!(weightDecay >= 0)) {
      throw new RangeError(`Invalid weight_decay value: ${weightDecay}`);
    }
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new RangeError(
        "Nesterov momentum requires a momentum and zero dampening",
      );
    }
    this.lr = lr;
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
    this.#buffers = this.params.map(() => null);
  }

  protected override update(
    p: Tensor,
    g: Float64Array | Float32Array,
    i: number,
  ): void {
    const x = p.data, n = x.length;
    const { lr, momentum: mu, dampening, weightDecay: wd, nesterov } = this;
    let buf = this.#buffers[i];
    const first = buf === null;
    if (mu !== 0 && buf === null) {
      buf = this.#buffers[i] = new Float64Array(n);
    }
    for (let k = 0; k < n; k++) {
      let d = g[k] + wd * x[k];
      if (buf !== null) {
        buf[k] = first ? d : mu * buf[k] + (1 - dampening) * d;
        d = nesterov ? d + mu * buf[k] : buf[k];
      }
      x[k] -= lr * d;
    }
  }
}

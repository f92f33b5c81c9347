/**
 * `Optimizer`: what every optimizer shares (PyTorch's `torch.optim.Optimizer`).
 *
 * @module
 */
import { formatShape, Tensor } from "../tensor/tensor.ts";

/**
 * Base class of optimizers: holds the parameters, clears their gradients,
 * and lets subclasses update each one in `step()`.
 *
 * @example
 * ```ts
 * import { Optimizer } from "./optimizer.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const p = tensor([1], { requiresGrad: true });
 * p.grad = tensor([2]);
 * new Optimizer([p]).zeroGrad();
 * assertEquals(p.grad, null);
 * ```
 */
export class Optimizer {
  /** The parameters updated by `step()`. */
  readonly params: Tensor[];

  /**
   * @param params Leaf tensors (e.g. `model.parameters()`).
   * @throws {TypeError} if a parameter is not a leaf tensor.
   * @throws {RangeError} if the list is empty.
   */
  constructor(params: Iterable<Tensor>) {
    this.params = [...params];
    if (this.params.length === 0) {
      throw new RangeError("optimizer got an empty parameter list");
    }
    this.params.forEach((p, i) => {
      if (!(p instanceof Tensor) || !p.isLeaf) {
        throw new TypeError(
          `optimizer can only optimize leaf Tensors, but parameter ${i} is ${
            p instanceof Tensor
              ? `a non-leaf tensor of shape ${formatShape(p.shape)}`
              : typeof p
          }`,
        );
      }
    });
  }

  /** Sets every parameter's `.grad` to `null` (PyTorch's default). */
  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  /** Updates the parameters from their `.grad` (parameters without one are skipped). */
  step(): void {
    this.params.forEach((p, i) => {
      if (p.grad !== null) this.update(p, p.grad.data, i);
    });
  }

  /**
   * Updates parameter `p` (index `i`) in place from its gradient `g`.
   * Subclasses override this; the base class does nothing.
   */
  protected update(_p: Tensor, _g: Float64Array | Float32Array, _i: number) {}
}

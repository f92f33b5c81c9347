/**
 * Finite-difference gradient checking: the independent proof that an
 * operation's (or a whole model's) backward pass is right.
 *
 * @module
 */
import { formatShape, Tensor } from "../tensor/tensor.ts";
import { backward } from "./backward.ts";
import { noGrad } from "./grad_mode.ts";

/** Result of {@linkcode gradcheck}: the worst relative error over all inputs. */
export interface GradcheckResult {
  /** max |analytic − numeric| / max(1, |analytic|, |numeric|) over every element. */
  maxRelativeError: number;
  /** Analytic gradients (from `backward`), one per input. */
  analytic: Float64Array[];
  /** Central finite-difference gradients, one per input. */
  numeric: Float64Array[];
}

/**
 * Compares the autograd gradient of `fn` with central finite differences, in
 * float64. A scalar output is differentiated as is (so `analytic` and
 * `numeric` are its gradients); other outputs are first reduced to a weighted
 * sum with fixed weights, so that every output element takes part.
 *
 * @param fn Function of the inputs returning a tensor.
 * @param inputs Float64 leaf tensors (their `requiresGrad` and `grad` are
 *   restored afterwards).
 * @param eps Step of the central difference.
 * @returns The worst relative error and both gradients.
 * @throws {TypeError} if an input is not float64.
 *
 * @example
 * ```ts
 * import { gradcheck } from "./gradcheck.ts";
 * import { fromOp } from "./from_op.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assert } from "@std/assert";
 *
 * const square = (x: Tensor) =>
 *   fromOp(new Float64Array([x.data[0] ** 2]), [], "square", [x], (g) => [new Float64Array([2 * x.data[0] * g[0]])]);
 * const x = new Tensor(new Float64Array([1.5]), []);
 * assert(gradcheck((x) => square(x), [x]).maxRelativeError < 1e-8);
 * ```
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: Tensor[],
  eps = 1e-6,
): GradcheckResult {
  const saved = inputs.map((x) => ({
    requiresGrad: x.requiresGrad,
    grad: x.grad,
  }));
  for (const x of inputs) {
    if (!(x.data instanceof Float64Array)) {
      throw new TypeError(
        `gradcheck needs float64 inputs, got ${x.dtype} of shape ${
          formatShape(x.shape)
        }`,
      );
    }
    x.requiresGrad = true;
    x.grad = null;
  }
  // Non-scalar outputs are reduced with fixed pseudo-random weights so that
  // every output element takes part.
  const first = fn(...inputs);
  const weights = new Float64Array(first.numel());
  for (let i = 0; i < weights.length; i++) {
    weights[i] = weights.length === 1 ? 1 : 0.5 + ((i * 7919) % 13) / 13;
  }
  const scalar = (out: Tensor): number => {
    let s = 0;
    for (let i = 0; i < out.data.length; i++) s += weights[i] * out.data[i];
    return s;
  };
  backward(first, new Tensor(weights, first.shape));
  const analytic = inputs.map((x) =>
    x.grad ? Float64Array.from(x.grad.data) : new Float64Array(x.numel())
  );
  const numeric = inputs.map((x) =>
    noGrad(() => {
      const g = new Float64Array(x.numel());
      for (let i = 0; i < g.length; i++) {
        const saved = x.data[i];
        x.data[i] = saved + eps;
        const plus = scalar(fn(...inputs));
        x.data[i] = saved - eps;
        const minus = scalar(fn(...inputs));
        x.data[i] = saved;
        g[i] = (plus - minus) / (2 * eps);
      }
      return g;
    })
  );
  // Leave the inputs as we found them.
  inputs.forEach((x, k) => {
    x.requiresGrad = saved[k].requiresGrad;
    x.grad = saved[k].grad;
  });
  let maxRelativeError = 0;
  for (let k = 0; k < inputs.length; k++) {
    for (let i = 0; i < analytic[k].length; i++) {
      const a = analytic[k][i], n = numeric[k][i];
      const err = Math.abs(a - n) / Math.max(1, Math.abs(a), Math.abs(n));
      if (err > maxRelativeError) maxRelativeError = err;
    }
  }
  return { maxRelativeError, analytic, numeric };
}

/**
 * `fromOp`: how every operation returns its result and joins the autograd graph.
 *
 * @module
 */
import { allocFloat32, allocFloat64 } from "../tensor/_alloc.ts";
import { type GradNode, type Storage, Tensor } from "../tensor/tensor.ts";
import { isGradEnabled } from "./grad_mode.ts";

/**
 * Wraps an operation's output storage in a tensor and, when gradients are
 * enabled and some input requires them, records a graph node whose
 * `backward` maps dL/d(output) to dL/d(input) for each input (in input order;
 * return `null` for inputs that need no gradient).
 *
 * @example A custom op: doubling
 * ```ts
 * import { fromOp } from "./from_op.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float64Array([1, 2]), [2], true);
 * const y = fromOp(x.data.map((v) => 2 * v), x.shape, "double", [x],
 *   (g) => [g.map((v) => 2 * v)]);
 * assertEquals(y.gradFn?.name, "double");
 * ```
 */
export function fromOp(
  data: Storage,
  shape: readonly number[],
  name: string,
  inputs: readonly Tensor[],
  backward: (gradOutput: Float64Array) => (Float64Array | null)[],
): Tensor {
  const out = new Tensor(data, shape);
  if (isGradEnabled() && anyRequiresGrad(inputs)) {
    const node: GradNode = { name, inputs, backward };
    out.gradFn = node;
    out.requiresGrad = true;
  }
  return out;
}

// A plain loop: `some` with a closure costs more than the whole check.
function anyRequiresGrad(inputs: readonly Tensor[]): boolean {
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i].requiresGrad) return true;
  }
  return false;
}

/** Zero-filled storage of length `n`, float32 only if every input is float32. */
export function resultStorage(n: number, ...inputs: Tensor[]): Storage {
  if (inputs.length === 0) return allocFloat64(n);
  for (let i = 0; i < inputs.length; i++) {
    if (!(inputs[i].data instanceof Float32Array)) return allocFloat64(n);
  }
  return allocFloat32(n);
}

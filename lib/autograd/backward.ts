/**
 * Reverse-mode differentiation over the graph recorded by `fromOp`.
 *
 * @module
 */
import { allocFloat32, allocFloat64 } from "../tensor/_alloc.ts";
import { copyBlock } from "../tensor/_copy.ts";
import {
  formatShape,
  type GradNode,
  type Storage,
  Tensor,
} from "../tensor/tensor.ts";

/** Options of {@linkcode backward}. */
export interface BackwardOptions {
  /**
   * Keep the graph, so that `backward()` may run through it again (PyTorch's
   * `retain_graph`; default false: the graph is freed).
   */
  retainGraph?: boolean;
}

/** The operations a `backward()` has gone through without `retainGraph`. */
const freed = new WeakSet<GradNode>();

/** PyTorch's message for a second backward through a freed graph. */
export const FREED_GRAPH_MESSAGE =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward(). Specify retainGraph: true if you need to backward through the graph a second time.";

/**
 * Back-propagates from `root`: accumulates (`+=`) dL/dx into `.grad` of every
 * leaf that requires grad and of every tensor that called `retainGrad()`.
 *
 * The graph is freed afterwards, as in PyTorch: a second `backward()` through
 * any of its operations throws, unless the first passed `retainGraph: true`.
 *
 * @param root The tensor to differentiate (usually a scalar loss).
 * @param gradient dL/d(root); may be omitted only when `root` has one element.
 * @param options `retainGraph`.
 * @throws {TypeError} if `root` does not require grad.
 * @throws {Error} if the graph was freed by an earlier `backward()`.
 * @throws {RangeError} if `gradient` is omitted for a non-scalar root or has the wrong size.
 *
 * @example
 * ```ts
 * import { backward } from "./backward.ts";
 * import { fromOp } from "./from_op.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float64Array([3]), [], true);
 * const y = fromOp(new Float64Array([9]), [], "square", [x], (g) => [new Float64Array([2 * 3 * g[0]])]);
 * backward(y);
 * assertEquals(x.grad?.item(), 6);
 * ```
 */
export function backward(
  root: Tensor,
  gradient?: Tensor,
  options: BackwardOptions = {},
): void {
  if (!root.requiresGrad) {
    throw new TypeError(
      "element 0 of tensors does not require grad and does not have a grad_fn",
    );
  }
  let seed: Float64Array;
  if (gradient === undefined) {
    if (root.numel() !== 1) {
      throw new RangeError(
        `grad can be implicitly created only for scalar outputs, got shape ${
          formatShape(root.shape)
        }`,
      );
    }
    seed = allocFloat64(1);
    seed[0] = 1;
  } else {
    if (gradient.numel() !== root.numel()) {
      throw new RangeError(
        `Mismatch in shape: grad_output has shape ${
          formatShape(gradient.shape)
        } and output has shape ${formatShape(root.shape)}`,
      );
    }
    seed = allocFloat64(gradient.numel());
    copyBlock(gradient.data, 0, seed, 0, seed.length);
  }

  // Topological order by iterative depth-first search (graphs of long
  // sequences are deep; recursion would overflow the stack).
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, i] = top;
    const inputs = t.gradFn ? t.gradFn.inputs : [];
    if (i < inputs.length) {
      top[1]++;
      const child = inputs[i];
      if (child.requiresGrad && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      order.push(t);
    }
  }

  for (const t of order) {
    if (t.gradFn !== null && freed.has(t.gradFn)) {
      throw new Error(FREED_GRAPH_MESSAGE);
    }
  }
  if (!options.retainGraph) {
    for (const t of order) if (t.gradFn !== null) freed.add(t.gradFn);
  }

  const grads = new Map<Tensor, Float64Array>();
  grads.set(root, seed);
  for (let k = order.length - 1; k >= 0; k--) {
    const t = order[k];
    const g = grads.get(t);
    if (g === undefined) continue;
    grads.delete(t);
    if (t.gradFn === null || t.retainsGrad) accumulate(t, g);
    if (t.gradFn === null) continue;
    const inputGrads = t.gradFn.backward(g);
    const inputs = t.gradFn.inputs;
    for (let j = 0; j < inputs.length; j++) {
      const gi = inputGrads[j];
      const input = inputs[j];
      if (gi === null || gi === undefined || !input.requiresGrad) continue;
      const prev = grads.get(input);
      if (prev === undefined) grads.set(input, gi);
      else {
        // A fresh array: op backwards may hand the same array to several inputs.
        const sum = allocFloat64(prev.length);
        for (let q = 0; q < sum.length; q++) sum[q] = prev[q] + gi[q];
        grads.set(input, sum);
      }
    }
  }
}

function accumulate(t: Tensor, g: Float64Array): void {
  if (t.grad === null) {
    const data: Storage = t.data instanceof Float32Array
      ? allocFloat32(g.length)
      : allocFloat64(g.length);
    copyBlock(g, 0, data, 0, g.length);
    t.grad = new Tensor(data, t.shape);
  } else {
    const d = t.grad.data;
    for (let i = 0; i < d.length; i++) d[i] += g[i];
  }
}

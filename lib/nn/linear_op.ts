/**
 * `linear`: the fused affine map `x Wᵀ + b` as one autograd node.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { columnSums, gemm } from "../kernels/mod.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";

/**
 * `y = x Wᵀ + b` over the last dimension (PyTorch's `F.linear`), one graph
 * node with a hand-written backward.
 *
 * @param x Input `(..., in)`.
 * @param weight `(out, in)`.
 * @param bias `(out)` or `null`.
 * @returns `(..., out)`.
 * @throws {TypeError} if the shapes do not fit.
 *
 * @example
 * ```ts
 * import { linear } from "./linear_op.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const y = linear(tensor([[1, 2]]), tensor([[1, 1], [0, 2]]), tensor([0.5, 0]));
 * assertEquals(y.tolist(), [[3.5, 4]]);
 * ```
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  if (weight.shape.length !== 2) {
    throw new TypeError(
      `linear(): weight must be 2-D (out, in), got shape ${
        formatShape(weight.shape)
      }`,
    );
  }
  if (x.dtype !== weight.dtype) {
    throw new TypeError(
      `linear(): input and weight must have the same dtype, got input ${x.dtype} ${
        formatShape(x.shape)
      } and weight ${weight.dtype} ${formatShape(weight.shape)}`,
    );
  }
  const [out, inp] = weight.shape;
  if (x.shape.length === 0 || x.shape[x.shape.length - 1] !== inp) {
    throw new TypeError(
      `linear(): mat1 and mat2 shapes cannot be multiplied: input.shape=${
        formatShape(x.shape)
      }, weight.shape=${
        formatShape(weight.shape)
      } (input's last dim must be ${inp})`,
    );
  }
  if (bias !== null && (bias.shape.length !== 1 || bias.shape[0] !== out)) {
    throw new TypeError(
      `linear(): bias must have shape [${out}], got ${formatShape(bias.shape)}`,
    );
  }
  const n = x.data.length / inp;
  const y = resultStorage(n * out, x, weight);
  // y = x · Wᵀ, Wᵀ by its strides.
  gemm(
    n,
    inp,
    out,
    x.data,
    0,
    inp,
    1,
    weight.data,
    0,
    1,
    inp,
    y,
    0,
    out,
    false,
  );
  if (bias !== null) {
    const b = bias.data;
    for (let i = 0; i < n; i++) {
      const r = i * out;
      for (let j = 0; j < out; j++) y[r + j] += b[j];
    }
  }
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return fromOp(y, [...x.shape.slice(0, -1), out], "linear", inputs, (g) => {
    let gx: Float64Array | null = null, gw: Float64Array | null = null;
    if (x.requiresGrad) {
      gx = new Float64Array(n * inp);
      gemm(
        n,
        out,
        inp,
        g,
        0,
        out,
        1,
        weight.data,
        0,
        inp,
        1,
        gx,
        0,
        inp,
        false,
      );
    }
    if (weight.requiresGrad) {
      gw = new Float64Array(out * inp);
      // dW = gᵀ · x, gᵀ by its strides.
      gemm(out, n, inp, g, 0, 1, out, x.data, 0, inp, 1, gw, 0, inp, false);
    }
    const gb = bias !== null && bias.requiresGrad
      ? columnSums(g, n, out)
      : null;
    return [gx, gw, gb];
  });
}

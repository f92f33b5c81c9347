/**
 * `mseLoss`: mean squared error as one autograd node.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { formatShape, type Tensor } from "../tensor/tensor.ts";

/**
 * Mean (or sum) of `(input − target)²` over all elements (PyTorch's
 * `F.mse_loss`, without broadcasting: the shapes must be equal).
 *
 * @param input Predictions.
 * @param target Targets of the same shape.
 * @param reduction `"mean"` (default) or `"sum"`.
 * @returns A 0-d tensor.
 * @throws {TypeError} if the shapes differ.
 *
 * @example
 * ```ts
 * import { mseLoss } from "./mse_loss.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const loss = mseLoss(tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]]), tensor([[-1.1, -1.2, -1.3], [-1.4, -1.5, -1.6]]));
 * assertAlmostEquals(loss.item(), 3.0067, 1e-4);
 * ```
 */
export function mseLoss(
  input: Tensor,
  target: Tensor,
  reduction: "mean" | "sum" = "mean",
): Tensor {
  if (
    input.shape.length !== target.shape.length ||
    input.shape.some((d, i) => d !== target.shape[i])
  ) {
    throw new TypeError(
      `mseLoss(): input and target must have the same shape, got input.shape=${
        formatShape(input.shape)
      }, target.shape=${formatShape(target.shape)}`,
    );
  }
  const n = input.data.length;
  const a = input.data, t = target.data;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i] - t[i];
    s += d * d;
  }
  const scale = reduction === "mean" ? 1 / n : 1;
  const out = resultStorage(1, input, target);
  out[0] = s * scale;
  return fromOp(out, [], "mseLoss", [input, target], (g) => {
    const k = 2 * scale * g[0];
    const gi = input.requiresGrad ? new Float64Array(n) : null;
    const gt = target.requiresGrad ? new Float64Array(n) : null;
    for (let i = 0; i < n; i++) {
      const d = k * (a[i] - t[i]);
      if (gi) gi[i] = d;
      if (gt) gt[i] = -d;
    }
    return [gi, gt];
  });
}

/**
 * How tensors show themselves: `String(x)` and `console.log(x)` print
 * PyTorch-style text (`formatTensor`), and the Deno kernel shows a table
 * (`displayBundle`). Importing this module (done by `lib/display/mod.ts` and
 * so by `lib/mod.ts`) installs them on `Tensor.prototype`: the tensor layer
 * below knows nothing of display.
 *
 * @example
 * ```ts
 * import "./tensor_display.ts";
 * import { tensor } from "../tensor/mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(String(tensor([0.5])), "tensor([0.5000])");
 * ```
 *
 * @module
 */
import { Tensor } from "../tensor/tensor.ts";
import { displayBundle, type TensorBundle } from "./display_bundle.ts";
import { formatTensor } from "./format_tensor.ts";

const P = Tensor.prototype;
P.toString = function () {
  return formatTensor(this);
};
Object.defineProperty(P, Symbol.for("Deno.customInspect"), {
  value(this: Tensor) {
    return formatTensor(this);
  },
  configurable: true,
});
Object.defineProperty(P, Symbol.for("Jupyter.display"), {
  value(this: Tensor): TensorBundle {
    return displayBundle(this);
  },
  configurable: true,
});

/**
 * `displayBundle`: the Jupyter MIME bundle of a tensor.
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { formatTensor } from "./format_tensor.ts";
import { tensorHtml } from "./tensor_html.ts";

/** A Jupyter MIME bundle for a tensor. */
export interface TensorBundle {
  /** PyTorch-style text, as {@linkcode formatTensor} writes it. */
  "text/plain": string;
  /** A table for 1-D and 2-D tensors (see {@linkcode tensorHtml}). */
  "text/html"?: string;
  [mime: string]: string | undefined;
}

/**
 * The MIME bundle a notebook shows for a tensor: always `text/plain`
 * (the PyTorch-style repr), plus a `text/html` table for non-empty 1-D and
 * 2-D tensors. This is what `Tensor[Symbol.for("Jupyter.display")]` returns.
 *
 * @param t The tensor.
 * @returns `{ "text/plain", "text/html"? }`.
 *
 * @example
 * ```ts
 * import { displayBundle } from "./display_bundle.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const b = displayBundle(new Tensor(new Float64Array([1, 2]), [2]));
 * assertEquals(b["text/plain"], "tensor([1., 2.])");
 * assertEquals(Object.keys(b), ["text/plain", "text/html"]);
 * ```
 */
export function displayBundle(t: Tensor): TensorBundle {
  const bundle: TensorBundle = { "text/plain": formatTensor(t) };
  if ((t.shape.length === 1 || t.shape.length === 2) && t.data.length > 0) {
    bundle["text/html"] = tensorHtml(t);
  }
  return bundle;
}

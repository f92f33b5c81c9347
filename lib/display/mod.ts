/**
 * Showing tensors: PyTorch-style text ({@linkcode formatTensor}), HTML tables
 * ({@linkcode tensorHtml}) and the Jupyter bundle of both
 * ({@linkcode displayBundle}).
 *
 * @example
 * ```ts
 * import { formatTensor } from "./mod.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(formatTensor(new Tensor(new Float64Array([0.5]), [])), "tensor(0.5000)");
 * ```
 *
 * @module
 */
import "./tensor_display.ts";

export * from "./format_tensor.ts";
export * from "./tensor_html.ts";
export * from "./display_bundle.ts";
export * from "./escape_html.ts";
export * from "./show_value.ts";
export * from "./pace_output.ts";

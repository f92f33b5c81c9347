/**
 * `formatTensor`: the PyTorch-style text representation of a tensor.
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import {
  Formatter,
  type PrintOptions,
  type ResolvedPrintOptions,
  resolvePrintOptions,
  shownIndices,
  shownValues,
  stridesOf,
} from "./_formatter.ts";

export type { PrintOptions } from "./_formatter.ts";

const PREFIX = "tensor(";

/**
 * The name PyTorch would print in `grad_fn=<…>` for an operation name:
 * `"tanh"` and `"TanhBackward"` become `"TanhBackward0"` (PyTorch numbers
 * its backward functions); names ending in `BackwardN` are kept.
 *
 * @param name Operation name as recorded by `fromOp`.
 * @returns The display name.
 *
 * @example
 * ```ts
 * import { gradFnName } from "./format_tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(gradFnName("tanh"), "TanhBackward0");
 * assertEquals(gradFnName("SumBackward"), "SumBackward0");
 * assertEquals(gradFnName("MmBackward0"), "MmBackward0");
 * ```
 */
export function gradFnName(name: string): string {
  if (/Backward\d+$/.test(name)) return name;
  if (name.endsWith("Backward")) return `${name}0`;
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}Backward0`;
}

/** The suffixes after the values: dtype, then grad_fn or requires_grad. */
function suffixesOf(t: Tensor): string[] {
  const suffixes: string[] = [];
  if (t.data.length === 0 && t.shape.length !== 1) {
    suffixes.push(`size=(${t.shape.join(", ")})`);
  }
  if (t.data instanceof Float32Array) suffixes.push("dtype=float32");
  if (t.gradFn) suffixes.push(`grad_fn=<${gradFnName(t.gradFn.name)}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return suffixes;
}

/** torch's `_add_suffixes`: wraps the suffix list at the line width. */
function addSuffixes(
  text: string,
  suffixes: string[],
  indent: number,
  linewidth: number,
): string {
  const parts = [text];
  // Same arithmetic as torch (it counts two characters more than the line has).
  let lastLineLength = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > linewidth) {
      parts.push(`,\n${" ".repeat(indent)}${suffix}`);
      lastLineLength = indent + suffix.length;
    } else {
      parts.push(`, ${suffix}`);
      lastLineLength += suffix.length + 2;
    }
  }
  parts.push(")");
  return parts.join("");
}

/** torch's `_tensor_str_with_formatter`. */
function valuesString(
  data: ArrayLike<number>,
  shape: readonly number[],
  indent: number,
  summarize: boolean,
  formatter: Formatter,
  opts: ResolvedPrintOptions,
): string {
  if (shape.length === 0) return formatter.format(data[0]);
  const strides = stridesOf(shape);
  const nd = shape.length;
  const walk = (dim: number, offset: number, indent: number): string => {
    const indices = shownIndices(shape[dim], summarize, opts.edgeitems);
    if (dim === nd - 1) {
      const items = indices.map((i) =>
        i === null ? " ..." : formatter.format(data[offset + i])
      );
      const perLine = Math.max(
        1,
        Math.floor((opts.linewidth - indent) / (formatter.maxWidth + 2)),
      );
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) {
        lines.push(items.slice(i, i + perLine).join(", "));
      }
      return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
    }
    const slices = indices.map((i) =>
      i === null ? "..." : walk(dim + 1, offset + i * strides[dim], indent + 1)
    );
    const sep = `,${"\n".repeat(nd - dim - 1)}${" ".repeat(indent + 1)}`;
    return `[${slices.join(sep)}]`;
  };
  return walk(0, 0, indent);
}

/**
 * Formats a tensor the way PyTorch prints it: the same number styles
 * (4 decimals, `1.` for integer-valued tensors, scientific notation when the
 * magnitudes span more than 1000× or leave [1e-4, 1e8]), the same line
 * wrapping at 80 characters, `...` summaries above 1000 elements, and the
 * suffixes `dtype=float32` (our default dtype is float64),
 * `grad_fn=<…Backward0>` or `requires_grad=True`.
 *
 * @param t The tensor.
 * @param opts Print options (`precision`, `threshold`, `edgeitems`, `linewidth`, `sciMode`).
 * @returns The representation, e.g. `tensor([1.5000, 2.0000])`.
 *
 * @example
 * ```ts
 * import { formatTensor } from "./format_tensor.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = new Tensor(new Float64Array([1, -2.5, 3, 4]), [2, 2]);
 * assertEquals(
 *   formatTensor(t),
 *   "tensor([[ 1.0000, -2.5000],\n        [ 3.0000,  4.0000]])",
 * );
 * ```
 */
export function formatTensor(t: Tensor, opts?: PrintOptions): string {
  const o = resolvePrintOptions(opts);
  const indent = PREFIX.length;
  let body: string;
  if (t.data.length === 0) {
    body = "[]";
  } else {
    const summarize = t.data.length > o.threshold;
    const formatter = new Formatter(
      summarize ? shownValues(t.data, t.shape, true, o.edgeitems) : t.data,
      o,
    );
    body = valuesString(t.data, t.shape, indent, summarize, formatter, o);
  }
  return addSuffixes(PREFIX + body, suffixesOf(t), indent, o.linewidth);
}

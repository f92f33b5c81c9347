/**
 * `tensorHtml`: a tensor as an HTML table for notebooks.
 *
 * @module
 */
import type { Tensor } from "../tensor/tensor.ts";
import { Formatter, resolvePrintOptions } from "./_formatter.ts";
import { escapeHtml } from "./escape_html.ts";
import { formatTensor, gradFnName } from "./format_tensor.ts";

/** Options of {@linkcode tensorHtml}. */
export interface TensorHtmlOptions {
  /** Rows shown before the table is cut in the middle with `⋮` (default 20). */
  maxRows?: number;
  /** Columns shown before the table is cut in the middle with `…` (default 20). */
  maxCols?: number;
  /** Digits after the decimal point (default 4). */
  precision?: number;
}

const TABLE_STYLE =
  "border-collapse:collapse;font-family:monospace;font-size:12px;";
const CELL_STYLE = "padding:1px 6px;text-align:right;border:1px solid #ddd;";
const CAPTION_STYLE =
  "caption-side:top;text-align:left;font-family:monospace;color:#666;white-space:nowrap;";

/** Shown positions along a dimension of size n: all, or head, gap (null), tail. */
function cut(n: number, max: number): (number | null)[] {
  const out: (number | null)[] = [];
  if (n <= max) {
    for (let i = 0; i < n; i++) out.push(i);
    return out;
  }
  const head = Math.ceil(max / 2), tail = Math.floor(max / 2);
  for (let i = 0; i < head; i++) out.push(i);
  out.push(null);
  for (let i = n - tail; i < n; i++) out.push(i);
  return out;
}

/** The caption: shape, dtype and autograd state. */
function caption(t: Tensor): string {
  const parts = [`shape [${t.shape.join(", ")}]`, t.dtype];
  if (t.gradFn) parts.push(`grad_fn=<${gradFnName(t.gradFn.name)}>`);
  else if (t.requiresGrad) parts.push("requires_grad=True");
  return escapeHtml(parts.join(" · "));
}

/**
 * An HTML table of a 1-D (one row) or 2-D tensor, with the shape, dtype and
 * autograd state as caption. Numbers use the same style as
 * {@linkcode formatTensor}; large tensors keep their first and last rows and
 * columns around `⋮` / `…` cells. Other ranks show the text representation
 * in a `<pre>` under the same caption.
 *
 * @param t The tensor.
 * @param opts Truncation limits and precision.
 * @returns An HTML fragment (a `<table>` or a `<div>`).
 *
 * @example
 * ```ts
 * import { tensorHtml } from "./tensor_html.ts";
 * import { Tensor } from "../tensor/tensor.ts";
 * import { assert } from "@std/assert";
 *
 * const html = tensorHtml(new Tensor(new Float64Array([1, 2.5, 3, 4]), [2, 2]));
 * assert(html.includes("<td"));
 * assert(html.includes("shape [2, 2]"));
 * ```
 */
export function tensorHtml(t: Tensor, opts: TensorHtmlOptions = {}): string {
  const maxRows = opts.maxRows ?? 20, maxCols = opts.maxCols ?? 20;
  if (t.shape.length === 0 || t.shape.length > 2 || t.data.length === 0) {
    const text = escapeHtml(formatTensor(t, { precision: opts.precision }));
    return `<div><div style="${CAPTION_STYLE}">${
      caption(t)
    }</div><pre style="margin:0">${text}</pre></div>`;
  }
  const rows = t.shape.length === 1 ? 1 : t.shape[0];
  const cols = t.shape[t.shape.length - 1];
  const rowIdx = cut(rows, maxRows), colIdx = cut(cols, maxCols);
  const shown: number[] = [];
  for (const r of rowIdx) {
    if (r === null) continue;
    for (const c of colIdx) if (c !== null) shown.push(t.data[r * cols + c]);
  }
  const f = new Formatter(shown, resolvePrintOptions(opts));
  const td = (s: string) => `<td style="${CELL_STYLE}">${s}</td>`;
  const lines: string[] = [
    `<table class="tensor" style="${TABLE_STYLE}">`,
    `<caption style="${CAPTION_STYLE}">${caption(t)}</caption>`,
  ];
  for (const r of rowIdx) {
    const cells = colIdx.map((c) => {
      if (r === null) return td(c === null ? "⋱" : "⋮");
      if (c === null) return td("…");
      return td(escapeHtml(f.formatBare(t.data[r * cols + c])));
    });
    lines.push(`<tr>${cells.join("")}</tr>`);
  }
  lines.push("</table>");
  return lines.join("\n");
}

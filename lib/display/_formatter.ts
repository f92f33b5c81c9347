/**
 * PyTorch's `_Formatter` (torch/_tensor_str.py): one number style for all the
 * elements a tensor shows, and the walk that picks those elements when a large
 * tensor is summarized with `...`.
 *
 * @module
 */
import { pyExp, pyFixed } from "./_py_format.ts";

/** Print options, as `torch.set_printoptions` names them (camelCase). */
export interface PrintOptions {
  /** Digits after the decimal point (default 4). */
  precision?: number;
  /** Above this many elements the tensor is summarized with `...` (default 1000). */
  threshold?: number;
  /** Items kept at each end of a summarized dimension (default 3). */
  edgeitems?: number;
  /** Characters per line before wrapping (default 80). */
  linewidth?: number;
  /** Force (true) or forbid (false) scientific notation; default: decided by the values. */
  sciMode?: boolean;
}

/** Print options with every field filled in. */
export type ResolvedPrintOptions = Required<Omit<PrintOptions, "sciMode">> & {
  sciMode?: boolean;
};

/** Fills in PyTorch's default print options. */
export function resolvePrintOptions(
  opts: PrintOptions = {},
): ResolvedPrintOptions {
  return {
    precision: opts.precision ?? 4,
    threshold: opts.threshold ?? 1000,
    edgeitems: opts.edgeitems ?? 3,
    linewidth: opts.linewidth ?? 80,
    sciMode: opts.sciMode,
  };
}

/** Chooses integer, fixed or scientific style from the values shown. */
export class Formatter {
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  readonly precision: number;

  constructor(values: ArrayLike<number>, opts: ResolvedPrintOptions) {
    this.precision = opts.precision;
    let min = Infinity, max = 0, count = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || v === 0) continue;
      count++;
      const a = Math.abs(v);
      if (a < min) min = a;
      if (a > max) max = a;
      if (v !== Math.ceil(v)) this.intMode = false;
    }
    // Like PyTorch: no nonzero finite value means integer style, width 1.
    if (count === 0) return;
    this.sciMode = max / min > 1000 || max > 1e8 ||
      (!this.intMode && min < 1e-4);
    if (opts.sciMode !== undefined) this.sciMode = opts.sciMode;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || v === 0) continue;
      const width = this.sciMode
        ? pyExp(v, this.precision).length
        : this.intMode
        ? pyFixed(v, 0).length + 1
        : pyFixed(v, this.precision).length;
      if (width > this.maxWidth) this.maxWidth = width;
    }
  }

  /** The value in the chosen style, without padding. */
  formatBare(v: number): string {
    if (this.sciMode) return pyExp(v, this.precision);
    if (this.intMode) {
      return Number.isFinite(v) ? `${pyFixed(v, 0)}.` : pyFixed(v, 0);
    }
    return pyFixed(v, this.precision);
  }

  /** The value in the chosen style, padded on the left to the common width. */
  format(v: number): string {
    return this.formatBare(v).padStart(this.maxWidth, " ");
  }
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  return strides;
}

/**
 * Indices along one dimension of size `n` that a summarized print shows:
 * all of them, or the first and last `edgeitems` (`null` marks the gap).
 */
export function shownIndices(
  n: number,
  summarize: boolean,
  edgeitems: number,
): (number | null)[] {
  const out: (number | null)[] = [];
  if (summarize && n > 2 * edgeitems) {
    for (let i = 0; i < edgeitems; i++) out.push(i);
    out.push(null);
    for (let i = n - edgeitems; i < n; i++) out.push(i);
  } else {
    for (let i = 0; i < n; i++) out.push(i);
  }
  return out;
}

/** The values a (possibly summarized) print shows, in row-major order. */
export function shownValues(
  data: ArrayLike<number>,
  shape: readonly number[],
  summarize: boolean,
  edgeitems: number,
): number[] {
  const out: number[] = [];
  if (shape.length === 0) {
    out.push(data[0]);
    return out;
  }
  const strides = stridesOf(shape);
  const walk = (dim: number, offset: number) => {
    for (const i of shownIndices(shape[dim], summarize, edgeitems)) {
      if (i === null) continue;
      const at = offset + i * strides[dim];
      if (dim === shape.length - 1) out.push(data[at]);
      else walk(dim + 1, at);
    }
  };
  walk(0, 0);
  return out;
}

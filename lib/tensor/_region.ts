/**
 * Basic (NumPy/PyTorch) indexing resolved to a strided region of row-major
 * storage, with gather (read) and scatter (write) over it. Shared by
 * `index`/`select`/`narrow` and `setIndex`.
 *
 * @module
 */
import { copyBlock } from "./_copy.ts";
import { formatShape, type Storage } from "./tensor.ts";

/** A slice `start:stop:step` (missing or `null` parts take Python's defaults). */
export interface Slice {
  /** First index (negative counts from the end); default 0. */
  start?: number | null;
  /** One past the last index (negative counts from the end); default the size. */
  stop?: number | null;
  /** Positive step; default 1. */
  step?: number | null;
}

/**
 * One index of `x[...]`: an integer (selects and removes the dim), a slice
 * string (`":"`, `"1:5"`, `"-3:"`, `"::2"`), `"..."` (as many `":"` as
 * needed), `null` (same as `":"`), or a {@linkcode Slice} object.
 *
 * @example PyTorch's `x[-1, 1:3]` and `x[..., ::2]`
 * ```ts
 * import { index, type Spec } from "./index.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8]]);
 * const lastRow: Spec[] = [-1, "1:3"];
 * assertEquals(index(x, ...lastRow).tolist(), [6, 7]);
 * assertEquals(index(x, "...", { step: 2 }).tolist(), [[1, 3], [5, 7]]);
 * ```
 */
export type Spec = number | string | null | Slice;

/** A resolved region: where the elements are and the result's shape. */
export interface Region {
  /** Shape of the selection (integer-indexed dims removed). */
  outShape: number[];
  /** Number of selected elements. */
  size: number;
  /** Storage offset of the first selected element. */
  base: number;
  /** Length of each contiguous run. */
  block: number;
  /** Counts of the dims iterated around the runs (outermost first). */
  counts: number[];
  /** Storage distance between consecutive indices of those dims. */
  strides: number[];
}

const SLICE = /^\s*(-?\d+)?\s*:\s*(-?\d+)?\s*(?::\s*(-?\d+)?\s*)?$/;

function specText(spec: Spec): string {
  return JSON.stringify(spec);
}

function badSpec(op: string, spec: Spec): never {
  throw new TypeError(
    `${op}(): cannot index with ${
      specText(spec)
    }: an index is an integer, a slice string like "1:5", ":" or "::2", "...", null, or {start, stop, step}`,
  );
}

function sliceBound(
  op: string,
  v: unknown,
  spec: Spec,
): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v)) badSpec(op, spec);
  return v as number;
}

/**
 * Resolves `specs` against `shape`.
 * @throws {TypeError} for a malformed spec.
 * @throws {RangeError} for too many indices, an integer index out of bounds,
 *   or a non-positive step.
 */
export function resolveRegion(
  op: string,
  shape: readonly number[],
  specs: readonly Spec[],
): Region {
  const nd = shape.length;
  const first = specs[0];
  if (
    specs.length === 1 && typeof first === "number" && nd > 0 &&
    Number.isInteger(first) && first >= -shape[0] && first < shape[0]
  ) {
    return rowRegion(shape, first < 0 ? first + shape[0] : first);
  }
  let list = specs;
  const ellipsis = specs.indexOf("...");
  if (ellipsis >= 0) {
    if (specs.indexOf("...", ellipsis + 1) >= 0) {
      throw new TypeError(
        `${op}(): an index can only have a single ellipsis ("...")`,
      );
    }
    const fill = Math.max(0, nd - (specs.length - 1));
    list = [
      ...specs.slice(0, ellipsis),
      ...new Array<Spec>(fill).fill(null),
      ...specs.slice(ellipsis + 1),
    ];
  }
  if (list.length > nd) {
    throw new RangeError(
      `${op}(): too many indices for tensor of dimension ${nd}: got ${list.length} indices for shape ${
        formatShape(shape)
      }`,
    );
  }
  const starts = new Array<number>(nd);
  const steps = new Array<number>(nd);
  const counts = new Array<number>(nd);
  const outShape: number[] = [];
  for (let d = 0; d < nd; d++) {
    const size = shape[d];
    const spec = d < list.length ? list[d] : null;
    if (typeof spec === "number") {
      if (!Number.isInteger(spec)) badSpec(op, spec);
      if (spec < -size || spec >= size) {
        throw new RangeError(
          `index ${spec} is out of bounds for dimension ${d} with size ${size}`,
        );
      }
      starts[d] = spec < 0 ? spec + size : spec;
      steps[d] = 1;
      counts[d] = 1;
      continue;
    }
    let start: number | null = null, stop: number | null = null;
    let step: number | null = null;
    if (spec === null || spec === ":") {
      // all defaults
    } else if (typeof spec === "string") {
      const m = SLICE.exec(spec);
      if (m === null) badSpec(op, spec);
      const [, a, b, c] = m as RegExpExecArray;
      start = a === undefined ? null : Number(a);
      stop = b === undefined ? null : Number(b);
      step = c === undefined ? null : Number(c);
    } else if (typeof spec === "object") {
      start = sliceBound(op, spec.start, spec);
      stop = sliceBound(op, spec.stop, spec);
      step = sliceBound(op, spec.step, spec);
    } else badSpec(op, spec);
    const st = step ?? 1;
    if (st <= 0) {
      throw new RangeError(
        `${op}(): slice step must be greater than zero, but got ${st} in ${
          specText(spec)
        } for dimension ${d}`,
      );
    }
    let lo = start ?? 0, hi = stop ?? size;
    if (lo < 0) lo = Math.max(0, lo + size);
    else lo = Math.min(lo, size);
    if (hi < 0) hi = Math.max(0, hi + size);
    else hi = Math.min(hi, size);
    const n = hi > lo ? Math.ceil((hi - lo) / st) : 0;
    starts[d] = n > 0 ? lo : 0;
    steps[d] = st;
    counts[d] = n;
    outShape.push(n);
  }

  const strides = new Array<number>(nd);
  let s = 1, size = 1;
  for (let d = nd - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
    size *= counts[d];
  }
  // Trailing dims taken whole form one contiguous run; the next dim up joins
  // it when its step is 1. Dims with a single index only move the base.
  let block = 1, base = 0, d = nd - 1;
  while (d >= 0 && starts[d] === 0 && counts[d] === shape[d]) {
    block *= shape[d];
    d--;
  }
  if (d >= 0 && (steps[d] === 1 || counts[d] === 1)) {
    base += starts[d] * strides[d];
    block *= counts[d];
    d--;
  }
  const outerCounts: number[] = [], outerStrides: number[] = [];
  for (let k = 0; k <= d; k++) {
    base += starts[k] * strides[k];
    if (counts[k] !== 1) {
      outerCounts.push(counts[k]);
      outerStrides.push(steps[k] * strides[k]);
    }
  }
  return {
    outShape,
    size,
    base,
    block,
    counts: outerCounts,
    strides: outerStrides,
  };
}

/**
 * `x[i]`: one entry of the first dimension, a contiguous run. The most
 * common index in a loop over time steps, so it skips the general parsing.
 */
function rowRegion(shape: readonly number[], i: number): Region {
  const outShape = shape.slice(1);
  let size = 1;
  for (let d = 0; d < outShape.length; d++) size *= outShape[d];
  return {
    outShape,
    size,
    base: i * size,
    block: size,
    counts: [],
    strides: [],
  };
}

/** Copies the region of `src` into the contiguous `dst` (length `region.size`). */
export function gather(src: Storage, region: Region, dst: Storage): void {
  walk(region, (off, o) => copyBlock(src, off, dst, o, region.block));
}

/** Copies the contiguous `src` (length `region.size`) into the region of `dst`. */
export function scatter(dst: Storage, region: Region, src: Storage): void {
  walk(region, (off, o) => copyBlock(src, o, dst, off, region.block));
}

/** Calls `visit(storageOffset, runIndex * block)` for each contiguous run. */
function walk(
  region: Region,
  visit: (offset: number, position: number) => void,
): void {
  const { size, block, counts, strides } = region;
  if (size === 0) return;
  const n = counts.length;
  if (n === 0) {
    visit(region.base, 0);
    return;
  }
  const counter = new Array<number>(n).fill(0);
  let off = region.base;
  for (let o = 0; o < size; o += block) {
    visit(off, o);
    for (let k = n - 1; k >= 0; k--) {
      off += strides[k];
      if (++counter[k] < counts[k]) break;
      off -= strides[k] * counts[k];
      counter[k] = 0;
    }
  }
}

/** Sets every element of the region of `dst` to `value`. */
export function fillRegion(dst: Storage, region: Region, value: number): void {
  const { block } = region;
  walk(region, (off) => dst.fill(value, off, off + block));
}

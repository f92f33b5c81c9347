/**
 * Reductions with gradients: `sum`, `mean`, `varOf`/`variance`, `std`, `max`,
 * `min`, `norm`, over all elements or along dimensions (`keepdim` as in
 * PyTorch).
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { allocFloat64, allocInt32 } from "./_alloc.ts";
import { normalizeDim, shapeSize, type Storage, Tensor } from "./tensor.ts";

/** Dimensions to reduce: one, several, or (omitted) all. */
export type Dims = number | readonly number[] | undefined;

/**
 * The (outer, size, inner) decomposition of reducing one dimension: element
 * (o, r, i) lives at `o * size * inner + r * inner + i`.
 */
interface Layout {
  outer: number;
  size: number;
  inner: number;
}

function layoutOf(shape: readonly number[], dim: number): Layout {
  return {
    outer: shapeSize(shape.slice(0, dim)),
    size: shape[dim],
    inner: shapeSize(shape.slice(dim + 1)),
  };
}

function normalizeDims(dims: Dims, ndim: number): number[] {
  // As in PyTorch, an empty list of dims reduces over all of them.
  if (
    dims === undefined || (typeof dims !== "number" && [...dims].length === 0)
  ) {
    const all = new Array<number>(ndim);
    for (let d = 0; d < ndim; d++) all[d] = d;
    return all;
  }
  if (typeof dims === "number") return [normalizeDim(dims, ndim)];
  const list = typeof dims === "number" ? [dims] : [...dims];
  const out = [...new Set(list.map((d) => normalizeDim(d, ndim)))];
  return out.sort((a, b) => a - b);
}

function reducedShape(
  shape: readonly number[],
  dims: number[],
  keepdim: boolean,
): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!dims.includes(i)) out.push(d);
    else if (keepdim) out.push(1);
  });
  return out;
}

/**
 * Sums groups of elements: returns the sum for each output element, the
 * map from each input element to its output element, and the group size.
 */
function groupIndex(
  shape: readonly number[],
  dims: number[],
): { map: Int32Array; groups: number; count: number } {
  const n = shapeSize(shape);
  const map = allocInt32(n);
  if (dims.length === 1) return oneDimIndex(shape, dims[0], map);
  const outShape = reducedShape(shape, dims, true);
  const outStrides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    outStrides[d] = dims.includes(d) ? 0 : s;
    s *= outShape[d];
  }
  const counter = new Array<number>(shape.length).fill(0);
  let offset = 0;
  for (let i = 0; i < n; i++) {
    map[i] = offset;
    for (let d = shape.length - 1; d >= 0; d--) {
      counter[d]++;
      offset += outStrides[d];
      if (counter[d] < shape[d]) break;
      offset -= outStrides[d] * counter[d];
      counter[d] = 0;
    }
  }
  return { map, groups: shapeSize(outShape), count: n / Math.max(1, s) };
}

/** {@linkcode groupIndex} for one dimension: element (o, r, i) goes to group (o, i), without an odometer. */
function oneDimIndex(
  shape: readonly number[],
  dim: number,
  map: Int32Array,
): { map: Int32Array; groups: number; count: number } {
  const { outer, size, inner } = layoutOf(shape, dim);
  let at = 0;
  for (let o = 0; o < outer; o++) {
    for (let r = 0; r < size; r++) {
      for (let i = 0; i < inner; i++) map[at++] = o * inner + i;
    }
  }
  const groups = outer * inner;
  return { map, groups, count: map.length / Math.max(1, groups) };
}

/** Group map for reducing `dims`, with fast paths for "all" and one trailing run. */
function plan(x: Tensor, dims: number[]) {
  const all = dims.length === x.ndim;
  if (all) {
    return {
      map: null,
      groups: 1,
      count: x.numel(),
    } as const;
  }
  return groupIndex(x.shape, dims);
}

function sumInto(
  src: Storage,
  map: Int32Array | null,
  groups: number,
): Float64Array {
  const out = allocFloat64(groups);
  if (map === null) {
    let s = 0;
    for (let i = 0; i < src.length; i++) s += src[i];
    out[0] = s;
  } else {
    for (let i = 0; i < src.length; i++) out[map[i]] += src[i];
  }
  return out;
}

function spread(
  g: Float64Array,
  map: Int32Array | null,
  n: number,
  scale: number,
): Float64Array {
  const r = allocFloat64(n);
  if (map === null) r.fill(g[0] * scale);
  else for (let i = 0; i < n; i++) r[i] = g[map[i]] * scale;
  return r;
}

function store(values: Float64Array, like: Tensor): Storage {
  const out = resultStorage(values.length, like);
  out.set(values);
  return out;
}

/**
 * Sum over all elements, or along `dim` (one or several).
 *
 * @example
 * ```ts
 * import { sum } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * assertEquals(sum(x).item(), 21);
 * assertEquals(Array.from(sum(x, 0).data), [5, 7, 9]);
 * assertEquals(sum(x, 1, true).shape, [2, 1]);
 * ```
 */
export function sum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims(dim, x.ndim);
  const p = plan(x, dims);
  const values = sumInto(x.data, p.map, p.groups);
  const n = x.numel();
  return fromOp(
    store(values, x),
    reducedShape(x.shape, dims, keepdim),
    "SumBackward",
    [x],
    (g) => [spread(g, p.map, n, 1)],
  );
}

/**
 * Arithmetic mean over all elements, or along `dim`.
 *
 * @example
 * ```ts
 * import { mean } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * assertEquals(Array.from(mean(x, 1).data), [2, 5]);
 * ```
 */
export function mean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  const dims = normalizeDims(dim, x.ndim);
  const p = plan(x, dims);
  const values = sumInto(x.data, p.map, p.groups);
  for (let i = 0; i < values.length; i++) values[i] /= p.count;
  const n = x.numel();
  return fromOp(
    store(values, x),
    reducedShape(x.shape, dims, keepdim),
    "MeanBackward",
    [x],
    (g) => [spread(g, p.map, n, 1 / p.count)],
  );
}

/** Options of {@linkcode variance} and {@linkcode std}. */
export interface VarianceOptions {
  /** Bessel's correction: divide by N − correction (PyTorch default 1: unbiased). */
  correction?: number;
  /** Keep reduced dimensions with size 1. */
  keepdim?: boolean;
}

/**
 * Variance over all elements or along `dim`; unbiased (N − 1) by default like `torch.var`.
 *
 * @example
 * ```ts
 * import { variance } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(variance(new Tensor(new Float64Array([1, 2, 3, 4]), [4])).item(), 5 / 3);
 * ```
 */
export function variance(
  x: Tensor,
  dim?: Dims,
  options: VarianceOptions = {},
): Tensor {
  const { correction = 1, keepdim = false } = options;
  const dims = normalizeDims(dim, x.ndim);
  const p = plan(x, dims);
  const n = x.numel();
  const means = sumInto(x.data, p.map, p.groups);
  for (let i = 0; i < means.length; i++) means[i] /= p.count;
  const centered = allocFloat64(n);
  for (let i = 0; i < n; i++) {
    centered[i] = x.data[i] - means[p.map === null ? 0 : p.map[i]];
  }
  const values = allocFloat64(p.groups);
  for (let i = 0; i < n; i++) {
    values[p.map === null ? 0 : p.map[i]] += centered[i] * centered[i];
  }
  const denom = Math.max(0, p.count - correction);
  for (let i = 0; i < values.length; i++) values[i] /= denom;
  return fromOp(
    store(values, x),
    reducedShape(x.shape, dims, keepdim),
    "VarBackward",
    [x],
    (g) => {
      const r = allocFloat64(n);
      for (let i = 0; i < n; i++) {
        r[i] = g[p.map === null ? 0 : p.map[i]] * 2 * centered[i] / denom;
      }
      return [r];
    },
  );
}

/**
 * Standard deviation over all elements or along `dim`; unbiased by default like `torch.std`.
 *
 * @example
 * ```ts
 * import { std } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * assertAlmostEquals(std(new Tensor(new Float64Array([1, 2, 3, 4]), [4])).item(), 1.2909944487358056, 1e-15);
 * ```
 */
export function std(
  x: Tensor,
  dim?: Dims,
  options: VarianceOptions = {},
): Tensor {
  const v = variance(x, dim, options);
  const out = resultStorage(v.numel(), v);
  for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(v.data[i]);
  return fromOp(out, v.shape, "StdBackward", [v], (g) => {
    const r = allocFloat64(g.length);
    for (let i = 0; i < g.length; i++) r[i] = g[i] / (2 * out[i]);
    return [r];
  });
}

function extreme(
  x: Tensor,
  dim: Dims,
  keepdim: boolean,
  name: string,
  better: (a: number, b: number) => boolean,
): Tensor {
  if (x.numel() === 0) {
    throw new RangeError(
      `${name}(): Expected reduction dim to be specified for input.numel() == 0`,
    );
  }
  const dims = normalizeDims(dim, x.ndim);
  const p = plan(x, dims);
  const n = x.numel();
  const best = allocFloat64(p.groups).fill(NaN);
  const arg = allocInt32(p.groups).fill(-1);
  for (let i = 0; i < n; i++) {
    const o = p.map === null ? 0 : p.map[i];
    const v = x.data[i];
    // The first NaN wins and stays (NaN propagates, as in PyTorch).
    const take = arg[o] === -1 ||
      (!Number.isNaN(best[o]) && (Number.isNaN(v) || better(v, best[o])));
    if (take) {
      best[o] = v;
      arg[o] = i;
    }
  }
  return fromOp(
    store(best, x),
    reducedShape(x.shape, dims, keepdim),
    `${name[0].toUpperCase()}${name.slice(1)}Backward`,
    [x],
    (g) => {
      const r = allocFloat64(n);
      for (let o = 0; o < arg.length; o++) r[arg[o]] += g[o];
      return [r];
    },
  );
}

/**
 * Largest element over all elements, or along `dim` (values only; see
 * `argmax` for positions). NaN propagates, as in PyTorch.
 *
 * @example
 * ```ts
 * import { max } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float64Array([1, 5, 3, 4]), [2, 2]);
 * assertEquals(max(x).item(), 5);
 * assertEquals(Array.from(max(x, 0).data), [3, 5]);
 * ```
 */
export function max(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme(x, dim, keepdim, "max", (a, b) => a > b);
}

/**
 * Smallest element over all elements, or along `dim`.
 *
 * @example
 * ```ts
 * import { min } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(min(new Tensor(new Float64Array([2, -1, 3]), [3])).item(), -1);
 * ```
 */
export function min(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  return extreme(x, dim, keepdim, "min", (a, b) => a < b);
}

/**
 * Index of the largest element along `dim` (flat index when `dim` is omitted),
 * as a float tensor of indices. Not differentiable.
 *
 * @example
 * ```ts
 * import { argmax } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float64Array([1, 5, 3, 4]), [2, 2]);
 * assertEquals(Array.from(argmax(x, 1).data), [1, 1]);
 * ```
 */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  if (dim === undefined) {
    let best = 0;
    for (let i = 1; i < x.data.length; i++) {
      if (x.data[i] > x.data[best]) best = i;
    }
    return new Tensor(new Float64Array([best]), []);
  }
  const d = normalizeDim(dim, x.ndim);
  const { outer, size, inner } = layoutOf(x.shape, d);
  const out = allocFloat64(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = 0;
      let bestValue = x.data[o * size * inner + i];
      for (let r = 1; r < size; r++) {
        const v = x.data[o * size * inner + r * inner + i];
        if (v > bestValue) {
          best = r;
          bestValue = v;
        }
      }
      out[o * inner + i] = best;
    }
  }
  return new Tensor(out, reducedShape(x.shape, [d], keepdim));
}

/**
 * Euclidean (p = 2, default) or other p-norm over all elements or along `dim`
 * (`torch.linalg.norm` of a vector / `Tensor.norm`).
 *
 * @example
 * ```ts
 * import { norm } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(norm(new Tensor(new Float64Array([3, 4]), [2])).item(), 5);
 * ```
 */
export function norm(x: Tensor, p = 2, dim?: Dims, keepdim = false): Tensor {
  if (!(p > 0)) {
    throw new RangeError(`norm: p must be positive, got ${p}`);
  }
  const dims = normalizeDims(dim, x.ndim);
  const pl = plan(x, dims);
  const n = x.numel();
  const acc = allocFloat64(pl.groups);
  for (let i = 0; i < n; i++) {
    acc[pl.map === null ? 0 : pl.map[i]] += Math.pow(Math.abs(x.data[i]), p);
  }
  const values = acc.map((s) => Math.pow(s, 1 / p));
  return fromOp(
    store(values, x),
    reducedShape(x.shape, dims, keepdim),
    "NormBackward",
    [x],
    (g) => {
      const r = allocFloat64(n);
      for (let i = 0; i < n; i++) {
        const o = pl.map === null ? 0 : pl.map[i];
        const v = x.data[i];
        if (values[o] === 0) continue; // subgradient 0 at the origin, like PyTorch
        r[i] = g[o] * Math.sign(v) * Math.pow(Math.abs(v), p - 1) /
          Math.pow(values[o], p - 1);
      }
      return [r];
    },
  );
}

/**
 * Cumulative sum along `dim` (`torch.cumsum`).
 *
 * @example
 * ```ts
 * import { cumsum } from "./reduce.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(cumsum(new Tensor(new Float64Array([1, 2, 3]), [3]), 0).data), [1, 3, 6]);
 * ```
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.ndim);
  const { outer, size, inner } = x.ndim === 0
    ? { outer: 1, size: 1, inner: 1 }
    : layoutOf(x.shape, d);
  const out = resultStorage(x.numel(), x);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let s = 0;
      for (let r = 0; r < size; r++) {
        const at = o * size * inner + r * inner + i;
        s += x.data[at];
        out[at] = s;
      }
    }
  }
  return fromOp(out, x.shape, "CumsumBackward", [x], (g) => {
    const res = allocFloat64(g.length);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        let s = 0;
        for (let r = size - 1; r >= 0; r--) {
          const at = o * size * inner + r * inner + i;
          s += g[at];
          res[at] = s;
        }
      }
    }
    return [res];
  });
}

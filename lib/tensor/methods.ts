/**
 * PyTorch-style methods on `Tensor` (`x.matmul(w).add(b).tanh()`) and the
 * `T` property. Each method calls the free function of the same name;
 * importing this module (done by `lib/tensor/mod.ts`) installs them. Printing
 * (`console.log`, `String(x)`) and Jupyter display are installed by the
 * display layer (`lib/display/tensor_display.ts`), above this one.
 *
 * @example
 * ```ts
 * import "./methods.ts";
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = tensor([[1, 2], [3, 4]]);
 * assertEquals(x.T.matmul(x).sum().item(), 58);
 * ```
 *
 * @module
 */
import { backward, type BackwardOptions } from "../autograd/backward.ts";
import { add, div, maximum, minimum, mul, pow, sub } from "./binary.ts";
import { clone, detach, double, float, toDtype } from "./creation.ts";
import { diag } from "./diag.ts";
import {
  index,
  indexSelect,
  narrow,
  select,
  setIndex,
  type Spec,
} from "./index.ts";
import { dot, matmul, mm, outer } from "./matmul.ts";
import {
  argmax,
  cumsum,
  type Dims,
  max,
  mean,
  min,
  norm,
  std,
  sum,
  variance,
  type VarianceOptions,
} from "./reduce.ts";
import { flatten, reshape, squeeze, unsqueeze, view } from "./reshape.ts";
import type { Operand } from "./scalar.ts";
import { type DType, Tensor } from "./tensor.ts";
import { permute, t, transpose } from "./transpose.ts";
import {
  abs,
  clamp,
  exp,
  log,
  neg,
  relu,
  sigmoid,
  sqrt,
  square,
  tanh,
} from "./unary.ts";

declare module "./tensor.ts" {
  interface Tensor {
    /** `this + other` with broadcasting. */
    add(other: Operand): Tensor;
    /** `this - other` with broadcasting. */
    sub(other: Operand): Tensor;
    /** `this * other` (element-wise) with broadcasting. */
    mul(other: Operand): Tensor;
    /** `this / other` with broadcasting. */
    div(other: Operand): Tensor;
    /** `this ** exponent` with broadcasting. */
    pow(exponent: Operand): Tensor;
    /** Element-wise maximum. */
    maximum(other: Operand): Tensor;
    /** Element-wise minimum. */
    minimum(other: Operand): Tensor;
    /** `-this`. */
    neg(): Tensor;
    /** `|this|`. */
    abs(): Tensor;
    /** `e^this`. */
    exp(): Tensor;
    /** Natural logarithm. */
    log(): Tensor;
    /** Square root. */
    sqrt(): Tensor;
    /** `this²`. */
    square(): Tensor;
    /** Hyperbolic tangent. */
    tanh(): Tensor;
    /** Logistic sigmoid. */
    sigmoid(): Tensor;
    /** `max(this, 0)`. */
    relu(): Tensor;
    /** Clamps to `[min, max]`. */
    clamp(min?: number, max?: number): Tensor;
    /** Matrix product (`torch.matmul` semantics). */
    matmul(other: Tensor): Tensor;
    /** 2-D matrix product. */
    mm(other: Tensor): Tensor;
    /** Dot product of 1-D tensors. */
    dot(other: Tensor): Tensor;
    /** Outer product of 1-D tensors. */
    outer(other: Tensor): Tensor;
    /** Sum of all elements or along `dim`. */
    sum(dim?: Dims, keepdim?: boolean): Tensor;
    /** Mean of all elements or along `dim`. */
    mean(dim?: Dims, keepdim?: boolean): Tensor;
    /** Standard deviation (unbiased by default). */
    std(dim?: Dims, options?: VarianceOptions): Tensor;
    /** Variance (unbiased by default). */
    var(dim?: Dims, options?: VarianceOptions): Tensor;
    /** Largest element, overall or along `dim` (values). */
    max(dim?: Dims, keepdim?: boolean): Tensor;
    /** Smallest element, overall or along `dim` (values). */
    min(dim?: Dims, keepdim?: boolean): Tensor;
    /** Position of the largest element. */
    argmax(dim?: number, keepdim?: boolean): Tensor;
    /** p-norm (default 2), overall or along `dim`. */
    norm(p?: number, dim?: Dims, keepdim?: boolean): Tensor;
    /** Cumulative sum along `dim`. */
    cumsum(dim: number): Tensor;
    /** Same data, new shape (one `-1` allowed). */
    reshape(...shape: number[] | [readonly number[]]): Tensor;
    /** Alias of `reshape` (storage is always contiguous here). */
    view(...shape: number[] | [readonly number[]]): Tensor;
    /** Flattens dimensions `startDim..endDim` into one. */
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Inserts a dimension of size 1 at `dim`. */
    unsqueeze(dim: number): Tensor;
    /** Removes dimensions of size 1 (all, or only `dim`). */
    squeeze(dim?: number): Tensor;
    /** Swaps two dimensions. */
    transpose(dim0: number, dim1: number): Tensor;
    /** Reorders dimensions. */
    permute(...dims: number[] | [readonly number[]]): Tensor;
    /** Transpose of a ≤2-D tensor. */
    t(): Tensor;
    /** Transpose of a ≤2-D tensor (PyTorch's `x.T`). */
    readonly T: Tensor;
    /** NumPy-style indexing: `x.index(":", 1)` is `x[:, 1]`. */
    index(...specs: Spec[]): Tensor;
    /** Selects index `i` of dimension `dim`, removing that dimension. */
    select(dim: number, i: number): Tensor;
    /** `length` elements of dimension `dim` from `start`. */
    narrow(dim: number, start: number, length: number): Tensor;
    /** Gathers the given indices along `dim`. */
    indexSelect(dim: number, indices: readonly number[]): Tensor;
    /** In-place assignment `x[specs] = value` (not differentiable). Returns `this`. */
    set(specs: Spec[], value: Operand): Tensor;
    /** Diagonal matrix of a 1-D tensor, or the diagonal of a 2-D tensor. */
    diag(): Tensor;
    /** Differentiable copy. */
    clone(): Tensor;
    /** Copy outside the autograd graph. */
    detach(): Tensor;
    /** As float32. */
    float(): Tensor;
    /** As float64. */
    double(): Tensor;
    /** As the given dtype. */
    to(dtype: DType): Tensor;
    /**
     * Back-propagates from this tensor (see `lib/autograd/backward.ts`); the
     * graph is freed unless `{ retainGraph: true }`.
     */
    backward(gradient?: Tensor, options?: BackwardOptions): void;
  }
}

const P = Tensor.prototype;
P.add = function (o) {
  return add(this, o);
};
P.sub = function (o) {
  return sub(this, o);
};
P.mul = function (o) {
  return mul(this, o);
};
P.div = function (o) {
  return div(this, o);
};
P.pow = function (o) {
  return pow(this, o);
};
P.maximum = function (o) {
  return maximum(this, o);
};
P.minimum = function (o) {
  return minimum(this, o);
};
P.neg = function () {
  return neg(this);
};
P.abs = function () {
  return abs(this);
};
P.exp = function () {
  return exp(this);
};
P.log = function () {
  return log(this);
};
P.sqrt = function () {
  return sqrt(this);
};
P.square = function () {
  return square(this);
};
P.tanh = function () {
  return tanh(this);
};
P.sigmoid = function () {
  return sigmoid(this);
};
P.relu = function () {
  return relu(this);
};
P.clamp = function (lo, hi) {
  return clamp(this, lo, hi);
};
P.matmul = function (o) {
  return matmul(this, o);
};
P.mm = function (o) {
  return mm(this, o);
};
P.dot = function (o) {
  return dot(this, o);
};
P.outer = function (o) {
  return outer(this, o);
};
P.sum = function (d, k) {
  return sum(this, d, k);
};
P.mean = function (d, k) {
  return mean(this, d, k);
};
P.std = function (d, o) {
  return std(this, d, o);
};
P.var = function (d, o) {
  return variance(this, d, o);
};
P.max = function (d, k) {
  return max(this, d, k);
};
P.min = function (d, k) {
  return min(this, d, k);
};
P.argmax = function (d, k) {
  return argmax(this, d, k);
};
P.norm = function (p, d, k) {
  return norm(this, p, d, k);
};
P.cumsum = function (d) {
  return cumsum(this, d);
};
P.reshape = function (...s) {
  return reshape(this, ...s);
};
P.view = function (...s) {
  return view(this, ...s);
};
P.flatten = function (a, b) {
  return flatten(this, a, b);
};
P.unsqueeze = function (d) {
  return unsqueeze(this, d);
};
P.squeeze = function (d) {
  return squeeze(this, d);
};
P.transpose = function (a, b) {
  return transpose(this, a, b);
};
P.permute = function (...d) {
  return permute(this, ...d);
};
P.t = function () {
  return t(this);
};
Object.defineProperty(P, "T", {
  get(this: Tensor) {
    return t(this);
  },
  configurable: true,
});
P.index = function (...specs) {
  return index(this, ...specs);
};
P.select = function (d, i) {
  return select(this, d, i);
};
P.narrow = function (d, s, l) {
  return narrow(this, d, s, l);
};
P.indexSelect = function (d, i) {
  return indexSelect(this, d, i);
};
P.set = function (specs, value) {
  setIndex(this, specs, value);
  return this;
};
P.diag = function () {
  return diag(this);
};
P.clone = function () {
  return clone(this);
};
P.detach = function () {
  return detach(this);
};
P.float = function () {
  return float(this);
};
P.double = function () {
  return double(this);
};
P.to = function (dtype) {
  return toDtype(this, dtype);
};
P.backward = function (gradient, options) {
  backward(this, gradient, options);
};

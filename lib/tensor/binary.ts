/**
 * Element-wise binary operations with NumPy broadcasting and gradients:
 * `add`, `sub`, `mul`, `div`, `pow`, `maximum`, `minimum`.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { allocFloat32, allocFloat64 } from "./_alloc.ts";
import {
  broadcastIndex,
  broadcastShapes,
  expandData,
  reduceGrad,
  reduceRepeated,
  repeatData,
  repeatPeriod,
} from "./broadcast.ts";
import { asTensor, type Operand } from "./scalar.ts";
import { shapeSize, type Storage, Tensor } from "./tensor.ts";

/** Forward kernel on expanded operands, and the partial derivatives. */
interface BinaryKernel {
  name: string;
  forward(a: Storage, b: Storage, out: Storage): void;
  /** dL/da given dL/dout (`g`), operands and output (all of the broadcast shape). */
  gradA(g: Float64Array, a: Storage, b: Storage, out: Storage): Float64Array;
  /** dL/db, likewise. */
  gradB(g: Float64Array, a: Storage, b: Storage, out: Storage): Float64Array;
}

function binary(k: BinaryKernel, x: Operand, y: Operand): Tensor {
  const xt = x instanceof Tensor, yt = y instanceof Tensor;
  if (xt !== yt) {
    const t = (xt ? x : y) as Tensor;
    if (!(isGradEnabled() && t.requiresGrad)) {
      return withNumber(k, t, xt ? y : x, xt);
    }
  }
  const a = asTensor(x, yt ? y as Tensor : undefined);
  const b = asTensor(y, a);
  const shape = outShape(a.shape, b.shape);
  const n = shapeSize(shape);
  const na = a.data.length, nb = b.data.length;
  // Each operand's values at every output element: itself, a repeated
  // block (`period`, no index map needed), or gathered through a map.
  let ad = a.data, bd = b.data;
  let periodA = n, periodB = n;
  let mapA: Int32Array | null = null, mapB: Int32Array | null = null;
  if (na !== n) {
    periodA = repeatPeriod(a.shape, shape);
    if (periodA >= 0) ad = repeatData(ad, periodA, n);
    else ad = expandData(a, mapA = broadcastIndex(a.shape, shape), n);
  }
  if (nb !== n) {
    periodB = repeatPeriod(b.shape, shape);
    if (periodB >= 0) bd = repeatData(bd, periodB, n);
    else bd = expandData(b, mapB = broadcastIndex(b.shape, shape), n);
  }
  const out = resultStorage(n, a, b);
  k.forward(ad, bd, out);
  return fromOp(out, shape, k.name, [a, b], (g) => [
    a.requiresGrad ? sumBack(k.gradA(g, ad, bd, out), periodA, mapA, na) : null,
    b.requiresGrad ? sumBack(k.gradB(g, ad, bd, out), periodB, mapB, nb) : null,
  ]);
}

/**
 * `t op value` (or `value op t`) outside the graph: the number is repeated
 * straight into storage of `t`'s type (rounded to float32 as a float32 0-d
 * tensor would be), without a tensor of its own.
 */
function withNumber(
  k: BinaryKernel,
  t: Tensor,
  value: unknown,
  tensorFirst: boolean,
): Tensor {
  if (typeof value !== "number") asTensor(value as Operand); // throws its TypeError
  const n = t.data.length;
  const repeated = t.data instanceof Float32Array
    ? allocFloat32(n)
    : allocFloat64(n);
  repeated.fill(value as number);
  const out = resultStorage(n, t);
  if (tensorFirst) k.forward(t.data, repeated, out);
  else k.forward(repeated, t.data, out);
  return fromOp(out, t.shape, k.name, [t], NOT_RECORDED);
}

/** Backward of an op `fromOp` does not record (no input requires grad). */
function NOT_RECORDED(): never {
  throw new Error("unreachable: this op was not recorded");
}

/** The broadcast shape; no new array when it is one operand's shape (the common case). */
function outShape(as: readonly number[], bs: readonly number[]): number[] {
  if (repeatPeriod(bs, as) >= 0) return as as number[];
  if (repeatPeriod(as, bs) >= 0) return bs as number[];
  return broadcastShapes(as, bs);
}

/** Sums a gradient of the output back to an operand of `size` elements read by `period` or `map`. */
function sumBack(
  g: Float64Array,
  period: number,
  map: Int32Array | null,
  size: number,
): Float64Array {
  if (map !== null) return reduceGrad(g, map, size);
  return period === g.length ? g : reduceRepeated(g, period);
}

function mapGrad(
  g: Float64Array,
  f: (gi: number, i: number) => number,
): Float64Array {
  const r = allocFloat64(g.length);
  for (let i = 0; i < g.length; i++) r[i] = f(g[i], i);
  return r;
}

const ADD: BinaryKernel = {
  name: "AddBackward",
  forward(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i] + b[i];
  },
  gradA: (g) => g,
  gradB: (g) => g,
};

const SUB: BinaryKernel = {
  name: "SubBackward",
  forward(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
  },
  gradA: (g) => g,
  gradB: (g) => mapGrad(g, (gi) => -gi),
};

const MUL: BinaryKernel = {
  name: "MulBackward",
  forward(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i] * b[i];
  },
  gradA: (g, _a, b) => mapGrad(g, (gi, i) => gi * b[i]),
  gradB: (g, a) => mapGrad(g, (gi, i) => gi * a[i]),
};

const DIV: BinaryKernel = {
  name: "DivBackward",
  forward(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i] / b[i];
  },
  gradA: (g, _a, b) => mapGrad(g, (gi, i) => gi / b[i]),
  gradB: (g, _a, b, out) => mapGrad(g, (gi, i) => -gi * out[i] / b[i]),
};

const POW: BinaryKernel = {
  name: "PowBackward",
  forward(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = Math.pow(a[i], b[i]);
  },
  gradA: (g, a, b) =>
    mapGrad(
      g,
      (gi, i) => b[i] === 0 ? 0 : gi * b[i] * Math.pow(a[i], b[i] - 1),
    ),
  gradB: (g, a, _b, out) =>
    mapGrad(g, (gi, i) => a[i] > 0 ? gi * out[i] * Math.log(a[i]) : 0),
};

const MAXIMUM: BinaryKernel = {
  name: "MaximumBackward",
  forward(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i] >= b[i] ? a[i] : b[i];
  },
  // Ties split the gradient evenly, as PyTorch does.
  gradA: (g, a, b) =>
    mapGrad(g, (gi, i) => a[i] > b[i] ? gi : a[i] === b[i] ? gi / 2 : 0),
  gradB: (g, a, b) =>
    mapGrad(g, (gi, i) => b[i] > a[i] ? gi : a[i] === b[i] ? gi / 2 : 0),
};

const MINIMUM: BinaryKernel = {
  name: "MinimumBackward",
  forward(a, b, out) {
    for (let i = 0; i < out.length; i++) out[i] = a[i] <= b[i] ? a[i] : b[i];
  },
  gradA: (g, a, b) =>
    mapGrad(g, (gi, i) => a[i] < b[i] ? gi : a[i] === b[i] ? gi / 2 : 0),
  gradB: (g, a, b) =>
    mapGrad(g, (gi, i) => b[i] < a[i] ? gi : a[i] === b[i] ? gi / 2 : 0),
};

/**
 * `a + b` element-wise, with broadcasting.
 *
 * @example
 * ```ts
 * import { add } from "./binary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float64Array([1, 2, 3, 4]), [2, 2]);
 * assertEquals(Array.from(add(x, new Tensor(new Float64Array([10, 20]), [2])).data), [11, 22, 13, 24]);
 * ```
 */
export function add(a: Operand, b: Operand): Tensor {
  return binary(ADD, a, b);
}

/**
 * `a - b` element-wise, with broadcasting.
 *
 * @example
 * ```ts
 * import { sub } from "./binary.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(sub(5, 3).item(), 2);
 * ```
 */
export function sub(a: Operand, b: Operand): Tensor {
  return binary(SUB, a, b);
}

/**
 * `a * b` element-wise (Hadamard product), with broadcasting.
 *
 * @example
 * ```ts
 * import { mul } from "./binary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(mul(new Tensor(new Float64Array([1, 2]), [2]), 3).data), [3, 6]);
 * ```
 */
export function mul(a: Operand, b: Operand): Tensor {
  return binary(MUL, a, b);
}

/**
 * `a / b` element-wise, with broadcasting.
 *
 * @example
 * ```ts
 * import { div } from "./binary.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(div(1, 4).item(), 0.25);
 * ```
 */
export function div(a: Operand, b: Operand): Tensor {
  return binary(DIV, a, b);
}

/**
 * `a ** b` element-wise, with broadcasting.
 *
 * @example
 * ```ts
 * import { pow } from "./binary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(pow(new Tensor(new Float64Array([2, 3]), [2]), 2).data), [4, 9]);
 * ```
 */
export function pow(a: Operand, b: Operand): Tensor {
  return binary(POW, a, b);
}

/**
 * Element-wise maximum of `a` and `b`, with broadcasting.
 *
 * @example
 * ```ts
 * import { maximum } from "./binary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(maximum(new Tensor(new Float64Array([-1, 2]), [2]), 0).data), [0, 2]);
 * ```
 */
export function maximum(a: Operand, b: Operand): Tensor {
  return binary(MAXIMUM, a, b);
}

/**
 * Element-wise minimum of `a` and `b`, with broadcasting.
 *
 * @example
 * ```ts
 * import { minimum } from "./binary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(minimum(new Tensor(new Float64Array([-1, 2]), [2]), 0).data), [-1, 0]);
 * ```
 */
export function minimum(a: Operand, b: Operand): Tensor {
  return binary(MINIMUM, a, b);
}

/**
 * Element-wise binary operations with NumPy broadcasting and gradients:
 * `add`, `sub`, `mul`, `div`, `pow`, `maximum`, `minimum`.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { allocFloat64 } from "./_alloc.ts";
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
  const a = asTensor(x, y instanceof Tensor ? y : undefined);
  const b = asTensor(y, a);
  const shape = outShape(a.shape, b.shape);
  const n = shapeSize(shape);
  const ea = Expanded.of(a, shape, n), eb = Expanded.of(b, shape, n);
  const ad = ea.data, bd = eb.data;
  const out = resultStorage(n, a, b);
  k.forward(ad, bd, out);
  return fromOp(out, shape, k.name, [a, b], (g) => [
    a.requiresGrad ? ea.reduce(k.gradA(g, ad, bd, out)) : null,
    b.requiresGrad ? eb.reduce(k.gradB(g, ad, bd, out)) : null,
  ]);
}

/** The broadcast shape; no new array when it is one operand's shape (the common case). */
function outShape(as: readonly number[], bs: readonly number[]): number[] {
  if (repeatPeriod(bs, as) >= 0) return as as number[];
  if (repeatPeriod(as, bs) >= 0) return bs as number[];
  return broadcastShapes(as, bs);
}

/**
 * An operand's values at every element of the output, and how to sum a
 * gradient of the output back to the operand. Repeated values (same shape,
 * scalars, a trailing block such as a bias row) need no index map.
 */
class Expanded {
  private constructor(
    readonly data: Storage,
    private readonly period: number,
    private readonly map: Int32Array | null,
    private readonly size: number,
  ) {}

  static of(t: Tensor, shape: readonly number[], n: number): Expanded {
    const src = t.data, size = src.length;
    if (size === n) return new Expanded(src, n, null, size);
    const period = repeatPeriod(t.shape, shape);
    if (period >= 0) {
      return new Expanded(repeatData(src, period, n), period, null, size);
    }
    const map = broadcastIndex(t.shape, shape);
    return new Expanded(expandData(t, map, n), -1, map, size);
  }

  reduce(g: Float64Array): Float64Array {
    if (this.map !== null) return reduceGrad(g, this.map, this.size);
    return this.period === g.length ? g : reduceRepeated(g, this.period);
  }
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

/**
 * Element-wise functions of one tensor, with gradients: `neg`, `abs`, `exp`,
 * `log`, `sqrt`, `tanh`, `sigmoid`, `relu`, `square`, `clamp`.
 *
 * @module
 */
import { sigmoidGrad, tanhGrad } from "../kernels/activations.ts";
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { allocFloat64 } from "./_alloc.ts";
import { type Storage, Tensor } from "./tensor.ts";

/** Writes f(src[i]) into out[i]; one loop per function so V8 inlines `f`. */
type Forward = (src: Storage, out: Storage) => void;
/** Writes dL/dx into r from dL/dy (`g`), x (`src`) and y = f(x) (`out`). */
type Backward = (
  g: Float64Array,
  src: Storage,
  out: Storage,
  r: Float64Array,
) => void;

function unary(
  name: string,
  x: Tensor,
  forward: Forward,
  backward: Backward,
): Tensor {
  const src = x.data, n = src.length;
  const out = resultStorage(n, x);
  forward(src, out);
  return fromOp(out, x.shape, name, [x], (g) => {
    const r = allocFloat64(n);
    backward(g, src, out, r);
    return [r];
  });
}

/** f and df as per-element functions: for the rarely used ops (one call per element). */
function unaryOf(
  name: string,
  x: Tensor,
  f: (v: number) => number,
  df: (g: number, x: number, y: number) => number,
): Tensor {
  return unary(
    name,
    x,
    (src, out) => {
      for (let i = 0; i < src.length; i++) out[i] = f(src[i]);
    },
    (g, src, out, r) => {
      for (let i = 0; i < r.length; i++) r[i] = df(g[i], src[i], out[i]);
    },
  );
}

// The hot ops (every RNN step uses them) get loops of their own.
const NEG: Forward = (src, out) => {
  for (let i = 0; i < src.length; i++) out[i] = -src[i];
};
const NEG_GRAD: Backward = (g, _src, _out, r) => {
  for (let i = 0; i < r.length; i++) r[i] = -g[i];
};
const EXP: Forward = (src, out) => {
  for (let i = 0; i < src.length; i++) out[i] = Math.exp(src[i]);
};
const EXP_GRAD: Backward = (g, _src, out, r) => {
  for (let i = 0; i < r.length; i++) r[i] = g[i] * out[i];
};
const SQUARE: Forward = (src, out) => {
  for (let i = 0; i < src.length; i++) out[i] = src[i] * src[i];
};
const SQUARE_GRAD: Backward = (g, src, _out, r) => {
  for (let i = 0; i < r.length; i++) r[i] = 2 * g[i] * src[i];
};
const TANH: Forward = (src, out) => {
  for (let i = 0; i < src.length; i++) out[i] = Math.tanh(src[i]);
};
const TANH_GRAD: Backward = (g, _src, out, r) => {
  for (let i = 0; i < r.length; i++) r[i] = g[i] * tanhGrad(out[i]);
};
const SIGMOID: Forward = (src, out) => {
  for (let i = 0; i < src.length; i++) out[i] = sigmoidValue(src[i]);
};
const SIGMOID_GRAD: Backward = (g, _src, out, r) => {
  for (let i = 0; i < r.length; i++) r[i] = g[i] * sigmoidGrad(out[i]);
};
const RELU: Forward = (src, out) => {
  for (let i = 0; i < src.length; i++) out[i] = src[i] > 0 ? src[i] : 0;
};
const RELU_GRAD: Backward = (g, src, _out, r) => {
  for (let i = 0; i < r.length; i++) r[i] = src[i] > 0 ? g[i] : 0;
};

/**
 * `-x`.
 *
 * @example
 * ```ts
 * import { neg } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(neg(new Tensor(new Float64Array([2]), [1])).item(), -2);
 * ```
 */
export function neg(x: Tensor): Tensor {
  return unary("NegBackward", x, NEG, NEG_GRAD);
}

/**
 * `|x|` (gradient 0 at 0, as in PyTorch).
 *
 * @example
 * ```ts
 * import { abs } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(abs(new Tensor(new Float64Array([-2]), [1])).item(), 2);
 * ```
 */
export function abs(x: Tensor): Tensor {
  return unaryOf("AbsBackward", x, Math.abs, (g, v) => g * Math.sign(v));
}

/**
 * `e^x`.
 *
 * @example
 * ```ts
 * import { exp } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(exp(new Tensor(new Float64Array([0]), [1])).item(), 1);
 * ```
 */
export function exp(x: Tensor): Tensor {
  return unary("ExpBackward", x, EXP, EXP_GRAD);
}

/**
 * Natural logarithm.
 *
 * @example
 * ```ts
 * import { log } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(log(new Tensor(new Float64Array([1]), [1])).item(), 0);
 * ```
 */
export function log(x: Tensor): Tensor {
  return unaryOf("LogBackward", x, Math.log, (g, v) => g / v);
}

/**
 * Square root.
 *
 * @example
 * ```ts
 * import { sqrt } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(sqrt(new Tensor(new Float64Array([9]), [1])).item(), 3);
 * ```
 */
export function sqrt(x: Tensor): Tensor {
  return unaryOf("SqrtBackward", x, Math.sqrt, (g, _v, y) => g / (2 * y));
}

/**
 * `x²`.
 *
 * @example
 * ```ts
 * import { square } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(square(new Tensor(new Float64Array([-3]), [1])).item(), 9);
 * ```
 */
export function square(x: Tensor): Tensor {
  return unary("PowBackward", x, SQUARE, SQUARE_GRAD);
}

/**
 * Hyperbolic tangent; its derivative is `1 − tanh(x)²`.
 *
 * @example
 * ```ts
 * import { tanh } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * assertAlmostEquals(tanh(new Tensor(new Float64Array([0.2]), [1])).item(), 0.1973753202249, 1e-12);
 * ```
 */
export function tanh(x: Tensor): Tensor {
  return unary("TanhBackward", x, TANH, TANH_GRAD);
}

/**
 * Logistic sigmoid `1 / (1 + e^{−x})`, computed without overflow.
 *
 * @example
 * ```ts
 * import { sigmoid } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(sigmoid(new Tensor(new Float64Array([0]), [1])).item(), 0.5);
 * ```
 */
export function sigmoid(x: Tensor): Tensor {
  return unary("SigmoidBackward", x, SIGMOID, SIGMOID_GRAD);
}

/** σ(v) for one number, stable for large |v|. */
export function sigmoidValue(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * Rectified linear unit `max(x, 0)` (gradient 0 at 0, as in PyTorch).
 *
 * @example
 * ```ts
 * import { relu } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(relu(new Tensor(new Float64Array([-1, 2]), [2])).data), [0, 2]);
 * ```
 */
export function relu(x: Tensor): Tensor {
  return unary("ReluBackward", x, RELU, RELU_GRAD);
}

/**
 * Clamps every element to `[min, max]` (either bound may be omitted).
 *
 * @example
 * ```ts
 * import { clamp } from "./unary.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(Array.from(clamp(new Tensor(new Float64Array([-5, 0, 5]), [3]), -1, 1).data), [-1, 0, 1]);
 * ```
 */
export function clamp(x: Tensor, min = -Infinity, max = Infinity): Tensor {
  if (min > max) {
    throw new RangeError(`clamp: min (${min}) must not exceed max (${max})`);
  }
  return unaryOf(
    "ClampBackward",
    x,
    (v) => v < min ? min : v > max ? max : v,
    (g, v) => v >= min && v <= max ? g : 0,
  );
}

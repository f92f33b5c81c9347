/**
 * Element-wise functions of one tensor, with gradients: `neg`, `abs`, `exp`,
 * `log`, `sqrt`, `tanh`, `sigmoid`, `relu`, `square`, `clamp`.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { Tensor } from "./tensor.ts";

/** f(x), and dL/dx from dL/dy, x and y = f(x). */
type Derivative = (g: number, x: number, y: number) => number;

function unary(
  name: string,
  x: Tensor,
  f: (v: number) => number,
  df: Derivative,
): Tensor {
  const src = x.data, n = src.length;
  const out = resultStorage(n, x);
  for (let i = 0; i < n; i++) out[i] = f(src[i]);
  return fromOp(out, x.shape, name, [x], (g) => {
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = df(g[i], src[i], out[i]);
    return [r];
  });
}

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
  return unary("NegBackward", x, (v) => -v, (g) => -g);
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
  return unary("AbsBackward", x, Math.abs, (g, v) => g * Math.sign(v));
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
  return unary("ExpBackward", x, Math.exp, (g, _v, y) => g * y);
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
  return unary("LogBackward", x, Math.log, (g, v) => g / v);
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
  return unary("SqrtBackward", x, Math.sqrt, (g, _v, y) => g / (2 * y));
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
  return unary("PowBackward", x, (v) => v * v, (g, v) => 2 * g * v);
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
  return unary("TanhBackward", x, Math.tanh, (g, _v, y) => g * (1 - y * y));
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
  return unary(
    "SigmoidBackward",
    x,
    sigmoidValue,
    (g, _v, y) => g * y * (1 - y),
  );
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
  return unary(
    "ReluBackward",
    x,
    (v) => v > 0 ? v : 0,
    (g, v) => v > 0 ? g : 0,
  );
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
  return unary(
    "ClampBackward",
    x,
    (v) => v < min ? min : v > max ? max : v,
    (g, v) => v >= min && v <= max ? g : 0,
  );
}

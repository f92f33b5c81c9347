/**
 * Creating tensors: from JavaScript values (`tensor`), filled (`zeros`,
 * `ones`, `full`, `eye`), ranges (`arange`, `linspace`), `*Like` variants,
 * and copies (`clone`, `detach`, `toDtype`).
 *
 * @module
 */
import { allocFloat32, allocFloat64, copyStorage } from "./_alloc.ts";
import { fromOp } from "../autograd/from_op.ts";
import {
  parseSizeArgs,
  type SizeArgs,
  type TensorOptions,
} from "./_shape_args.ts";
import {
  type DType,
  formatShape,
  shapeSize,
  type Storage,
  Tensor,
} from "./tensor.ts";

export type { SizeArgs, TensorOptions };

/**
 * Values `tensor()` accepts: a number, a typed array or array of numbers,
 * a tensor, or arrays nesting these.
 */
export type TensorLike =
  | number
  | boolean
  | Tensor
  | ArrayLike<number>
  | readonly TensorLike[];

function allocate(n: number, dtype: DType | undefined): Storage {
  return dtype === "float32" ? allocFloat32(n) : allocFloat64(n);
}

function checkDtype(op: string, dtype: unknown): void {
  if (dtype !== undefined && dtype !== "float64" && dtype !== "float32") {
    throw new TypeError(
      `${op}(): dtype must be "float64" or "float32", but got ${
        JSON.stringify(dtype)
      }`,
    );
  }
}

function leaf(data: Storage, shape: readonly number[], opts: TensorOptions) {
  return new Tensor(data, shape, opts.requiresGrad ?? false);
}

function isSequence(v: unknown): v is ArrayLike<unknown> {
  return (Array.isArray(v) || ArrayBuffer.isView(v)) &&
    !(v instanceof DataView);
}

function describe(v: unknown): string {
  if (isSequence(v)) return `a sequence of length ${v.length}`;
  if (v instanceof Tensor) return `a tensor of shape ${formatShape(v.shape)}`;
  return v === null ? "null" : typeof v;
}

/**
 * Builds a tensor from (nested) JavaScript values, copying them; the shape
 * follows the nesting (PyTorch's `torch.tensor`).
 *
 * @param values A number (0-d tensor), a flat array or typed array (1-D), or
 *   nested arrays (n-D); tensors inside are copied as their values.
 * @param options `dtype` (default `"float64"`), `requiresGrad` (default false).
 * @returns A new leaf tensor.
 * @throws {TypeError} if the nesting is ragged (naming the dim and index) or
 *   an element is not a number.
 *
 * @example
 * ```ts
 * import { tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * assertEquals(x.shape, [2, 3]);
 * assertEquals(tensor(7).shape, []);
 * assertEquals(tensor([1, 2], { dtype: "float32" }).dtype, "float32");
 * ```
 */
export function tensor(
  values: TensorLike,
  options: TensorOptions = {},
): Tensor {
  checkDtype("tensor", options.dtype);
  // The shape is read along the first elements, then every element is checked
  // against it while filling.
  const shape: number[] = [];
  let probe: unknown = values;
  while (true) {
    if (probe instanceof Tensor) {
      shape.push(...probe.shape);
      break;
    }
    if (!isSequence(probe)) break;
    shape.push(probe.length);
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const data = allocate(shapeSize(shape), options.dtype);
  let pos = 0;
  const path: number[] = [];
  const fail = (message: string): never => {
    throw new TypeError(
      `Cannot create a tensor from nested arrays: ${message} at index ${
        formatShape(path)
      }`,
    );
  };
  const fill = (v: unknown, dim: number): void => {
    if (v instanceof Tensor) {
      const rest = shape.slice(dim);
      if (
        rest.length !== v.shape.length || rest.some((s, i) => s !== v.shape[i])
      ) {
        fail(
          `expected a tensor of shape ${formatShape(rest)} at dim ${dim} (got ${
            formatShape(v.shape)
          })`,
        );
      }
      data.set(v.data, pos);
      pos += v.data.length;
      return;
    }
    if (dim === shape.length) {
      if (typeof v === "number") data[pos++] = v;
      else if (typeof v === "boolean") data[pos++] = v ? 1 : 0;
      else fail(`expected a number at dim ${dim} (got ${describe(v)})`);
      return;
    }
    if (!isSequence(v)) {
      return fail(
        `expected sequence of length ${shape[dim]} at dim ${dim} (got ${
          describe(v)
        })`,
      );
    }
    if (v.length !== shape[dim]) {
      fail(
        `expected sequence of length ${
          shape[dim]
        } at dim ${dim} (got ${v.length})`,
      );
    }
    if (dim === shape.length - 1 && ArrayBuffer.isView(v)) {
      data.set(v as ArrayLike<number>, pos);
      pos += v.length;
      return;
    }
    for (let i = 0; i < v.length; i++) {
      path.push(i);
      fill(v[i], dim + 1);
      path.pop();
    }
  };
  fill(values, 0);
  return leaf(data, shape, options);
}

/**
 * A tensor of zeros. Sizes may be given as arguments or as one array; an
 * options object may follow.
 *
 * @param args Sizes (`2, 3` or `[2, 3]`), then optionally `{ dtype, requiresGrad }`.
 * @returns A new leaf tensor.
 * @throws {TypeError} if a size is not an integer.
 * @throws {RangeError} if a size is negative.
 *
 * @example
 * ```ts
 * import { zeros } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(zeros(2, 3).shape, [2, 3]);
 * assertEquals(zeros([4], { dtype: "float32" }).tolist(), [0, 0, 0, 0]);
 * ```
 */
export function zeros(
  shape: readonly number[],
  options?: TensorOptions,
): Tensor;
/** zeros(2, 3, options): sizes as arguments, then options. */
export function zeros(
  ...args: [...sizes: number[], options: TensorOptions]
): Tensor;
/** zeros(2, 3): sizes as arguments. */
export function zeros(...sizes: number[]): Tensor;
export function zeros(...args: unknown[]): Tensor {
  const { shape, options } = parseSizeArgs("zeros", args);
  checkDtype("zeros", options.dtype);
  return leaf(allocate(shapeSize(shape), options.dtype), shape, options);
}

/**
 * A tensor of ones; arguments as for {@linkcode zeros}.
 *
 * @param args Sizes (`2, 3` or `[2, 3]`), then optionally `{ dtype, requiresGrad }`.
 * @returns A new leaf tensor.
 * @throws {TypeError} if a size is not an integer.
 * @throws {RangeError} if a size is negative.
 *
 * @example
 * ```ts
 * import { ones } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(ones(2).tolist(), [1, 1]);
 * assertEquals(ones([1, 2]).tolist(), [[1, 1]]);
 * ```
 */
export function ones(shape: readonly number[], options?: TensorOptions): Tensor;
/** ones(2, 3, options): sizes as arguments, then options. */
export function ones(
  ...args: [...sizes: number[], options: TensorOptions]
): Tensor;
/** ones(2, 3): sizes as arguments. */
export function ones(...sizes: number[]): Tensor;
export function ones(...args: unknown[]): Tensor {
  const { shape, options } = parseSizeArgs("ones", args);
  checkDtype("ones", options.dtype);
  return leaf(
    allocate(shapeSize(shape), options.dtype).fill(1),
    shape,
    options,
  );
}

/**
 * A tensor filled with `value`.
 *
 * @param shape Sizes (an array, or one number for 1-D).
 * @param value The fill value.
 * @param options `dtype`, `requiresGrad`.
 * @returns A new leaf tensor.
 * @throws {TypeError} if a size is not an integer.
 * @throws {RangeError} if a size is negative.
 *
 * @example
 * ```ts
 * import { full } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(full([2, 2], 7).tolist(), [[7, 7], [7, 7]]);
 * ```
 */
export function full(
  shape: readonly number[] | number,
  value: number,
  options: TensorOptions = {},
): Tensor {
  const parsed = parseSizeArgs(
    "full",
    typeof shape === "number" ? [shape] : [shape],
  );
  checkDtype("full", options.dtype);
  const data = allocate(shapeSize(parsed.shape), options.dtype).fill(value);
  return leaf(data, parsed.shape, options);
}

/**
 * Evenly spaced values in `[start, end)` with spacing `step` (PyTorch's
 * `torch.arange`): `arange(end)` or `arange(start, end, step = 1)`, with an
 * optional trailing options object.
 *
 * @returns A new 1-D leaf tensor of `ceil((end - start) / step)` values.
 * @throws {RangeError} if `step` is zero, not finite, or points away from `end`.
 *
 * @example
 * ```ts
 * import { arange } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(arange(4).tolist(), [0, 1, 2, 3]);
 * assertEquals(arange(1, 2, 0.25).tolist(), [1, 1.25, 1.5, 1.75]);
 * assertEquals(arange(3, 0, -1).tolist(), [3, 2, 1]);
 * ```
 */
export function arange(end: number, options?: TensorOptions): Tensor;
/** arange(start, end): step 1. */
export function arange(
  start: number,
  end: number,
  options?: TensorOptions,
): Tensor;
/** arange(start, end, step). */
export function arange(
  start: number,
  end: number,
  step: number,
  options?: TensorOptions,
): Tensor;
export function arange(
  ...args: (number | TensorOptions | undefined)[]
): Tensor {
  let options: TensorOptions = {};
  if (args.length > 0 && typeof args[args.length - 1] === "object") {
    options = args.pop() as TensorOptions;
  }
  while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
  const nums = args as number[];
  if (
    nums.length < 1 || nums.length > 3 ||
    nums.some((v) => typeof v !== "number")
  ) {
    throw new TypeError(
      `arange() expects (end), (start, end) or (start, end, step) numbers, but got (${
        nums.map(String).join(", ")
      })`,
    );
  }
  const [start, end, step] = nums.length === 1
    ? [0, nums[0], 1]
    : [nums[0], nums[1], nums[2] ?? 1];
  checkDtype("arange", options.dtype);
  if (step === 0 || !Number.isFinite(step)) {
    throw new RangeError(
      `arange(): step must be nonzero and finite, but got ${step}`,
    );
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError(
      `arange(): unsupported range: ${start} -> ${end}`,
    );
  }
  if ((end - start) * step < 0) {
    throw new RangeError(
      `arange(): upper bound and larger bound inconsistent with step sign: start=${start}, end=${end}, step=${step}`,
    );
  }
  const n = Math.ceil((end - start) / step);
  const data = allocate(n, options.dtype);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return leaf(data, [n], options);
}

/**
 * `steps` evenly spaced values from `start` to `end`, both included
 * (PyTorch's `torch.linspace`).
 *
 * @param start First value.
 * @param end Last value.
 * @param steps Number of values (a non-negative integer).
 * @param options `dtype`, `requiresGrad`.
 * @returns A new 1-D leaf tensor.
 * @throws {RangeError} if `steps` is negative or not an integer.
 *
 * @example
 * ```ts
 * import { linspace } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(linspace(0, 1, 5).tolist(), [0, 0.25, 0.5, 0.75, 1]);
 * ```
 */
export function linspace(
  start: number,
  end: number,
  steps: number,
  options: TensorOptions = {},
): Tensor {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new RangeError(
      `linspace(): number of steps must be a non-negative integer, but got ${steps}`,
    );
  }
  checkDtype("linspace", options.dtype);
  const data = allocate(steps, options.dtype);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // Fill from both ends (as PyTorch does) so the last value is exactly `end`.
  const half = Math.floor(steps / 2);
  for (let i = 0; i < steps; i++) {
    data[i] = i < half ? start + i * step : end - (steps - 1 - i) * step;
  }
  if (steps === 1) data[0] = start;
  return leaf(data, [steps], options);
}

/**
 * An identity matrix: ones on the diagonal, zeros elsewhere.
 *
 * @param n Number of rows.
 * @param m Number of columns (default `n`).
 * @param options `dtype`, `requiresGrad`.
 * @returns A new `[n, m]` leaf tensor.
 * @throws {TypeError} if a size is not an integer.
 * @throws {RangeError} if a size is negative.
 *
 * @example
 * ```ts
 * import { eye } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(eye(2).tolist(), [[1, 0], [0, 1]]);
 * assertEquals(eye(2, 3).shape, [2, 3]);
 * ```
 */
export function eye(n: number, options?: TensorOptions): Tensor;
/** eye(n, m): an n × m matrix. */
export function eye(n: number, m: number, options?: TensorOptions): Tensor;
export function eye(
  n: number,
  m?: number | TensorOptions,
  options: TensorOptions = {},
): Tensor {
  if (typeof m === "object") {
    options = m;
    m = undefined;
  }
  const cols = m ?? n;
  const { shape } = parseSizeArgs("eye", [n, cols]);
  checkDtype("eye", options.dtype);
  const data = allocate(n * cols, options.dtype);
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return leaf(data, shape, options);
}

/**
 * Zeros with the shape (and, unless given, the dtype) of `x`.
 *
 * @param x The tensor whose shape is taken.
 * @param options `dtype` (default `x.dtype`), `requiresGrad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { tensor, zerosLike } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(zerosLike(tensor([[1, 2]])).tolist(), [[0, 0]]);
 * ```
 */
export function zerosLike(x: Tensor, options: TensorOptions = {}): Tensor {
  return fullLike(x, 0, options);
}

/**
 * Ones with the shape (and, unless given, the dtype) of `x`.
 *
 * @param x The tensor whose shape is taken.
 * @param options `dtype` (default `x.dtype`), `requiresGrad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { onesLike, tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(onesLike(tensor([5, 6])).tolist(), [1, 1]);
 * ```
 */
export function onesLike(x: Tensor, options: TensorOptions = {}): Tensor {
  return fullLike(x, 1, options);
}

/**
 * `value` everywhere, with the shape (and, unless given, the dtype) of `x`.
 *
 * @param x The tensor whose shape is taken.
 * @param value The fill value.
 * @param options `dtype` (default `x.dtype`), `requiresGrad`.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { fullLike, tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = tensor([1, 2], { dtype: "float32" });
 * assertEquals(fullLike(x, 3).tolist(), [3, 3]);
 * assertEquals(fullLike(x, 3).dtype, "float32");
 * ```
 */
export function fullLike(
  x: Tensor,
  value: number,
  options: TensorOptions = {},
): Tensor {
  const dtype = options.dtype ?? x.dtype;
  checkDtype("fullLike", dtype);
  const data = allocate(x.data.length, dtype);
  if (value !== 0) data.fill(value);
  return leaf(data, x.shape, options);
}

/**
 * A copy of `x` that stays in the graph: gradients flow back to `x`
 * (PyTorch's `clone`).
 *
 * @param x The tensor to copy.
 * @returns A new tensor with its own storage.
 *
 * @example
 * ```ts
 * import { clone, tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = clone(x);
 * y.data[0] = 9;
 * assertEquals(x.tolist(), [1, 2]);
 * assertEquals(y.requiresGrad, true);
 * ```
 */
export function clone(x: Tensor): Tensor {
  return fromOp(copyStorage(x.data), x.shape, "clone", [x], (g) => [g]);
}

/**
 * A copy of `x` outside the graph: own storage, no gradient history, no
 * `requiresGrad` (unlike PyTorch's `detach`, storage is not shared).
 *
 * @param x The tensor to copy.
 * @returns A new leaf tensor.
 *
 * @example
 * ```ts
 * import { detach, tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = tensor([1, 2], { requiresGrad: true });
 * const y = detach(x);
 * assertEquals(y.requiresGrad, false);
 * assertEquals(y.data === x.data, false);
 * ```
 */
export function detach(x: Tensor): Tensor {
  return new Tensor(copyStorage(x.data), x.shape);
}

/**
 * `x` converted to `dtype`, differentiably (PyTorch's `x.to(dtype)`); returns
 * `x` itself when it already has that dtype.
 *
 * @param x The tensor to convert.
 * @param dtype `"float64"` or `"float32"`.
 * @returns A tensor of the requested dtype.
 * @throws {TypeError} if `dtype` is not one of the two.
 *
 * @example
 * ```ts
 * import { tensor, toDtype } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(toDtype(tensor([0.1]), "float32").data[0], Math.fround(0.1));
 * ```
 */
export function toDtype(x: Tensor, dtype: DType): Tensor {
  checkDtype("toDtype", dtype);
  if (x.dtype === dtype) return x;
  const data = dtype === "float32"
    ? Float32Array.from(x.data)
    : Float64Array.from(x.data);
  return fromOp(data, x.shape, "toDtype", [x], (g) => [g]);
}

/**
 * `x` as float32 (PyTorch's `x.float()`); differentiable.
 *
 * @param x The tensor to convert.
 * @returns A float32 tensor (`x` itself if already float32).
 *
 * @example
 * ```ts
 * import { float, tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(float(tensor([1])).dtype, "float32");
 * ```
 */
export function float(x: Tensor): Tensor {
  return toDtype(x, "float32");
}

/**
 * `x` as float64 (PyTorch's `x.double()`); differentiable.
 *
 * @param x The tensor to convert.
 * @returns A float64 tensor (`x` itself if already float64).
 *
 * @example
 * ```ts
 * import { double, tensor } from "./creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(double(tensor([1], { dtype: "float32" })).dtype, "float64");
 * ```
 */
export function double(x: Tensor): Tensor {
  return toDtype(x, "float64");
}

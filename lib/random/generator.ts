/**
 * A PyTorch-style random generator (`torch.Generator` on the CPU): MT19937
 * seeded by `manualSeed`, drawing the same words in the same order as
 * PyTorch 1.13's CPU kernels.
 *
 * @module
 */

import { type DType, shapeSize, Tensor } from "../tensor/tensor.ts";
import {
  parseSizeArgs,
  type SizeArgs,
  type TensorOptions,
} from "../tensor/_shape_args.ts";
import { MT19937 } from "./mt19937.ts";

/** PyTorch's default CPU seed (`default_rng_seed_val`). */
const DEFAULT_SEED = 67280421310721;
const TWO_POW_32 = 4294967296;
const TWO_POW_M24 = 1 / 16777216;
const TWO_POW_M53 = 1 / 9007199254740992;
/** `2.0f * c10::pi<double>` as PyTorch computes the Box–Muller angle. */
const TWO_PI = 2 * Math.PI;
/** The same constant as the AVX2 float32 kernel broadcasts it (a float). */
const TWO_PI_F32 = Math.fround(TWO_PI);

/**
 * PyTorch's CPU generator in camelCase. Methods take a shape like the
 * `torch.rand(2, 3)` family (`(2, 3)` or `([2, 3])`), optionally followed by
 * `{ dtype, requiresGrad }`, and return a new float64 tensor unless
 * `dtype: "float32"` is asked for (PyTorch's default dtype is float32: pass
 * it to reproduce PyTorch's values).
 *
 * Exactness, measured against PyTorch 1.13.1 (Debian, AVX2 kernels) on
 * 4 seeds:
 * - `rand`, `uniform` (float64 and float32), `randint`, and normals from
 *   tensors of fewer than 16 elements are equal bit for bit.
 * - `randn`/`normal` always consume the same words as PyTorch, so the stream
 *   never drifts, but their values go through `Math.log`/`Math.sin`/
 *   `Math.cos` where PyTorch calls glibc (float64: 11 of 8068 values differ,
 *   by at most 2 ulp) or vectorized AVX2 polynomials (float32 tensors of 16
 *   or more elements: about 16% of values differ, by at most 4 float32 ulp).
 *   Matching those bits would need copies of glibc's and PyTorch's math
 *   kernels.
 *
 * @example Reproduce `torch.manual_seed(0); torch.rand(3)`
 * ```ts
 * import { Generator } from "./generator.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const g = new Generator().manualSeed(0);
 * assertEquals(Array.from(g.rand(3, { dtype: "float32" }).data), [
 *   0.49625658988952637,
 *   0.7682217955589294,
 *   0.08847743272781372,
 * ]);
 * ```
 */
export class Generator {
  /** The underlying MT19937 bit generator. */
  readonly bitGenerator: MT19937 = new MT19937();
  #seed = DEFAULT_SEED;
  /** Second value of the last scalar Box–Muller pair (PyTorch caches it). */
  #nextDoubleNormal: number | null = null;

  /**
   * @param seed Initial seed; PyTorch's default seed 67280421310721 when
   * omitted.
   */
  constructor(seed: number = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /**
   * Seeds like `torch.manual_seed` / `Generator.manual_seed`: the low 32
   * bits seed MT19937, and the cached normal is dropped.
   *
   * @param seed Any integer (negative values wrap like PyTorch's uint64 cast).
   * @returns This generator, for chaining.
   * @throws {TypeError} if the seed is not an integer.
   *
   * @example Chaining
   * ```ts
   * import { Generator } from "./generator.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const g = new Generator();
   * const a = g.manualSeed(7).rand(2).data;
   * assertEquals(g.manualSeed(7).rand(2).data, a);
   * ```
   */
  manualSeed(seed: number): this {
    this.bitGenerator.seed(seed);
    this.#seed = seed;
    this.#nextDoubleNormal = null;
    return this;
  }

  /**
   * The seed last given to {@linkcode Generator.manualSeed} (PyTorch's
   * `initial_seed()`).
   *
   * @example
   * ```ts
   * import { Generator } from "./generator.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new Generator(42).initialSeed(), 42);
   * ```
   */
  initialSeed(): number {
    return this.#seed;
  }

  /** Short text for `console.log` and notebook cells, instead of the 624-word state. */
  [Symbol.for("Deno.customInspect")](): string {
    return `Generator(initialSeed=${this.#seed})`;
  }

  /** A double in [0, 1): the low 53 bits of a 64-bit draw (first word high). */
  #double(): number {
    const hi = this.bitGenerator.nextUint32() & 0x1fffff;
    const lo = this.bitGenerator.nextUint32();
    return (hi * TWO_POW_32 + lo) * TWO_POW_M53;
  }

  /** A float32 value in [0, 1): the low 24 bits of one 32-bit draw. */
  #float(): number {
    return (this.bitGenerator.nextUint32() & 0xffffff) * TWO_POW_M24;
  }

  /**
   * Uniform samples in [0, 1) (`torch.rand`). float64 uses 53 bits of a
   * 64-bit draw, float32 24 bits of a 32-bit draw, as PyTorch does.
   *
   * @param args Sizes (`2, 3` or `[2, 3]`), then optionally `{ dtype, requiresGrad }`.
   * @returns A new tensor.
   * @throws {TypeError} if a size is not an integer or the dtype is unknown.
   * @throws {RangeError} if a size is negative.
   *
   * @example `torch.manual_seed(0); torch.rand(1, dtype=torch.float64)`
   * ```ts
   * import { Generator } from "./generator.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new Generator(0).rand(1).item(), 0.9700530018065531);
   * ```
   */
  rand(...args: SizeArgs): Tensor {
    return this.uniform(0, 1, ...args);
  }

  /**
   * Uniform samples `low + (high - low) * u` (`torch.empty(...).uniform_(low, high)`),
   * computed in the tensor's dtype.
   *
   * @param low Lower bound.
   * @param high Upper bound.
   * @param args Sizes, then optionally `{ dtype, requiresGrad }`.
   * @returns A new tensor.
   * @throws {RangeError} if `low > high` or a size is negative.
   * @throws {TypeError} if a size is not an integer or the dtype is unknown.
   *
   * @example Symmetric initialisation
   * ```ts
   * import { Generator } from "./generator.ts";
   * import { assert } from "@std/assert";
   *
   * const w = new Generator(0).uniform(-0.1, 0.1, 5, 5);
   * assert(w.data.every((v) => v >= -0.1 && v < 0.1));
   * ```
   */
  uniform(low: number, high: number, ...args: SizeArgs): Tensor {
    if (!(low <= high)) {
      throw new RangeError(
        `uniform_ expects to return a [from, to) range, but found from=${low} > to=${high}`,
      );
    }
    const { out, float32 } = this.#allocate("uniform", args);
    const data = out.data;
    const n = data.length;
    if (float32) {
      const from = Math.fround(low);
      const range = Math.fround(Math.fround(high) - from);
      for (let i = 0; i < n; i++) {
        data[i] = Math.fround(Math.fround(this.#float() * range) + from);
      }
    } else {
      const range = high - low;
      for (let i = 0; i < n; i++) data[i] = this.#double() * range + low;
    }
    return out;
  }

  /**
   * Standard normal samples (`torch.randn`).
   *
   * Like PyTorch, a contiguous tensor of 16 or more elements is filled with
   * uniforms and transformed by Box–Muller in blocks of 16 (the last block
   * redrawn when 16 does not divide the size); smaller tensors draw each
   * value from the scalar Box–Muller, whose second value is cached in the
   * generator for the next draw.
   *
   * @param args Sizes (`2, 3` or `[2, 3]`), then optionally `{ dtype, requiresGrad }`.
   * @returns A new tensor.
   * @throws {TypeError} if a size is not an integer or the dtype is unknown.
   * @throws {RangeError} if a size is negative.
   *
   * @example `torch.manual_seed(0); torch.randn(3, dtype=torch.float64)`
   * ```ts
   * import { Generator } from "./generator.ts";
   * import { assertAlmostEquals } from "@std/assert";
   *
   * const z = new Generator(0).randn(3).data;
   * assertAlmostEquals(z[0], 1.5409961082440433, 1e-15);
   * assertAlmostEquals(z[2], -2.1787893820745574, 1e-15);
   * ```
   */
  randn(...args: SizeArgs): Tensor {
    return this.normal(0, 1, ...args);
  }

  /**
   * Normal samples with the given mean and standard deviation
   * (`torch.normal(mean, std, size)`, i.e. `normal_(mean, std)`).
   *
   * Note: `torch.distributions.Normal(m, s).sample(shape)` is instead
   * `randn(shape) * s + m` computed as two rounded steps.
   *
   * @param mean Mean.
   * @param std Standard deviation, at least 0.
   * @param args Sizes, then optionally `{ dtype, requiresGrad }`.
   * @returns A new tensor.
   * @throws {RangeError} if `std` is negative or a size is negative.
   * @throws {TypeError} if a size is not an integer or the dtype is unknown.
   *
   * @example Mean and spread
   * ```ts
   * import { Generator } from "./generator.ts";
   * import { assert } from "@std/assert";
   *
   * const x = Array.from(new Generator(1).normal(5, 0.5, 1000).data);
   * const mean = x.reduce((a, b) => a + b, 0) / x.length;
   * assert(Math.abs(mean - 5) < 0.1);
   * ```
   */
  normal(mean: number, std: number, ...args: SizeArgs): Tensor {
    if (!(std >= 0)) {
      throw new RangeError(
        `normal expects std >= 0.0, but found std ${std}`,
      );
    }
    const { out, float32 } = this.#allocate("normal", args);
    const data = out.data;
    const n = data.length;
    if (n >= 16) {
      this.#normalFill(data, float32, mean, std);
    } else {
      for (let i = 0; i < n; i++) data[i] = this.#scalarNormal(mean, std);
    }
    return out;
  }

  /** PyTorch's `normal_fill`: uniforms, then Box–Muller in blocks of 16. */
  #normalFill(
    data: Float64Array | Float32Array,
    float32: boolean,
    mean: number,
    std: number,
  ): void {
    const n = data.length;
    if (float32) {
      // PyTorch casts mean and std to float for float tensors.
      mean = Math.fround(mean);
      std = Math.fround(std);
      for (let i = 0; i < n; i++) data[i] = this.#float();
    } else {
      for (let i = 0; i < n; i++) data[i] = this.#double();
    }
    for (let i = 0; i + 16 <= n; i += 16) {
      boxMuller16(data, i, float32, mean, std);
    }
    if (n % 16 !== 0) {
      // PyTorch redraws the last 16 values and transforms them as one block.
      const start = n - 16;
      if (float32) {
        for (let i = start; i < n; i++) data[i] = this.#float();
      } else {
        for (let i = start; i < n; i++) data[i] = this.#double();
      }
      boxMuller16(data, start, float32, mean, std);
    }
  }

  /** PyTorch's scalar `normal_distribution<double>` with its cached pair. */
  #scalarNormal(mean: number, std: number): number {
    if (this.#nextDoubleNormal !== null) {
      const z = this.#nextDoubleNormal;
      this.#nextDoubleNormal = null;
      return z * std + mean;
    }
    const u1 = this.#double();
    const u2 = this.#double();
    const r = Math.sqrt(-2.0 * Math.log(1.0 - u2));
    const theta = TWO_PI * u1;
    this.#nextDoubleNormal = r * Math.sin(theta);
    return r * Math.cos(theta) * std + mean;
  }

  /**
   * Integers uniform in [low, high) (`torch.randint(low, high, size)`), as
   * PyTorch draws them: one 32-bit word modulo the span (a 64-bit draw when
   * the span is 2^32 or more). Values come back as floats.
   *
   * @param low Lower bound (included).
   * @param high Upper bound (excluded).
   * @param args Sizes, then optionally `{ dtype, requiresGrad }`.
   * @returns A new tensor of integer values.
   * @throws {TypeError} if a bound or size is not an integer.
   * @throws {RangeError} if `low >= high`, the span exceeds 2^53, or a size is negative.
   *
   * @example Lab 001's random start index
   * ```ts
   * import { Generator } from "./generator.ts";
   * import { assert } from "@std/assert";
   *
   * const i = new Generator(0).randint(0, 8573, [1]).item();
   * assert(Number.isInteger(i) && i >= 0 && i < 8573);
   * ```
   */
  randint(low: number, high: number, ...args: SizeArgs): Tensor {
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new TypeError(
        `randint(): bounds must be integers, but got low=${low}, high=${high}`,
      );
    }
    if (low >= high) {
      throw new RangeError(
        `random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`,
      );
    }
    const range = high - low;
    if (range > 2 ** 53) {
      throw new RangeError(
        `randint(): the span high - low must be at most 2^53, but got low=${low}, high=${high}`,
      );
    }
    const { out } = this.#allocate("randint", args);
    const data = out.data;
    const mt = this.bitGenerator;
    if (range < TWO_POW_32) {
      for (let i = 0; i < data.length; i++) {
        data[i] = mt.nextUint32() % range + low;
      }
    } else {
      // The 64-bit word (first draw high) exceeds 2^53: reduce it exactly.
      const span = BigInt(range);
      for (let i = 0; i < data.length; i++) {
        const hi = BigInt(mt.nextUint32());
        const lo = BigInt(mt.nextUint32());
        data[i] = Number(((hi << 32n) | lo) % span) + low;
      }
    }
    return out;
  }

  #allocate(
    op: string,
    args: readonly unknown[],
  ): { out: Tensor; float32: boolean } {
    const { shape, options } = parseSizeArgs(op, args);
    const dtype = dtypeOf(op, options);
    const n = shapeSize(shape);
    const float32 = dtype === "float32";
    const data = float32 ? new Float32Array(n) : new Float64Array(n);
    return {
      out: new Tensor(data, shape, options.requiresGrad ?? false),
      float32,
    };
  }
}

/** Checks the requested dtype. */
function dtypeOf(op: string, options: TensorOptions): DType {
  const dtype = options.dtype ?? "float64";
  if (dtype !== "float64" && dtype !== "float32") {
    throw new TypeError(
      `${op}(): dtype must be "float64" or "float32", but got ${
        JSON.stringify(dtype)
      }`,
    );
  }
  return dtype;
}

/**
 * PyTorch's `normal_fill_16`: `data[i..i+8]` and `data[i+8..i+16]` hold
 * uniforms; they become the cosine and sine halves of 8 Box–Muller pairs.
 */
function boxMuller16(
  data: Float64Array | Float32Array,
  i: number,
  float32: boolean,
  mean: number,
  std: number,
): void {
  for (let j = i; j < i + 8; j++) {
    const u1 = 1 - data[j]; // [0, 1) -> (0, 1] for the log
    const u2 = data[j + 8];
    if (float32) {
      // The AVX2 kernel works in float lanes and ends with one fused
      // multiply-add; float products are exact in double.
      const log = Math.fround(Math.log(u1));
      const radius = Math.fround(Math.sqrt(Math.fround(-2 * log)));
      const theta = Math.fround(TWO_PI_F32 * u2);
      const n1 = Math.fround(radius * Math.fround(Math.cos(theta)));
      const n2 = Math.fround(radius * Math.fround(Math.sin(theta)));
      data[j] = n1 * std + mean;
      data[j + 8] = n2 * std + mean;
    } else {
      const radius = Math.sqrt(-2 * Math.log(u1));
      const theta = TWO_PI * u2;
      // GCC contracts `x * std + mean` into a fused multiply-add.
      data[j] = fma(radius * Math.cos(theta), std, mean);
      data[j + 8] = fma(radius * Math.sin(theta), std, mean);
    }
  }
}

/** Veltkamp's splitter for 53-bit doubles (2^27 + 1). */
const SPLITTER = 134217729;

/**
 * `a * b + c` with one rounding (a fused multiply-add), from an exact
 * product (Dekker) and an exact sum (Knuth). The last addition can still
 * double-round in rare ties; exact when `b` is 1 and `c` is 0.
 */
function fma(a: number, b: number, c: number): number {
  if (b === 1 && c === 0) return a;
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = p + c;
  const bb = s - p;
  const se = (p - (s - bb)) + (c - bb);
  return s + (se + pe);
}

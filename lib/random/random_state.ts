/**
 * NumPy's legacy `numpy.random.RandomState`: the same seed gives the same
 * stream as NumPy. Uniform floats and integers are equal bit for bit; normals
 * too, except that about 0.04% of them differ in the last one or two bits,
 * because NumPy's polar method calls glibc's `log` and we call `Math.log`
 * (see {@linkcode RandomState}).
 *
 * @module
 */

import { shapeSize, Tensor } from "../tensor/tensor.ts";
import { MT19937, type MT19937State } from "./mt19937.ts";
import { checkSizes } from "../tensor/_shape_args.ts";

/**
 * A NumPy-style `size`: one dimension (`5`) or a list of them (`[2, 3]`).
 *
 * @example
 * ```ts
 * import { RandomState, type Size } from "./random_state.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const size: Size = [2, 3];
 * assertEquals(new RandomState(0).uniform(0, 1, size).shape, [2, 3]);
 * ```
 */
export type Size = number | readonly number[];

/** Normalizes a `size` to a checked shape. */
function sizeToShape(size: Size, op: string): number[] {
  return checkSizes(op, typeof size === "number" ? [size] : size);
}

/** A snapshot of a {@linkcode RandomState} (NumPy's `get_state()`). */
export interface RandomStateSnapshot extends MT19937State {
  /** Whether a second normal from the last polar pair is cached. */
  hasGauss: boolean;
  /** The cached normal (0 when there is none). */
  gauss: number;
}

/** Largest integer span `randint` supports (exact doubles). */
const MAX_SPAN = Number.MAX_SAFE_INTEGER;

/**
 * NumPy's legacy generator (`np.random.RandomState`) in camelCase: MT19937
 * seeded like `RandomState.seed`, 53-bit doubles, the polar Box–Muller
 * normals with their cached second value, and masked rejection integers.
 * Methods called without a size return a number (as NumPy returns a float);
 * with a size they return a float64 {@linkcode Tensor}.
 *
 * Exactness: `rand`, `randomSample`, `uniform` and `randint` equal NumPy bit
 * for bit. `randn` and `normal` consume exactly NumPy's words, so the stream
 * never drifts, but their values go through `log`: glibc's and V8's `log`
 * round differently for about 0.03% of arguments, so about 0.04% of normals
 * differ by 1–2 ulp (measured: 800 of 2,000,001; the lab seeds' draws and the
 * first normals after `seed(0)` are exact). Matching every bit would need a
 * copy of glibc's table-driven `log`.
 *
 * Randomness is passed in: create one instance and hand it to the code that
 * draws, instead of relying on a global.
 *
 * @example Reproduce `np.random.seed(0); np.random.rand(3)`
 * ```ts
 * import { RandomState } from "./random_state.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const rs = new RandomState(0);
 * assertEquals(Array.from(rs.rand(3).data), [
 *   0.5488135039273248,
 *   0.7151893663724195,
 *   0.6027633760716439,
 * ]);
 * ```
 */
export class RandomState {
  /** The underlying MT19937 bit generator. */
  readonly bitGenerator: MT19937 = new MT19937();
  #hasGauss = false;
  #gauss = 0;

  /**
   * @param seed As for {@linkcode RandomState.seed}; fresh entropy when
   * omitted.
   */
  constructor(seed?: number | readonly number[]) {
    this.seed(seed);
  }

  /** Short text for `console.log` and notebook cells, instead of the 624-word state. */
  [Symbol.for("Deno.customInspect")](): string {
    return "RandomState(MT19937)";
  }

  /**
   * Reseeds like `RandomState.seed`: an integer in [0, 2^32) seeds with
   * `init_genrand`, an array of such integers with `init_by_array`, and no
   * argument with fresh entropy. Clears the cached normal.
   *
   * @param seed The seed.
   * @throws {TypeError} if the seed is not an integer (or array of them).
   * @throws {RangeError} if a seed is outside [0, 2^32 - 1] or the array is empty.
   *
   * @example Reseeding restarts the stream
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const rs = new RandomState(42);
   * const a = rs.randn();
   * rs.seed(42);
   * assertEquals(rs.randn(), a);
   * ```
   */
  seed(seed?: number | readonly number[]): void {
    if (seed === undefined) {
      const words = crypto.getRandomValues(new Uint32Array(4));
      this.bitGenerator.seedByArray(Array.from(words));
    } else if (typeof seed === "number") {
      this.bitGenerator.seed(checkSeedWord(seed));
    } else {
      this.bitGenerator.seedByArray(seed.map(checkSeedWord));
    }
    this.#hasGauss = false;
    this.#gauss = 0;
  }

  /**
   * A copy of the full state, including the cached normal.
   *
   * @example Save and restore
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const rs = new RandomState(1);
   * rs.randn();
   * const saved = rs.getState();
   * const next = rs.randn(4).data;
   * rs.setState(saved);
   * assertEquals(rs.randn(4).data, next);
   * ```
   */
  getState(): RandomStateSnapshot {
    return {
      ...this.bitGenerator.getState(),
      hasGauss: this.#hasGauss,
      gauss: this.#gauss,
    };
  }

  /**
   * Restores a state taken by {@linkcode RandomState.getState}.
   *
   * @param state The snapshot.
   * @throws {RangeError} if the snapshot's key or position is invalid.
   */
  setState(state: RandomStateSnapshot): void {
    this.bitGenerator.setState(state);
    this.#hasGauss = state.hasGauss;
    this.#gauss = state.hasGauss ? state.gauss : 0;
  }

  /** One standard normal: NumPy's `legacy_gauss` (polar method, cached pair). */
  #gaussian(): number {
    if (this.#hasGauss) {
      this.#hasGauss = false;
      const g = this.#gauss;
      this.#gauss = 0;
      return g;
    }
    const mt = this.bitGenerator;
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * mt.nextDouble() - 1.0;
      x2 = 2.0 * mt.nextDouble() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    const f = Math.sqrt(-2.0 * Math.log(r2) / r2);
    this.#gauss = f * x1;
    this.#hasGauss = true;
    return f * x2;
  }

  /**
   * Uniform doubles in [0, 1) (`random_sample`): 53 random bits each.
   *
   * @param size Shape of the result; a single number when omitted.
   * @returns A number, or a float64 tensor of shape `size`.
   * @throws {TypeError} if a dimension is not an integer.
   * @throws {RangeError} if a dimension is negative.
   *
   * @example A 2×2 sample
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const t = new RandomState(0).randomSample([2, 2]);
   * assertEquals(t.shape, [2, 2]);
   * assertEquals(t.data[0], 0.5488135039273248);
   * ```
   */
  randomSample(): number;
  randomSample(size: Size): Tensor;
  randomSample(size?: Size): number | Tensor {
    if (size === undefined) return this.bitGenerator.nextDouble();
    return this.#fillUniform(sizeToShape(size, "random_sample"));
  }

  /**
   * Uniform doubles in [0, 1) with the shape given as arguments
   * (`np.random.rand(d0, d1, ...)`).
   *
   * @param shape Dimensions; a single number when none are given.
   * @returns A number, or a float64 tensor of that shape.
   * @throws {TypeError} if a dimension is not an integer.
   * @throws {RangeError} if a dimension is negative.
   *
   * @example Lab 002's input weights
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const w = new RandomState(0).rand(1, 5);
   * assertEquals(w.shape, [1, 5]);
   * assertEquals(w.data[1], 0.7151893663724195);
   * ```
   */
  rand(): number;
  rand(...shape: [number, ...number[]]): Tensor;
  rand(...shape: number[]): number | Tensor {
    if (shape.length === 0) return this.bitGenerator.nextDouble();
    return this.#fillUniform(checkSizes("rand", shape));
  }

  #fillUniform(shape: number[]): Tensor {
    const out = new Tensor(new Float64Array(shapeSize(shape)), shape);
    const data = out.data;
    const mt = this.bitGenerator;
    for (let i = 0; i < data.length; i++) data[i] = mt.nextDouble();
    return out;
  }

  /**
   * Standard normal samples with the shape given as arguments
   * (`np.random.randn(d0, d1, ...)`).
   *
   * @param shape Dimensions; a single number when none are given.
   * @returns A number, or a float64 tensor of that shape.
   * @throws {TypeError} if a dimension is not an integer.
   * @throws {RangeError} if a dimension is negative.
   *
   * @example `np.random.seed(0); np.random.randn(3)`
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const z = new RandomState(0).randn(3);
   * assertEquals(Array.from(z.data), [
   *   1.764052345967664,
   *   0.4001572083672233,
   *   0.9787379841057392,
   * ]);
   * ```
   */
  randn(): number;
  randn(...shape: [number, ...number[]]): Tensor;
  randn(...shape: number[]): number | Tensor {
    if (shape.length === 0) return this.#gaussian();
    return this.#fillNormal(checkSizes("randn", shape), 0, 1);
  }

  /**
   * Normal samples `loc + scale * z` (`np.random.normal`).
   *
   * @param loc Mean.
   * @param scale Standard deviation, at least 0.
   * @param size Shape of the result; a single number when omitted.
   * @returns A number, or a float64 tensor of shape `size`.
   * @throws {RangeError} if `scale` is negative or a dimension is negative.
   * @throws {TypeError} if a dimension is not an integer.
   *
   * @example Scaled normals
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const x = new RandomState(0).normal(10, 2, [3]);
   * assertEquals(x.data[0], 10 + 2 * 1.764052345967664);
   * ```
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number, scale: number, size: Size): Tensor;
  normal(loc = 0, scale = 1, size?: Size): number | Tensor {
    if (!(scale >= 0)) {
      throw new RangeError(
        `Cannot draw normal samples: scale must be >= 0, got scale=${scale}`,
      );
    }
    if (size === undefined) return loc + scale * this.#gaussian();
    return this.#fillNormal(sizeToShape(size, "normal"), loc, scale);
  }

  #fillNormal(shape: number[], loc: number, scale: number): Tensor {
    const out = new Tensor(new Float64Array(shapeSize(shape)), shape);
    const data = out.data;
    if (loc === 0 && scale === 1) {
      // randn: NumPy stores the gaussian itself (no `0 + 1 * z` rounding).
      for (let i = 0; i < data.length; i++) data[i] = this.#gaussian();
    } else {
      for (let i = 0; i < data.length; i++) {
        data[i] = loc + scale * this.#gaussian();
      }
    }
    return out;
  }

  /**
   * Uniform doubles `low + (high - low) * u` with `u` in [0, 1)
   * (`np.random.uniform`).
   *
   * @param low Lower bound (included).
   * @param high Upper bound (excluded).
   * @param size Shape of the result; a single number when omitted.
   * @returns A number, or a float64 tensor of shape `size`.
   * @throws {RangeError} if `high - low` is not finite or a dimension is negative.
   * @throws {TypeError} if a dimension is not an integer.
   *
   * @example Lab 003's weights
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assert, assertEquals } from "@std/assert";
   *
   * const w = new RandomState(0).uniform(0, 0.99, [10, 1]);
   * assertEquals(w.shape, [10, 1]);
   * assert(w.data.every((v) => v >= 0 && v < 0.99));
   * ```
   */
  uniform(low?: number, high?: number): number;
  uniform(low: number, high: number, size: Size): Tensor;
  uniform(low = 0, high = 1, size?: Size): number | Tensor {
    const range = high - low;
    if (!Number.isFinite(range)) {
      throw new RangeError(
        `Cannot draw uniform samples: high - low must be finite, got low=${low}, high=${high}`,
      );
    }
    const mt = this.bitGenerator;
    if (size === undefined) return low + range * mt.nextDouble();
    const shape = sizeToShape(size, "uniform");
    const out = new Tensor(new Float64Array(shapeSize(shape)), shape);
    const data = out.data;
    for (let i = 0; i < data.length; i++) {
      data[i] = low + range * mt.nextDouble();
    }
    return out;
  }

  /**
   * Integers uniform in [low, high) (`np.random.randint`); with one bound,
   * in [0, low). Uses NumPy's masked rejection sampling, so the values match
   * NumPy's default `int64` draws. Integer values come back as float64.
   *
   * @param low Lower bound (included), or the upper bound when `high` is omitted.
   * @param high Upper bound (excluded).
   * @param size Shape of the result; a single number when omitted.
   * @returns A number, or a float64 tensor of shape `size`.
   * @throws {TypeError} if a bound or dimension is not an integer.
   * @throws {RangeError} if `low >= high`, the span exceeds 2^53 - 1, or a
   * dimension is negative.
   *
   * @example Dice rolls
   * ```ts
   * import { RandomState } from "./random_state.ts";
   * import { assert, assertEquals } from "@std/assert";
   *
   * const rolls = new RandomState(0).randint(1, 7, [100]);
   * assertEquals(rolls.shape, [100]);
   * assert(rolls.data.every((v) => Number.isInteger(v) && v >= 1 && v <= 6));
   * ```
   */
  randint(low: number, high?: number | null): number;
  randint(low: number, high: number | null | undefined, size: Size): Tensor;
  randint(low: number, high?: number | null, size?: Size): number | Tensor {
    if (high === undefined || high === null) {
      high = low;
      low = 0;
    }
    if (!Number.isInteger(low) || !Number.isInteger(high)) {
      throw new TypeError(
        `Cannot draw random integers: bounds must be integers, got low=${low}, high=${high}`,
      );
    }
    if (low >= high) {
      throw new RangeError(
        `Cannot draw random integers: low must be < high, got low=${low}, high=${high}`,
      );
    }
    const rng = high - low - 1; // inclusive span, as NumPy computes it
    if (!(rng <= MAX_SPAN)) {
      throw new RangeError(
        `Cannot draw random integers: high - low must be at most 2^53, got low=${low}, high=${high}`,
      );
    }
    if (size === undefined) return low + this.#boundedInt(rng, maskFor(rng));
    const shape = sizeToShape(size, "randint");
    const out = new Tensor(new Float64Array(shapeSize(shape)), shape);
    const data = out.data;
    const mask = maskFor(rng);
    for (let i = 0; i < data.length; i++) {
      data[i] = low + this.#boundedInt(rng, mask);
    }
    return out;
  }

  /** An integer in [0, rng] by masked rejection (NumPy `bounded_masked`). */
  #boundedInt(rng: number, mask: number): number {
    const mt = this.bitGenerator;
    if (rng === 0) return 0;
    if (rng <= 0xffffffff) {
      if (rng === 0xffffffff) return mt.nextUint32();
      let v: number;
      do v = (mt.nextUint32() & mask) >>> 0; while (v > rng);
      return v;
    }
    // 64-bit path: next_uint64 = (first << 32) | second; the mask keeps < 2^53.
    const maskHigh = Math.floor(mask / 4294967296);
    let v: number;
    do {
      const hi = (mt.nextUint32() & maskHigh) >>> 0;
      const lo = mt.nextUint32();
      v = hi * 4294967296 + lo;
    } while (v > rng);
    return v;
  }
}

/** Smallest 2^k - 1 that is >= rng (NumPy's `gen_mask`). */
function maskFor(rng: number): number {
  let mask = 1;
  while (mask - 1 < rng) mask *= 2;
  return mask - 1;
}

/** Checks a NumPy legacy seed word: an integer in [0, 2^32 - 1]. */
function checkSeedWord(seed: number): number {
  if (!Number.isInteger(seed)) {
    throw new TypeError(
      `Cannot seed RandomState: a seed must be an integer, got ${seed}`,
    );
  }
  if (seed < 0 || seed > 0xffffffff) {
    throw new RangeError(
      `Cannot seed RandomState: a seed must be between 0 and 2**32 - 1, got ${seed}`,
    );
  }
  return seed;
}

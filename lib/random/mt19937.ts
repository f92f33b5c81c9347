/**
 * The MT19937 Mersenne Twister: the 32-bit generator behind NumPy's legacy
 * `RandomState` and PyTorch's CPU generator. Both seed it the same way from a
 * 32-bit integer (`init_genrand`); NumPy also seeds from an array of 32-bit
 * words (`init_by_array`).
 *
 * @module
 */

/** Number of 32-bit words in the state. */
const N = 624;
/** Offset of the word mixed in by the twist. */
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

/** A snapshot of an {@linkcode MT19937} state (see `getState`/`setState`). */
export interface MT19937State {
  /** The 624 state words. */
  key: Uint32Array;
  /** Index of the next word to temper (624 means "twist first"). */
  pos: number;
}

/**
 * Converts a JavaScript integer to the 32-bit word a C `uint32_t` cast keeps
 * (the value modulo 2^32), as seeding does.
 *
 * @param n Any integer (negative values wrap like two's complement).
 * @returns `n` modulo 2^32.
 * @throws {TypeError} if `n` is not an integer.
 *
 * @example Negative seeds wrap around
 * ```ts
 * import { toUint32 } from "./mt19937.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(toUint32(-1), 4294967295);
 * assertEquals(toUint32(2 ** 32 + 5), 5);
 * ```
 */
export function toUint32(n: number): number {
  if (!Number.isInteger(n)) {
    throw new TypeError(
      `Cannot use ${n} as a seed: a seed must be an integer`,
    );
  }
  // ToUint32 is exact modulo 2^32 for every integer-valued double.
  return n >>> 0;
}

/**
 * The MT19937 generator (Matsumoto and Nishimura, 1998), producing the same
 * 32-bit words as NumPy's `RandomState` and PyTorch's `at::mt19937` for the
 * same seed.
 *
 * @example Same first word as the reference implementation
 * ```ts
 * import { MT19937 } from "./mt19937.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const mt = new MT19937(5489);
 * assertEquals(mt.nextUint32(), 3499211612);
 * ```
 */
export class MT19937 {
  /** The 624 state words. */
  readonly key: Uint32Array = new Uint32Array(N);
  /** Index of the next word to temper; 624 means the state must twist first. */
  pos = N;

  /**
   * @param seed An integer seed for {@linkcode MT19937.seed}; 5489 (the
   * reference default) when omitted.
   */
  constructor(seed = 5489) {
    this.seed(seed);
  }

  /**
   * Seeds from one integer like `init_genrand` (NumPy's
   * `RandomState.seed(int)`, PyTorch's `manual_seed`): the low 32 bits count.
   *
   * @param seed Any integer; it is reduced modulo 2^32.
   * @throws {TypeError} if `seed` is not an integer.
   *
   * @example Seeds that agree modulo 2^32 give the same stream
   * ```ts
   * import { MT19937 } from "./mt19937.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const a = new MT19937(1);
   * const b = new MT19937(2 ** 32 + 1);
   * assertEquals(a.nextUint32(), b.nextUint32());
   * ```
   */
  seed(seed: number): void {
    this.initGenrand(toUint32(seed));
  }

  /**
   * Seeds from an array of 32-bit words like `init_by_array` (NumPy's
   * `RandomState.seed([...])`).
   *
   * @param words The key; each entry is reduced modulo 2^32.
   * @throws {TypeError} if an entry is not an integer.
   * @throws {RangeError} if the array is empty.
   *
   * @example Seed from a key
   * ```ts
   * import { MT19937 } from "./mt19937.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const mt = new MT19937();
   * mt.seedByArray([0x123, 0x234, 0x345, 0x456]);
   * assertEquals(mt.nextUint32(), 1067595299); // mt19937ar.c's test output
   * ```
   */
  seedByArray(words: readonly number[]): void {
    if (words.length === 0) {
      throw new RangeError(
        "Cannot seed MT19937 from an array: the array must not be empty, got length 0",
      );
    }
    const initKey = words.map(toUint32);
    const mt = this.key;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    const len = initKey.length;
    for (let k = Math.max(N, len); k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1664525)) >>> 0) + initKey[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= len) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      mt[i] = ((mt[i] ^ Math.imul(prev, 1566083941)) >>> 0) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  /** The reference `init_genrand` on a word already in [0, 2^32). */
  private initGenrand(s: number): void {
    const mt = this.key;
    mt[0] = s;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1] ^ (mt[i - 1] >>> 30);
      // Uint32Array stores the low 32 bits, which is the C uint32 wrap-around.
      mt[i] = Math.imul(1812433253, prev) + i;
    }
    this.pos = N;
  }

  /** Regenerates all 624 words (the "twist"). */
  private twist(): void {
    const mt = this.key;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ ((y & 1) * MATRIX_A);
    this.pos = 0;
  }

  /**
   * The next 32-bit word, in [0, 2^32).
   *
   * @example Words are unsigned
   * ```ts
   * import { MT19937 } from "./mt19937.ts";
   * import { assert } from "@std/assert";
   *
   * const w = new MT19937(0).nextUint32();
   * assert(Number.isInteger(w) && w >= 0 && w < 2 ** 32);
   * ```
   */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A double in [0, 1) with 53 random bits from two words, like NumPy's
   * `random_sample` (`genrand_res53`: 27 high bits of the first word, 26 of
   * the second).
   *
   * @example NumPy's first `rand()` after `seed(0)`
   * ```ts
   * import { MT19937 } from "./mt19937.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new MT19937(0).nextDouble(), 0.5488135039273248);
   * ```
   */
  nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A copy of the state, to restore later with {@linkcode MT19937.setState}.
   *
   * @example Replay a stream
   * ```ts
   * import { MT19937 } from "./mt19937.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const mt = new MT19937(7);
   * const saved = mt.getState();
   * const first = mt.nextUint32();
   * mt.setState(saved);
   * assertEquals(mt.nextUint32(), first);
   * ```
   */
  getState(): MT19937State {
    return { key: this.key.slice(), pos: this.pos };
  }

  /**
   * Restores a state taken by {@linkcode MT19937.getState}.
   *
   * @param state The snapshot to copy from.
   * @throws {RangeError} if the key is not 624 words or `pos` is outside [0, 624].
   */
  setState(state: MT19937State): void {
    if (state.key.length !== N) {
      throw new RangeError(
        `Cannot set the MT19937 state: the key must have ${N} words, got ${state.key.length}`,
      );
    }
    if (!Number.isInteger(state.pos) || state.pos < 0 || state.pos > N) {
      throw new RangeError(
        `Cannot set the MT19937 state: pos must be an integer in [0, ${N}], got ${state.pos}`,
      );
    }
    this.key.set(state.key);
    this.pos = state.pos;
  }
}

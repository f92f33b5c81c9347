/**
 * The activations of the recurrent kernels, each written once: `tanh` and
 * `sigmoid` over a range of a buffer (vectorized WebAssembly when the buffer
 * is the kernels' heap, scalar JavaScript otherwise) and their derivatives
 * from their outputs. The scalar versions are fast `exp`, `tanh` and
 * `sigmoid`, accurate to a
 * few units in the last place of a double (measured max relative error
 * below 5e-16 for exp) and about 5× faster than V8's `Math.exp`/`Math.tanh`,
 * which dominated the LSTM step. Method: `x = (64k + j)·ln2/64 + r` with
 * `|r| ≤ ln2/128`, `exp(x) = 2^k · 2^(j/64) · p(r)`, `p` the degree-5 Taylor
 * polynomial (truncation error < 5e-17); both powers of two come from tables.
 *
 * @module
 */

import type { Floats } from "./gemm.ts";
import { heapKernel } from "./wasm.ts";

const N = 64;
const INV_LN2_N = N / Math.LN2;
// ln2/64 split so that n·LN2_N_HI is exact (24-bit head) for |n| < 2^29.
const LN2_N_HI = Math.fround(Math.LN2 / N);
const LN2_N_LO = Math.LN2 / N - LN2_N_HI;
const FRAC = Float64Array.from({ length: N }, (_, j) => 2 ** (j / N));
const K_OFFSET = 1100;
const SHIFTER = 6755399441055744;
const POW2 = Float64Array.from({ length: 2200 }, (_, i) => 2 ** (i - K_OFFSET));

/**
 * `e^x` (same value as `Math.exp` to within about 2 ulp).
 *
 * @example
 * ```ts
 * import { fastExp } from "./mod.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * assertAlmostEquals(fastExp(1), Math.E, 1e-15);
 * ```
 */
export function fastExp(x: number): number {
  if (!(x > -700 && x < 700)) return Math.exp(x);
  // Round to nearest by the 1.5·2^52 trick (Math.round is slower).
  const n = (x * INV_LN2_N + SHIFTER) - SHIFTER;
  const r = (x - n * LN2_N_HI) - n * LN2_N_LO;
  const ni = n | 0;
  const j = ni & (N - 1);
  const k = ni >> 6;
  const p = 1 +
    r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return POW2[k + K_OFFSET] * FRAC[j] * p;
}

/**
 * `tanh(x)`: an odd Taylor polynomial near 0, `(1 − e^{−2|x|}) / (1 + e^{−2|x|})`
 * elsewhere.
 *
 * @example
 * ```ts
 * import { fastTanh } from "./mod.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * assertAlmostEquals(fastTanh(0.5), Math.tanh(0.5), 1e-15);
 * ```
 */
export function fastTanh(x: number): number {
  const a = x < 0 ? -x : x;
  if (a < 0.02) {
    const x2 = x * x;
    return x *
      (1 + x2 * (-1 / 3 + x2 * (2 / 15 + x2 * (-17 / 315 + x2 * (62 / 2835)))));
  }
  if (a > 20) return x < 0 ? -1 : 1;
  const t = fastExp(-2 * a);
  const y = (1 - t) / (1 + t);
  return x < 0 ? -y : y;
}

/**
 * The logistic function `1 / (1 + e^{−x})`.
 *
 * @example
 * ```ts
 * import { fastSigmoid } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(fastSigmoid(0), 0.5);
 * ```
 */
export function fastSigmoid(x: number): number {
  return 1 / (1 + fastExp(-x));
}

/**
 * `f[i] = tanh(f[i])` for `off ≤ i < off + n`.
 *
 * @example
 * ```ts
 * import { tanhInPlace } from "./mod.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const f = new Float64Array([0.5, -2]);
 * tanhInPlace(f, 0, 2);
 * assertAlmostEquals(f[1], Math.tanh(-2), 1e-15);
 * ```
 */
export function tanhInPlace(f: Floats, off: number, n: number): void {
  inPlace("tanh", fastTanh, f, off, n);
}

/**
 * `f[i] = σ(f[i]) = 1 / (1 + e^{−f[i]})` for `off ≤ i < off + n`.
 *
 * @example
 * ```ts
 * import { sigmoidInPlace } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const f = new Float64Array([0, 0]);
 * sigmoidInPlace(f, 0, 2);
 * assertEquals(Array.from(f), [0.5, 0.5]);
 * ```
 */
export function sigmoidInPlace(f: Floats, off: number, n: number): void {
  inPlace("sigmoid", fastSigmoid, f, off, n);
}

/** How many of `n` values of `f`'s precision fill whole 128-bit vectors. */
function wholeVectors(f: Floats, n: number): number {
  return n - n % (16 / f.BYTES_PER_ELEMENT);
}

/**
 * One activation in place: the vectorized kernel of `f`'s precision when
 * `f` is the heap (a last value or three by the scalar one), else the
 * scalar one.
 */
function inPlace(
  kernel: "tanh" | "sigmoid",
  scalar: (x: number) => number,
  f: Floats,
  off: number,
  n: number,
): void {
  const k = heapKernel(f, kernel);
  if (k !== null) {
    const whole = wholeVectors(f, n);
    if (whole > 0) k.run(k.at(off), whole);
    for (let i = off + whole; i < off + n; i++) f[i] = scalar(f[i]);
    return;
  }
  for (let i = off; i < off + n; i++) f[i] = scalar(f[i]);
}

/**
 * Back through `tanh`: `f[dz + i] = f[dh + i] · tanhGrad(f[y + i])` for
 * `0 ≤ i < n`, vectorized when `f` is the heap (the same multiply,
 * subtraction and multiply: the same values in float64; in float32 each is
 * rounded to float32, as PyTorch's are).
 *
 * @example
 * ```ts
 * import { tanhBackward } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const f = new Float64Array([2, 0.5, 0]); // dh, y, dz
 * tanhBackward(f, 2, 0, 1, 1);
 * assertEquals(f[2], 2 * 0.75);
 * ```
 */
export function tanhBackward(
  f: Floats,
  dz: number,
  dh: number,
  y: number,
  n: number,
): void {
  const k = heapKernel(f, "tanh_backward");
  let i = 0;
  if (k !== null) {
    i = wholeVectors(f, n);
    if (i > 0) k.run(k.at(dz), k.at(dh), k.at(y), i);
  }
  if (f instanceof Float32Array) {
    const r = Math.fround; // the tail rounded as the vector lanes are
    for (; i < n; i++) f[dz + i] = f[dh + i] * r(1 - r(f[y + i] * f[y + i]));
  } else {
    for (; i < n; i++) f[dz + i] = f[dh + i] * tanhGrad(f[y + i]);
  }
}

/**
 * `tanh′` from the output `y = tanh(z)`: `1 − y²`.
 *
 * @example
 * ```ts
 * import { tanhGrad } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(tanhGrad(0.5), 0.75);
 * ```
 */
export function tanhGrad(y: number): number {
  return 1 - y * y;
}

/**
 * `σ′` from the output `y = σ(z)`: `y (1 − y)`.
 *
 * @example
 * ```ts
 * import { sigmoidGrad } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(sigmoidGrad(0.5), 0.25);
 * ```
 */
export function sigmoidGrad(y: number): number {
  return y * (1 - y);
}

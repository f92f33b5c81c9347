/**
 * The Elman recurrence on plain typed arrays, outside the autograd graph:
 * the one implementation of the forward pass and of back-propagation
 * through time that `rnnSequence` (an autograd op) and `lib/bptt`'s
 * `elmanForward`/`elmanBackward` (with a read-out) are built on, and whose
 * per-step activation functions `rnnCell` reuses.
 *
 * Two paths compute the same values (to rounding): WebAssembly SIMD
 * matrix products on a time-major copy padded to multiples of 4 (padded
 * hidden units stay exactly 0, padded batch rows get no gradient), and plain
 * loops sample by sample where WebAssembly SIMD is unavailable.
 *
 * @module
 */
import type { Floats } from "../tensor/gemm.ts";
import { fastTanh } from "./_fast_math.ts";
import {
  augmentedInputs,
  augmentedWidth,
  sequenceWeightGrads,
} from "./_sequence_grads.ts";
import {
  copyRows,
  toBatchMajor,
  toTimeMajor,
  transposeInto,
} from "./_time_major.ts";
import { heap, heapClaims, type Kernels, kernels } from "./_wasm.ts";

/** Nonlinearities the fused recurrent kernels know the derivative of. */
export type Nonlinearity = "tanh" | "relu" | "identity";

/** Sizes of a recurrence: B sequences of T steps, D inputs, H hidden units. */
export interface RecurrenceSizes {
  /** B. */
  batch: number;
  /** T. */
  steps: number;
  /** D. */
  input: number;
  /** H. */
  hidden: number;
}

/** Weights of `h_t = act(W_ih x_t + W_hh h_{t−1} + b)`, row-major. */
export interface RecurrenceWeights {
  /** `(H, D)`. */
  weightIh: ArrayLike<number>;
  /** `(H, H)`. */
  weightHh: ArrayLike<number>;
  /** `(H)`, or `null` for none. */
  bias: ArrayLike<number> | null;
}

/** Which path computes the recurrence. */
export interface RecurrenceOptions {
  /**
   * Use the WebAssembly SIMD kernels (`true`, the default where they are
   * available) or plain JavaScript loops (`false`).
   */
  simd?: boolean;
}

/** Options of {@linkcode recurrenceForward}. */
export interface RecurrenceForwardOptions extends RecurrenceOptions {
  /** Receives `h_1..h_T` time-major too, `(T, B, H)` (one step = one block). */
  timeMajor?: Float64Array;
}

/**
 * What the SIMD forward pass left in the kernels' memory; the backward pass
 * reuses it in place while no other kernel has claimed the memory since.
 */
export interface RecurrenceTape {
  /** `heapClaims()` after the forward pass, or −1 if it left nothing. */
  claim: number;
}

/** Options of {@linkcode recurrenceBackward}. */
export interface RecurrenceBackwardOptions extends RecurrenceOptions {
  /** The forward pass's tape (the same inputs, weights and states). */
  tape?: RecurrenceTape;
}

/** The gradients {@linkcode recurrenceBackward} can compute. */
export interface RecurrenceGradRequest {
  /** dL/dx `(B, T, D)`. */
  x?: boolean;
  /** dL/dh_0 `(B, H)` (only with an `h0`). */
  h0?: boolean;
  /** dL/dW_ih `(H, D)`. */
  weightIh?: boolean;
  /** dL/dW_hh `(H, H)`. */
  weightHh?: boolean;
  /** dL/db `(H)`. */
  bias?: boolean;
  /** The total dL/dh_t of every step `(B, T, H)`. */
  states?: boolean;
  /** Return `states` time-major, `(T, B, H)`. */
  timeMajorStates?: boolean;
}

/** Gradients of {@linkcode recurrenceBackward}; `null` where not requested. */
export interface RecurrenceGrads {
  /** dL/dx `(B, T, D)`. */
  x: Float64Array | null;
  /** dL/dh_0 `(B, H)`. */
  h0: Float64Array | null;
  /** dL/dW_ih `(H, D)`, summed over batch and steps. */
  weightIh: Float64Array | null;
  /** dL/dW_hh `(H, H)`, summed over batch and steps. */
  weightHh: Float64Array | null;
  /** dL/db `(H)`, summed over batch and steps. */
  bias: Float64Array | null;
  /**
   * Total dL/dh_t `(B, T, H)` (or `(T, B, H)`, as requested): from the
   * outputs and through later steps.
   */
  states: Float64Array | null;
}

/**
 * Checks a nonlinearity's name.
 *
 * @throws {RangeError} naming the operation and the allowed names.
 *
 * @example
 * ```ts
 * import { checkNonlinearity } from "./rnn_recurrence.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() => checkNonlinearity("rnnCell()", "sigmoid"), RangeError, "Unknown nonlinearity");
 * ```
 */
export function checkNonlinearity(op: string, act: string): void {
  if (act !== "tanh" && act !== "relu" && act !== "identity") {
    throw new RangeError(
      `${op}: Unknown nonlinearity '${act}'. Select from 'tanh', 'relu' or 'identity'`,
    );
  }
}

/**
 * The step's activation in place: `z[i] = act(z[i])` for `start ≤ i < end`.
 *
 * @example
 * ```ts
 * import { activate } from "./rnn_recurrence.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const z = new Float64Array([-1, 2]);
 * activate("relu", z, 0, 2);
 * assertEquals(Array.from(z), [0, 2]);
 * ```
 */
export function activate(
  act: Nonlinearity,
  z: Floats,
  start: number,
  end: number,
): void {
  if (act === "tanh") {
    for (let i = start; i < end; i++) z[i] = fastTanh(z[i]);
  } else if (act === "relu") {
    for (let i = start; i < end; i++) if (z[i] < 0) z[i] = 0;
  }
}

/**
 * The step's activation backwards, from its output `y = act(z)`:
 * `dz[i] = g[i] · act′` with `act′ = 1 − y²` (tanh), `y > 0` (relu) or 1,
 * for `n` values from the given offsets.
 *
 * @example
 * ```ts
 * import { activationGrad } from "./rnn_recurrence.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const dz = new Float64Array(1);
 * activationGrad("tanh", [0.5], 0, [2], 0, dz, 0, 1);
 * assertEquals(dz[0], 2 * (1 - 0.25));
 * ```
 */
export function activationGrad(
  act: Nonlinearity,
  y: ArrayLike<number>,
  yOff: number,
  g: ArrayLike<number>,
  gOff: number,
  dz: Float64Array,
  dzOff: number,
  n: number,
): void {
  if (act === "tanh") {
    for (let i = 0; i < n; i++) {
      const v = y[yOff + i];
      dz[dzOff + i] = g[gOff + i] * (1 - v * v);
    }
  } else if (act === "relu") {
    for (let i = 0; i < n; i++) {
      dz[dzOff + i] = y[yOff + i] > 0 ? g[gOff + i] : 0;
    }
  } else {
    for (let i = 0; i < n; i++) dz[dzOff + i] = g[gOff + i];
  }
}

/**
 * Runs `h_t = act(W_ih x_t + W_hh h_{t−1} + b)` for `t = 1..T` over a batch
 * and writes `h_1..h_T` into `out`.
 *
 * @param sizes B, T, D, H.
 * @param weights `weightIh (H, D)`, `weightHh (H, H)`, `bias (H)` or `null`.
 * @param x Inputs `(B, T, D)`, batch-major.
 * @param h0 `(B, H)`, or `null` for zeros.
 * @param act The nonlinearity.
 * @param out Receives the hidden states `(B, T, H)`, batch-major.
 * @param options `simd: false` forces the plain JavaScript path.
 *
 * @example One unit, one step: tanh(0.1 · 1 + 0.1)
 * ```ts
 * import { recurrenceForward } from "./rnn_recurrence.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const out = new Float64Array(1);
 * const sizes = { batch: 1, steps: 1, input: 1, hidden: 1 };
 * recurrenceForward(sizes, { weightIh: [0.1], weightHh: [0.1], bias: [0.1] }, [1], null, "tanh", out);
 * assertAlmostEquals(out[0], Math.tanh(0.2), 1e-15);
 * ```
 */
export function recurrenceForward(
  sizes: RecurrenceSizes,
  weights: RecurrenceWeights,
  x: ArrayLike<number>,
  h0: ArrayLike<number> | null,
  act: Nonlinearity,
  out: Floats,
  options: RecurrenceForwardOptions = {},
): RecurrenceTape {
  const { batch: B, steps: T, hidden: H } = sizes;
  if (B === 0 || T === 0 || H === 0) return { claim: -1 };
  const a = { sizes, weights, x, h0, act };
  if (kernels !== null && options.simd !== false) {
    return forwardSimd(kernels, a, out, options.timeMajor ?? null);
  }
  forwardJs(a, out);
  if (options.timeMajor) toTimeMajor(out, 0, options.timeMajor, 0, B, T, H);
  return { claim: -1 };
}

/**
 * Back-propagation through time for {@linkcode recurrenceForward}: given
 * the hidden states it returned and `dStates` = dL/dh_t from outside the
 * recurrence (e.g. from a read-out; zeros where no loss looks), returns the
 * requested gradients:
 *
 *   ∇h_T = dStates_T;  ∇h_t = dStates_t + W_hhᵀ (act′_{t+1} ⊙ ∇h_{t+1})
 *   ∇b = Σ_t act′_t ⊙ ∇h_t;  ∇W_ih = Σ_t (act′_t ⊙ ∇h_t) x_tᵀ;
 *   ∇W_hh = Σ_t (act′_t ⊙ ∇h_t) h_{t−1}ᵀ (sums over the batch too)
 *
 * @param sizes B, T, D, H.
 * @param weights As for the forward pass.
 * @param x Inputs `(B, T, D)`.
 * @param h0 `(B, H)` or `null`, as in the forward pass.
 * @param states The forward pass's `out` `(B, T, H)`.
 * @param dStates dL/dh_t from outside `(B, T, H)`.
 * @param act The nonlinearity.
 * @param need Which gradients to compute.
 * @param options `simd: false` forces the plain JavaScript path.
 * @returns The requested gradients, `null` for the others.
 *
 * @example One step: dL/dW_ih = (1 − h²) · x
 * ```ts
 * import { recurrenceBackward, recurrenceForward } from "./rnn_recurrence.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const sizes = { batch: 1, steps: 1, input: 1, hidden: 1 };
 * const w = { weightIh: [0.5], weightHh: [0.1], bias: null };
 * const h = new Float64Array(1);
 * recurrenceForward(sizes, w, [2], null, "tanh", h);
 * const g = recurrenceBackward(sizes, w, [2], null, h, [1], "tanh", { weightIh: true });
 * assertAlmostEquals(g.weightIh![0], (1 - Math.tanh(1) ** 2) * 2, 1e-15);
 * ```
 */
export function recurrenceBackward(
  sizes: RecurrenceSizes,
  weights: RecurrenceWeights,
  x: ArrayLike<number>,
  h0: ArrayLike<number> | null,
  states: ArrayLike<number>,
  dStates: ArrayLike<number>,
  act: Nonlinearity,
  need: RecurrenceGradRequest,
  options: RecurrenceBackwardOptions = {},
): RecurrenceGrads {
  const a = { sizes, weights, x, h0, states, dStates, act, need };
  const empty = sizes.batch === 0 || sizes.steps === 0 || sizes.hidden === 0;
  if (kernels !== null && options.simd !== false && !empty) {
    const intact = options.tape !== undefined && options.tape.claim >= 0 &&
      options.tape.claim === heapClaims();
    return backwardSimd(kernels, a, intact);
  }
  const g = backwardJs(a);
  if (g.states !== null && need.timeMajorStates) {
    const { batch: B, steps: T, hidden: H } = sizes;
    const tm = new Float64Array(B * T * H);
    toTimeMajor(g.states, 0, tm, 0, B, T, H);
    g.states = tm;
  }
  return g;
}

/** The arguments of {@linkcode recurrenceForward}, for its two paths. */
interface ForwardArgs {
  sizes: RecurrenceSizes;
  weights: RecurrenceWeights;
  x: ArrayLike<number>;
  h0: ArrayLike<number> | null;
  act: Nonlinearity;
}

/** The arguments of {@linkcode recurrenceBackward}, for its two paths. */
interface BackwardArgs extends ForwardArgs {
  states: ArrayLike<number>;
  dStates: ArrayLike<number>;
  need: RecurrenceGradRequest;
}

const pad4 = (n: number) => (n + 3) & ~3;

function forwardJs(
  a: ForwardArgs,
  out: Floats,
): void {
  const { sizes, weights, x, h0, act } = a;
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const U = weights.weightIh, W = weights.weightHh, bias = weights.bias;
  const z = new Float64Array(H);
  for (let n = 0; n < B; n++) {
    for (let t = 0; t < T; t++) {
      const xOff = (n * T + t) * D, hOff = (n * T + t) * H;
      // Accumulated column by column: H independent sums instead of one
      // long dependency chain per row (twice as fast in V8).
      if (bias) { for (let i = 0; i < H; i++) z[i] = bias[i]; }
      else z.fill(0);
      for (let k = 0; k < D; k++) {
        const xk = x[xOff + k];
        for (let i = 0; i < H; i++) z[i] += U[i * D + k] * xk;
      }
      const prev = t > 0 ? out : h0;
      const pOff = t > 0 ? hOff - H : n * H;
      if (prev !== null) {
        for (let k = 0; k < H; k++) {
          const hk = prev[pOff + k];
          for (let i = 0; i < H; i++) z[i] += W[i * H + k] * hk;
        }
      }
      activate(act, z, 0, H);
      for (let i = 0; i < H; i++) out[hOff + i] = z[i];
    }
  }
}

function backwardJs(
  a: BackwardArgs,
): RecurrenceGrads {
  const { sizes, weights, x, h0, states, dStates, act, need } = a;
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const U = weights.weightIh, W = weights.weightHh;
  const gU = need.weightIh ? new Float64Array(H * D) : null;
  const gW = need.weightHh ? new Float64Array(H * H) : null;
  const gb = need.bias ? new Float64Array(H) : null;
  const gx = need.x ? new Float64Array(B * T * D) : null;
  const gh0 = need.h0 && h0 !== null ? new Float64Array(B * H) : null;
  const gs = need.states ? new Float64Array(B * T * H) : null;
  const dh = new Float64Array(H), dz = new Float64Array(H);
  const carry = new Float64Array(H); // W_hhᵀ dz of step t + 1
  for (let n = 0; n < B; n++) {
    carry.fill(0);
    for (let t = T - 1; t >= 0; t--) {
      const hOff = (n * T + t) * H, xOff = (n * T + t) * D;
      for (let i = 0; i < H; i++) dh[i] = carry[i] + dStates[hOff + i];
      if (gs) gs.set(dh, hOff);
      activationGrad(act, states, hOff, dh, 0, dz, 0, H);
      const prev = t > 0 ? states : gh0 !== null || gW !== null ? h0 : null;
      const pOff = t > 0 ? hOff - H : n * H;
      // One pass over the rows of the weights: the gradients accumulate dz
      // outer products; `carry` gathers W_hhᵀ dz for step t − 1.
      carry.fill(0);
      for (let i = 0; i < H; i++) {
        const d = dz[i];
        if (d === 0) continue;
        if (gb) gb[i] += d;
        const ui = i * D;
        if (gU) { for (let k = 0; k < D; k++) gU[ui + k] += d * x[xOff + k]; }
        if (gx) { for (let k = 0; k < D; k++) gx[xOff + k] += U[ui + k] * d; }
        if (prev !== null) {
          const wi = i * H;
          if (gW) {
            for (let k = 0; k < H; k++) gW[wi + k] += d * prev[pOff + k];
          }
          for (let k = 0; k < H; k++) carry[k] += W[wi + k] * d;
        }
      }
      if (t === 0 && gh0 !== null) gh0.set(carry, n * H);
    }
  }
  return { x: gx, h0: gh0, weightIh: gU, weightHh: gW, bias: gb, states: gs };
}

/** Offsets (in doubles) of the SIMD passes' data in the kernels' memory. */
interface SimdLayout {
  /** Padded batch and hidden sizes, augmented input width. */
  bp: number;
  hp: number;
  da: number;
  /** `[W_ih | b]ᵀ` Da×Hp. */
  wT: number;
  /** `W_hhᵀ` Hp×Hp. */
  wHhT: number;
  /** `[X | 1]` T·Bp×Da, time-major. */
  xAt: number;
  /** h_0..h_T, (T+1)·Bp×Hp. */
  hs: number;
  /** First double after the forward pass's data. */
  end: number;
}

function simdLayout(sizes: RecurrenceSizes): SimdLayout {
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const bp = pad4(B), hp = pad4(H), da = augmentedWidth(D);
  const wT = 0, wHhT = da * hp, xAt = wHhT + hp * hp;
  const hs = xAt + T * bp * da, end = hs + (T + 1) * bp * hp;
  return { bp, hp, da, wT, wHhT, xAt, hs, end };
}

function forwardSimd(
  k: Kernels,
  a: ForwardArgs,
  out: Floats,
  timeMajor: Float64Array | null,
): RecurrenceTape {
  const { sizes, weights, x, h0, act } = a;
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const L = simdLayout(sizes);
  const { bp, hp, da, wT, wHhT, xAt, hs } = L;
  const bh = bp * hp, rows = T * bp;
  // The input product applies the bias too (the ones column of [X | 1]).
  const f = heap(L.end);
  f.fill(0, wT, xAt);
  transposeInto(weights.weightIh, H, D, f, wT, hp);
  if (weights.bias !== null) {
    copyRows(weights.bias, 0, 1, H, f, wT + D * hp, hp);
  }
  transposeInto(weights.weightHh, H, H, f, wHhT, hp);
  augmentedInputs(x, f, xAt, B, T, D, bp);
  if (h0 === null || bp > B || hp > H) f.fill(0, hs, hs + bh);
  if (h0 !== null) copyRows(h0, 0, B, H, f, hs, hp);
  k.gemm(xAt * 8, wT * 8, (hs + bh) * 8, rows, da, hp, da * 8, 8, 0);
  for (let t = 1; t <= T; t++) {
    const at = hs + t * bh;
    k.gemm((at - bh) * 8, wHhT * 8, at * 8, bp, hp, hp, hp * 8, 8, 1);
    // Padded units stay act(0) = 0 (their weights and bias are 0).
    if (act === "tanh") k.tanh(at * 8, bh);
    else activate(act, f, at, at + bh);
  }
  toBatchMajor(f, hs + bh, out, 0, B, T, H, bp, hp);
  if (timeMajor !== null) unpadSteps(f, hs + bh, L, sizes, timeMajor);
  return { claim: heapClaims() };
}

function backwardSimd(
  k: Kernels,
  a: BackwardArgs,
  intact: boolean,
): RecurrenceGrads {
  const { sizes, weights, x, h0, states, dStates, act, need } = a;
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const L = simdLayout(sizes);
  const { bp, hp, da, xAt, hs } = L;
  const bh = bp * hp, rows = T * bp;
  // After the forward pass's data: W_hh Hp×Hp | dH (T+1)·Bp×Hp |
  // dZ T·Bp×Hp | scratch
  const whh = L.end, dH = whh + hp * hp, dZ = dH + (T + 1) * bh;
  const scratch = dZ + rows * hp;
  const f = heap(scratch + hp * Math.max(hp, da) + hp * da + rows * da);
  if (!intact) {
    // Rebuild what the backward pass reads of the forward pass's data.
    if (need.weightIh || need.bias) augmentedInputs(x, f, xAt, B, T, D, bp);
    if (bp > B || hp > H) f.fill(0, hs, L.end);
    if (h0 === null) f.fill(0, hs, hs + bh);
    else copyRows(h0, 0, B, H, f, hs, hp);
    toTimeMajor(states, 0, f, hs + bh, B, T, H, bp, hp);
  }
  if (hp > H) f.fill(0, whh, dH);
  copyRows(weights.weightHh, 0, H, H, f, whh, hp);
  // dH slot t (t = 1..T) starts as dStates_t and gathers the carry from
  // step t + 1; slot 0 ends as dL/dh_0.
  if (bp > B || hp > H) f.fill(0, dH, dZ);
  else f.fill(0, dH, dH + bh);
  toTimeMajor(dStates, 0, f, dH + bh, B, T, H, bp, hp);
  for (let t = T; t >= 1; t--) {
    const dh = dH + t * bh, dz = dZ + (t - 1) * bh;
    activationGrad(act, f, hs + t * bh, f, dh, f, dz, bh);
    // dL/dh_{t−1} += dz_t · W_hh
    k.gemm(dz * 8, whh * 8, (dh - bh) * 8, bp, hp, hp, hp * 8, 8, 1);
  }
  const g = sequenceWeightGrads(
    k,
    f,
    dZ,
    xAt,
    hs,
    scratch,
    rows,
    hp,
    D,
    hp,
    weights.weightIh,
    H,
    {
      weightIh: need.weightIh ?? false,
      weightHh: need.weightHh ?? false,
      bias: need.bias ?? false,
      x: need.x ?? false,
    },
  );
  let gx: Float64Array | null = null;
  if (g.dxAt >= 0) {
    gx = new Float64Array(B * T * D);
    toBatchMajor(f, g.dxAt, gx, 0, B, T, D, bp, da);
  }
  const gh0 = need.h0 && h0 !== null ? unpadRows(f, dH, B, hp, H) : null;
  let gs: Float64Array | null = null;
  if (need.states && need.timeMajorStates) {
    gs = new Float64Array(B * T * H);
    unpadSteps(f, dH + bh, L, sizes, gs);
  } else if (need.states) {
    gs = new Float64Array(B * T * H);
    toBatchMajor(f, dH + bh, gs, 0, B, T, H, bp, hp);
  }
  let gW = g.gWhh;
  if (gW !== null && hp > H) gW = unpadRows(gW, 0, H, hp, H);
  return {
    x: gx,
    h0: gh0,
    weightIh: g.gWih && hp > H ? g.gWih.slice(0, H * D) : g.gWih,
    weightHh: gW,
    bias: g.gB && hp > H ? g.gB.slice(0, H) : g.gB,
    states: gs,
  };
}

/** `T` padded time-major blocks `Bp×Hp` from `at` as `(T, B, H)` into `dst`. */
function unpadSteps(
  f: Float64Array,
  at: number,
  L: SimdLayout,
  sizes: RecurrenceSizes,
  dst: Float64Array,
): void {
  const { batch: B, steps: T, hidden: H } = sizes;
  const bh = L.bp * L.hp;
  if (L.bp === B && L.hp === H) dst.set(f.subarray(at, at + T * bh));
  else {
    for (let t = 0; t < T; t++) {
      copyRows(f, at + t * bh, B, H, dst, t * B * H, H, L.hp);
    }
  }
}

/** The leading `rows × cols` block of a matrix whose rows are `ld` apart. */
function unpadRows(
  src: Float64Array,
  off: number,
  rows: number,
  ld: number,
  cols: number,
): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    out.set(src.subarray(off + r * ld, off + r * ld + cols), r * cols);
  }
  return out;
}

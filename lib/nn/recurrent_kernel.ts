/**
 * The one recurrent kernel: a whole layer of any cell spec (RNN, LSTM, GRU)
 * over a batch of sequences, forward and back-propagation through time, on
 * plain typed arrays outside the autograd graph. `recurrentSequence` (the
 * autograd op of the layers) and `lib/bptt` are built on it.
 *
 * Everything lives in one buffer, time-major and padded to multiples of 4
 * (the WebAssembly kernels' blocks): the WebAssembly heap where available,
 * else a plain array, with the same matrix product and activations either
 * way. Per layer: one product projects the inputs of all steps (the bias
 * through a column of ones); each step adds `h_{t−1} W_hhᵀ` and hands the
 * gates to the spec's point-wise step. Backwards, each step is the spec's
 * point-wise step and one product `dz · W_hh`; the weight gradients are then
 * one product each over all steps. Padded hidden units stay exactly 0 (their
 * weights and biases are 0); padded batch rows get no gradient.
 *
 * @module
 */
import { type Floats, gemm, gemmPanels } from "../kernels/gemm.ts";
import {
  columnSums,
  copyRows,
  packPanels,
  panelWidth,
  toBatchMajor,
  toTimeMajor,
} from "../kernels/layout.ts";
import {
  heapAlloc,
  heapIntact,
  type HeapRegion,
  heapView,
  heapView32,
  wasmKernels,
} from "../kernels/wasm.ts";
import type { CellSpec, CellStepBackward } from "./cell_spec.ts";

/** Sizes of a layer's run: B sequences of T steps, D inputs, H hidden units. */
export interface SequenceSizes {
  /** B. */
  batch: number;
  /** T. */
  steps: number;
  /** D. */
  input: number;
  /** H. */
  hidden: number;
}

/** A layer's weights, row-major, gate blocks stacked as PyTorch's. */
export interface SequenceWeights {
  /** `(gates·H, D)`. */
  weightIh: ArrayLike<number>;
  /** `(gates·H, H)`. */
  weightHh: ArrayLike<number>;
  /** `(gates·H)` or `null`. */
  biasIh: ArrayLike<number> | null;
  /** `(gates·H)` or `null`. */
  biasHh: ArrayLike<number> | null;
}

/** What a forward pass leaves for its backward pass. */
export interface SequenceTape {
  /** The cell. */
  spec: CellSpec;
  /** B, T, D, H. */
  sizes: SequenceSizes;
  /** The weights it ran with. */
  weights: SequenceWeights;
  /** Inputs `(B, T, D)`. */
  x: ArrayLike<number>;
  /** `(B, H)` or `null` for zeros. */
  h0: ArrayLike<number> | null;
  /** `(B, H)` or `null` for zeros (with a cell state). */
  c0: ArrayLike<number> | null;
  /**
   * The buffer: the heap, or the run's own array; float32 when the weights
   * are (a float32 layer computes in float32 throughout).
   */
  f: Floats;
  /** Where everything is in it. */
  layout: Layout;
  /**
   * The heap block the pass ran in (its values stay there while the block
   * is intact), or `null` for its own array.
   */
  region: HeapRegion | null;
}

/** The gradients {@linkcode sequenceBackward} can compute. */
export interface SequenceGradRequest {
  /** dL/dx `(B, T, D)`. */
  x?: boolean;
  /** dL/dh_0 `(B, H)`. */
  h0?: boolean;
  /** dL/dc_0 `(B, H)`. */
  c0?: boolean;
  /** dL/dW_ih, dL/dW_hh, dL/db_ih, dL/db_hh. */
  weightIh?: boolean;
  /** dL/dW_hh. */
  weightHh?: boolean;
  /** dL/db_ih. */
  biasIh?: boolean;
  /** dL/db_hh. */
  biasHh?: boolean;
  /** The total dL/dh_t of every step, time-major `(T, B, H)`. */
  states?: boolean;
  /** Return `states` batch-major, `(B, T, H)`, instead. */
  batchMajorStates?: boolean;
}

/** Gradients of {@linkcode sequenceBackward}; `null` where not requested. */
export interface SequenceGrads {
  /** `(B, T, D)`. */
  x: Float64Array | null;
  /** `(B, H)`. */
  h0: Float64Array | null;
  /** `(B, H)`. */
  c0: Float64Array | null;
  /** `(gates·H, D)`, summed over batch and steps. */
  weightIh: Float64Array | null;
  /** `(gates·H, H)`. */
  weightHh: Float64Array | null;
  /** `(gates·H)`. */
  biasIh: Float64Array | null;
  /** `(gates·H)`. */
  biasHh: Float64Array | null;
  /** Total dL/dh_t, time-major `(T, B, H)` (or as requested). */
  states: Float64Array | null;
}

/** Offsets in doubles. */
interface Layout {
  bp: number;
  hp: number;
  da: number;
  g: number;
  /** `[W_ih | b]ᵀ` Da×G (gate-scaled), in panels. */
  wT: number;
  /** `W_hhᵀ` Hp×G (gate-scaled), in panels. */
  whhT: number;
  /** `b_hh` G (with a separate hidden projection). */
  bhh: number;
  /** `[X | 1]` T·Bp×Da. */
  xa: number;
  /** Gates T·Bp×G. */
  z: number;
  /** Hidden projections T·Bp×G (separate hidden only). */
  gh: number;
  /** h_0..h_T (T+1)·Bp×Hp. */
  hs: number;
  /** c_0..c_T (cell only). */
  cs: number;
  /** The spec's saved blocks T·Bp×Hp. */
  saved: number;
  /** First double after the forward data. */
  end: number;
  // The backward pass's data:
  /** `W_hh` G×Hp, in panels. */
  whh: number;
  /** dL/dh_0..h_T. */
  dH: number;
  /** dL/dc. */
  dC: number;
  /** dL/d(input projection) T·Bp×G. */
  dZi: number;
  /** dL/d(hidden projection) T·Bp×G (separate hidden only, else = dZi). */
  dZh: number;
  /** Scratch for the weight gradients and dX. */
  scratch: number;
  /** Values in all (from the first offset). */
  total: number;
}

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * Columns pad to the matrix kernel's block width, 8 in float32 and 4 in
 * float64; rows to 4.
 */
function layoutOf(
  spec: CellSpec,
  s: SequenceSizes,
  single: boolean,
  base = 0,
): Layout {
  const { batch: B, steps: T, input: D, hidden: H } = s;
  const w = single ? 8 : 4, pad = (n: number) => Math.ceil(n / w) * w;
  const bp = pad4(B), hp = pad(H), da = pad(D + 1), g = spec.gates * hp;
  const rows = T * bp, bh = bp * hp;
  // An Elman cell's step is act(z): its pre-activations go straight into
  // the state slots h_1..h_T (no copy; its backward reads only h).
  const elman = spec.gates === 1 && !spec.separateHidden;
  const wT = base, whhT = wT + da * g, bhh = whhT + hp * g;
  const xa = bhh + (spec.separateHidden ? g : 0), z = xa + rows * da;
  const gh = z + (elman ? 0 : rows * g);
  const hs = gh + (spec.separateHidden ? rows * g : 0);
  const cs = hs + (T + 1) * bh, saved = cs + (spec.hasCell ? (T + 1) * bh : 0);
  const end = saved + (spec.saves ? rows * hp : 0);
  const whh = end, dH = whh + g * hp, dC = dH + (T + 1) * bh;
  const dZi = dC + (spec.hasCell ? bh : 0), dZh = dZi + rows * g;
  const scratch = dZh + (spec.separateHidden ? rows * g : 0);
  const total = scratch + g * Math.max(hp, da) + g * da + rows * da;
  return {
    bp,
    hp,
    da,
    g,
    wT,
    whhT,
    bhh,
    xa,
    z: elman ? hs + bh : z,
    gh,
    hs,
    cs,
    saved,
    end,
    whh,
    dH,
    dC,
    dZi,
    dZh: spec.separateHidden ? dZh : dZi,
    scratch,
    total: total - base,
  };
}

/**
 * Packs `(gates·H, C)` rows, transposed and scaled per gate, into panels
 * (see `packPanels`) `depth` deep: column `q·hp + j` holds row `q·H + j`.
 */
function packTransposed(
  w: ArrayLike<number>,
  spec: CellSpec,
  h: number,
  cols: number,
  f: Floats,
  at: number,
  depth: number,
  hp: number,
): void {
  for (let q = 0; q < spec.gates; q++) {
    const s = spec.gateScale(q);
    packPanels(
      w,
      q * h * cols,
      1,
      cols,
      cols,
      h,
      f,
      at + q * hp * depth,
      depth,
      s,
    );
  }
}

/**
 * Packs `(gates·H, C)` rows into panels `G` deep, gate blocks padded to
 * `hp` rows: row `q·hp + j` holds row `q·H + j`.
 */
function packRows(
  w: ArrayLike<number>,
  gates: number,
  h: number,
  cols: number,
  f: Floats,
  at: number,
  hp: number,
): void {
  const width = panelWidth(f);
  for (let q = 0; q < gates; q++) {
    packPanels(
      w,
      q * h * cols,
      cols,
      1,
      h,
      cols,
      f,
      at + q * hp * width,
      gates * hp,
    );
  }
}

/** `(gates·H, C)` from `G×ld` rows, gate blocks padded to `hp` rows. */
function unpackRows(
  f: Floats,
  at: number,
  gates: number,
  h: number,
  cols: number,
  ld: number,
  hp: number,
): Float64Array {
  const out = new Float64Array(gates * h * cols);
  for (let q = 0; q < gates; q++) {
    copyRows(f, at + q * hp * ld, h, cols, out, q * h * cols, cols, ld);
  }
  return out;
}

/** A gate-padded vector `(G)` back to `(gates·H)`. */
function unpackVector(
  v: ArrayLike<number>,
  at: number,
  stride: number,
  gates: number,
  h: number,
  hp: number,
): Float64Array {
  const out = new Float64Array(gates * h);
  for (let q = 0; q < gates; q++) {
    for (let j = 0; j < h; j++) out[q * h + j] = v[at + (q * hp + j) * stride];
  }
  return out;
}

/**
 * Runs a layer forward: `h_t` (and `c_t`) for `t = 1..T`.
 *
 * @param spec The cell.
 * @param sizes B, T, D, H (B, T, H ≥ 1).
 * @param weights The layer's weights.
 * @param x Inputs `(B, T, D)`, batch-major.
 * @param h0 `(B, H)` or `null` for zeros.
 * @param c0 `(B, H)` or `null` for zeros (cells with a cell state).
 * @returns The tape: read states with {@linkcode sequenceStates}, go back
 *   with {@linkcode sequenceBackward}.
 *
 * @example One tanh unit, one step: tanh(0.1 · 1 + 0.1)
 * ```ts
 * import { rnnCellSpec, sequenceForward, sequenceStates } from "./mod.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const tape = sequenceForward(rnnCellSpec("tanh"), { batch: 1, steps: 1, input: 1, hidden: 1 },
 *   { weightIh: [0.1], weightHh: [0.1], biasIh: [0.1], biasHh: null }, [1], null, null);
 * const h = new Float64Array(1);
 * sequenceStates(tape, "h", h);
 * assertAlmostEquals(h[0], Math.tanh(0.2), 1e-15);
 * ```
 */
export function sequenceForward(
  spec: CellSpec,
  sizes: SequenceSizes,
  weights: SequenceWeights,
  x: ArrayLike<number>,
  h0: ArrayLike<number> | null,
  c0: ArrayLike<number> | null,
): SequenceTape {
  const single = weights.weightIh instanceof Float32Array;
  let placed: Pick<SequenceTape, "f" | "layout" | "region">;
  if (wasmKernels() !== null) placed = heapBlock(spec, sizes, single);
  else {
    // Without the kernels each run has its own array, which its backward
    // pass reads later.
    const layout = layoutOf(spec, sizes, single);
    const f = single
      ? new Float32Array(layout.total)
      : new Float64Array(layout.total);
    placed = { f, layout, region: null };
  }
  const tape: SequenceTape = { spec, sizes, weights, x, h0, c0, ...placed };
  runForward(tape);
  return tape;
}

/** A new heap block for a run, the layout placed in it, and the heap's view. */
function heapBlock(
  spec: CellSpec,
  sizes: SequenceSizes,
  single: boolean,
): Pick<SequenceTape, "f" | "layout" | "region"> {
  const es = single ? 4 : 8;
  const region = heapAlloc(layoutOf(spec, sizes, single).total * es);
  return {
    f: single ? heapView32() : heapView(),
    layout: layoutOf(spec, sizes, single, region.start / es),
    region,
  };
}

function runForward(tape: SequenceTape): void {
  const { spec, sizes, weights, x, h0, c0, f, layout: L } = tape;
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const { bp, hp, da, g } = L;
  const rows = T * bp, bh = bp * hp;
  f.fill(0, L.wT, L.xa);
  packTransposed(weights.weightIh, spec, H, D, f, L.wT, da, hp);
  // The input product applies b_ih (and b_hh, unless the hidden projection
  // stays apart) through the ones column of [X | 1].
  let bias = weights.biasIh;
  if (!spec.separateHidden && weights.biasHh !== null) {
    const bhh = weights.biasHh, bih = weights.biasIh;
    bias = bih === null ? bhh : Float64Array.from(bhh, (v, i) => bih[i] + v);
  }
  if (bias !== null) {
    packTransposed(bias, spec, H, 1, f, L.wT + D * panelWidth(f), da, hp);
  }
  packTransposed(weights.weightHh, spec, H, H, f, L.whhT, hp, hp);
  if (spec.separateHidden && weights.biasHh !== null) {
    const bhh = weights.biasHh;
    for (let q = 0; q < spec.gates; q++) {
      const s = spec.gateScale(q);
      for (let j = 0; j < H; j++) f[L.bhh + q * hp + j] = s * bhh[q * H + j];
    }
  }
  // [X | 1], time-major; padded batch rows are [0, 1, 0…].
  f.fill(0, L.xa, L.xa + rows * da);
  toTimeMajor(x, 0, f, L.xa, B, T, D, bp, da);
  for (let r = 0; r < rows; r++) f[L.xa + r * da + D] = 1;
  f.fill(0, L.hs, L.hs + bh);
  if (h0 !== null) copyRows(h0, 0, B, H, f, L.hs, hp);
  if (spec.hasCell) {
    f.fill(0, L.cs, L.cs + bh);
    if (c0 !== null) copyRows(c0, 0, B, H, f, L.cs, hp);
  }
  gemmPanels(rows, da, g, f, L.xa, da, 1, f, L.wT, f, L.z, g, false);
  // One step record for the whole sequence (no allocation per step).
  const step = stepRecord(f, L);
  for (let t = 1; t <= T; t++) {
    moveStep(step, L, t);
    // The hidden projection goes into the gates, or apart (after b_hh).
    const into = spec.separateHidden ? step.gh : step.z;
    if (spec.separateHidden) {
      for (let r = 0; r < bp; r++) f.copyWithin(into + r * g, L.bhh, L.bhh + g);
    }
    gemmPanels(bp, hp, g, f, step.hPrev, hp, 1, f, L.whhT, f, into, g, true);
    spec.forward(step);
  }
}

/** A step record for a layout; {@linkcode moveStep} points it at a step. */
function stepRecord(f: Floats, L: Layout): CellStepBackward {
  return {
    f,
    rows: L.bp,
    hp: L.hp,
    z: 0,
    gh: 0,
    hPrev: 0,
    hNow: 0,
    cPrev: 0,
    cNow: 0,
    saved: 0,
    dh: 0,
    dhPrev: 0,
    dc: L.dC,
    dzi: 0,
    dzh: 0,
  };
}

/** Points a step record at step `t`. */
function moveStep(s: CellStepBackward, L: Layout, t: number): void {
  const bh = L.bp * L.hp, bg = L.bp * L.g;
  s.z = L.z + (t - 1) * bg;
  s.gh = L.gh + (t - 1) * bg;
  s.hPrev = L.hs + (t - 1) * bh;
  s.hNow = s.hPrev + bh;
  s.cPrev = L.cs + (t - 1) * bh;
  s.cNow = s.cPrev + bh;
  s.saved = L.saved + (t - 1) * bh;
  s.dh = L.dH + t * bh;
  s.dhPrev = s.dh - bh;
  s.dzi = L.dZi + (t - 1) * bg;
  s.dzh = L.dZh + (t - 1) * bg;
}

/**
 * Copies a forward pass's states `h_1..h_T` (or `c_1..c_T`) into `out`,
 * batch-major `(B, T, H)`, or time-major `(T, B, H)` with `timeMajor`.
 *
 * @example
 * ```ts
 * import { rnnCellSpec, sequenceForward, sequenceStates } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const tape = sequenceForward(rnnCellSpec("identity"), { batch: 1, steps: 2, input: 1, hidden: 1 },
 *   { weightIh: [1], weightHh: [1], biasIh: null, biasHh: null }, [1, 2], null, null);
 * const h = new Float64Array(2);
 * sequenceStates(tape, "h", h);
 * assertEquals(Array.from(h), [1, 3]);
 * ```
 */
export function sequenceStates(
  tape: SequenceTape,
  which: "h" | "c",
  out: Floats,
  timeMajor = false,
): void {
  const f = current(tape);
  const L = tape.layout, bh = L.bp * L.hp;
  unpadSteps(f, (which === "h" ? L.hs : L.cs) + bh, tape, out, timeMajor);
}

/**
 * The `T` padded `Bp×Hp` step blocks from `at` into `out` as `(B, T, H)`,
 * or `(T, B, H)` with `timeMajor`.
 */
function unpadSteps(
  f: Floats,
  at: number,
  tape: SequenceTape,
  out: Floats,
  timeMajor: boolean,
): void {
  const { batch: B, steps: T, hidden: H } = tape.sizes;
  const { bp, hp } = tape.layout, bh = bp * hp;
  if (!timeMajor) toBatchMajor(f, at, out, 0, B, T, H, bp, hp);
  else {
    for (let t = 0; t < T; t++) {
      copyRows(f, at + t * bh, B, H, out, t * B * H, H, hp);
    }
  }
}

/** The tape's buffer with its forward values in it (recomputed if overwritten). */
function current(tape: SequenceTape): Floats {
  const r = tape.region;
  if (r === null) return tape.f;
  const single = tape.f instanceof Float32Array;
  if (!heapIntact(r)) {
    // Overwritten since: run the forward pass again in a new block.
    Object.assign(tape, heapBlock(tape.spec, tape.sizes, single));
    runForward(tape);
  } // The heap may have grown since: a fresh view of the same memory.
  else tape.f = single ? heapView32() : heapView();
  return tape.f;
}

/**
 * Back-propagation through time for a forward pass: given dL/dh_t from
 * outside the recurrence (`dH`, `(B, T, H)`; zeros where no loss looks) and,
 * for a cell state, dL/dc_t (`dC` or `null`), returns the requested
 * gradients. A tape can go back more than once.
 *
 * @example One tanh step: dL/dW_ih = (1 − h²) · x
 * ```ts
 * import { rnnCellSpec, sequenceBackward, sequenceForward } from "./mod.ts";
 * import { assertAlmostEquals } from "@std/assert";
 *
 * const tape = sequenceForward(rnnCellSpec("tanh"), { batch: 1, steps: 1, input: 1, hidden: 1 },
 *   { weightIh: [0.5], weightHh: [0.1], biasIh: null, biasHh: null }, [2], null, null);
 * const g = sequenceBackward(tape, [1], null, { weightIh: true });
 * assertAlmostEquals(g.weightIh![0], (1 - Math.tanh(1) ** 2) * 2, 1e-15);
 * ```
 */
export function sequenceBackward(
  tape: SequenceTape,
  dH: ArrayLike<number>,
  dC: ArrayLike<number> | null,
  need: SequenceGradRequest,
): SequenceGrads {
  // Nothing below claims the heap again (the forward pass sized it for
  // both passes, and the products find their operands in it).
  const f = current(tape);
  const { spec, sizes, weights, layout: L } = tape;
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const { bp, hp, da, g } = L;
  const rows = T * bp, bh = bp * hp;
  f.fill(0, L.whh, L.dH);
  packRows(weights.weightHh, spec.gates, H, H, f, L.whh, hp);
  f.fill(0, L.dH, L.dZi);
  toTimeMajor(dH, 0, f, L.dH + bh, B, T, H, bp, hp);
  const step = stepRecord(f, L);
  for (let t = T; t >= 1; t--) {
    moveStep(step, L, t);
    if (spec.hasCell && dC !== null) {
      for (let b = 0; b < B; b++) {
        const src = (b * T + t - 1) * H, dst = L.dC + b * hp;
        for (let j = 0; j < H; j++) f[dst + j] += dC[src + j];
      }
    }
    spec.backward(step);
    // dL/dh_{t−1} += dz_t · W_hh
    gemmPanels(
      bp,
      g,
      hp,
      f,
      step.dzh,
      g,
      1,
      f,
      L.whh,
      f,
      step.dhPrev,
      hp,
      true,
    );
  }
  const s = L.scratch;
  let gWhh: Float64Array | null = null, gWih: Float64Array | null = null;
  let gBih: Float64Array | null = null, gBhh: Float64Array | null = null;
  if (need.weightHh) {
    // dW_hh (G×Hp) = dZhᵀ · H_prev: A read transposed by its strides.
    gemm(g, rows, hp, f, L.dZh, 1, g, f, L.hs, hp, 1, f, s, hp, false);
    gWhh = unpackRows(f, s, spec.gates, H, H, hp, hp);
  }
  if (need.weightIh || need.biasIh || (need.biasHh && !spec.separateHidden)) {
    // [dW_ih | db_ih] (G×Da) = dZiᵀ · [X | 1]
    gemm(g, rows, da, f, L.dZi, 1, g, f, L.xa, da, 1, f, s, da, false);
    if (need.weightIh) gWih = unpackRows(f, s, spec.gates, H, D, da, hp);
    const gb = unpackVector(f, s + D, da, spec.gates, H, hp);
    if (need.biasIh) gBih = gb;
    if (need.biasHh && !spec.separateHidden) gBhh = gb.slice();
  }
  if (need.biasHh && spec.separateHidden) {
    const sums = columnSums(f, rows, g, L.dZh);
    gBhh = unpackVector(sums, 0, 1, spec.gates, H, hp);
  }
  let gx: Float64Array | null = null;
  if (need.x) {
    // dX (T·Bp×Da) = dZi · W_ih, W_ih packed into the scratch area first.
    const wih = s, dx = s + g * da;
    f.fill(0, wih, dx);
    packRows(weights.weightIh, spec.gates, H, D, f, wih, hp);
    gemmPanels(rows, g, da, f, L.dZi, g, 1, f, wih, f, dx, da, false);
    gx = new Float64Array(B * T * D);
    toBatchMajor(f, dx, gx, 0, B, T, D, bp, da);
  }
  const unpadState = (at: number) => {
    const out = new Float64Array(B * H);
    copyRows(f, at, B, H, out, 0, H, hp);
    return out;
  };
  let states: Float64Array | null = null;
  if (need.states) {
    states = new Float64Array(T * B * H);
    unpadSteps(f, L.dH + bh, tape, states, !need.batchMajorStates);
  }
  return {
    x: gx,
    h0: need.h0 ? unpadState(L.dH) : null,
    c0: need.c0 && spec.hasCell ? unpadState(L.dC) : null,
    weightIh: gWih,
    weightHh: gWhh,
    biasIh: gBih,
    biasHh: gBhh,
    states,
  };
}

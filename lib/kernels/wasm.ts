/**
 * The WebAssembly SIMD kernels (built by `tools/build_wasm_kernels.ts`) and
 * their linear memory, the heap that `gemm`, the activations and the fused
 * recurrent layers work in.
 *
 * @module
 */
import {
  WASM_KERNELS_BASE64,
  WASM_KERNELS_PLAIN_BASE64,
} from "./wasm_binary.ts";

/** A matrix product kernel; addresses and strides in bytes. */
export type GemmKernel = (
  a: number,
  b: number,
  c: number,
  n: number,
  k: number,
  m: number,
  aRowStride: number,
  aColStride: number,
  bRowStride: number,
  bStripStride: number,
  accumulate: number,
) => void;

/** An in-place element-wise kernel over `n` values at byte address `p`. */
export type ElementwiseKernel = (p: number, n: number) => void;

/** `(dz, dh, y, n)`: byte addresses of three runs of `n` values. */
export type TanhBackwardKernel = (
  dz: number,
  dh: number,
  y: number,
  n: number,
) => void;

/** The exported kernels (see `tools/build_wasm_kernels.ts`). */
export interface Kernels {
  /** The heap. */
  memory: WebAssembly.Memory;
  /**
   * `C (+)= A·B`: `A` `n×k` with element (i, p) at `a + i·aRowStride +
   * p·aColStride`; `B` `k×m` in strips of the block width `w` (4 in f64, 8
   * in f32), element (p, j) at `b + ⌊j/w⌋·bStripStride + p·bRowStride +
   * (j mod w)·size` (row-major, or packed panels); `C` `n×m` row-major; `n`
   * a multiple of 4, `m` of `w`, `k ≥ 1`.
   */
  gemm_f64: GemmKernel;
  /** As `gemm_f64`, in float32. */
  gemm_f32: GemmKernel;
  /** `σ` in place, `n` a multiple of 2. */
  sigmoid_f64: ElementwiseKernel;
  /** `tanh` in place, `n` a multiple of 2. */
  tanh_f64: ElementwiseKernel;
  /** `σ` in place, `n` a multiple of 4. */
  sigmoid_f32: ElementwiseKernel;
  /** `tanh` in place, `n` a multiple of 4. */
  tanh_f32: ElementwiseKernel;
  /** `dz = dh · (1 − y²)` over `n` values (a multiple of 2). */
  tanh_backward_f64: TanhBackwardKernel;
  /** As `tanh_backward_f64`, in float32 (`n` a multiple of 4). */
  tanh_backward_f32: TanhBackwardKernel;
  /** An LSTM step's gates forward (see `lib/nn/lstm_cell_spec.ts`). */
  lstm_forward_f64: LstmForwardKernel;
  /** As `lstm_forward_f64`, in float32. */
  lstm_forward_f32: LstmForwardKernel;
  /** An LSTM step's gates backward. */
  lstm_backward_f64: LstmBackwardKernel;
  /** As `lstm_backward_f64`, in float32. */
  lstm_backward_f32: LstmBackwardKernel;
  /** A GRU step's gates forward (see `lib/nn/gru_cell_spec.ts`). */
  gru_forward_f64: GruForwardKernel;
  /** As `gru_forward_f64`, in float32. */
  gru_forward_f32: GruForwardKernel;
  /** A GRU step's gates backward. */
  gru_backward_f64: GruBackwardKernel;
  /** As `gru_backward_f64`, in float32. */
  gru_backward_f32: GruBackwardKernel;
}

/** `(z, gh, hPrev, n, hNow, rows, hp)`: byte addresses, `hp` in elements. */
export type GruForwardKernel = (
  z: number,
  gh: number,
  hPrev: number,
  n: number,
  hNow: number,
  rows: number,
  hp: number,
) => void;

/** `(z, gh, hPrev, n, dh, dhPrev, dzi, dzh, rows, hp)`. */
export type GruBackwardKernel = (
  z: number,
  gh: number,
  hPrev: number,
  n: number,
  dh: number,
  dhPrev: number,
  dzi: number,
  dzh: number,
  rows: number,
  hp: number,
) => void;

/**
 * `(z, cPrev, cNow, tanhC, hNow, rows, hp)`: byte addresses, `hp` in
 * elements.
 */
export type LstmForwardKernel = (
  z: number,
  cPrev: number,
  cNow: number,
  tanhC: number,
  hNow: number,
  rows: number,
  hp: number,
) => void;

/** `(z, cPrev, tanhC, dh, dc, dz, rows, hp)`. */
export type LstmBackwardKernel = (
  z: number,
  cPrev: number,
  tanhC: number,
  dh: number,
  dc: number,
  dz: number,
  rows: number,
  hp: number,
) => void;

/** Which build of the kernels runs. */
export type WasmVariant = "relaxed" | "plain";

function instantiate(base64: string): Kernels | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return inst.exports as unknown as Kernels;
  } catch {
    return null;
  }
}

const builds: Record<WasmVariant, Kernels | null> = {
  // Relaxed SIMD fuses each multiply-add where the CPU has FMA; engines
  // without it (or without SIMD at all) refuse the module.
  relaxed: instantiate(WASM_KERNELS_BASE64),
  plain: instantiate(WASM_KERNELS_PLAIN_BASE64),
};

/** The variant the engine runs best: relaxed SIMD if it can, else plain. */
const preferred: WasmVariant | null = builds.relaxed
  ? "relaxed"
  : builds.plain
  ? "plain"
  : null;
let variant: WasmVariant | null = preferred;
let loaded: Kernels | null = variant ? builds[variant] : null;

/**
 * The kernels, or `null` when WebAssembly SIMD is unavailable (or switched
 * off with {@linkcode useWasmKernels}).
 *
 * @example
 * ```ts
 * import { wasmKernels } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * const k = wasmKernels();
 * assert(k === null || typeof k.gemm_f64 === "function");
 * ```
 */
export function wasmKernels(): Kernels | null {
  return loaded;
}

/**
 * Which build runs: `"relaxed"` (fused multiply-adds), `"plain"`, or `null`
 * (plain JavaScript).
 *
 * @example
 * ```ts
 * import { wasmVariant } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * assert([null, "relaxed", "plain"].includes(wasmVariant()));
 * ```
 */
export function wasmVariant(): WasmVariant | null {
  return variant;
}

/**
 * Whether this engine can run a build of the kernels.
 *
 * @example
 * ```ts
 * import { wasmVariantAvailable } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(typeof wasmVariantAvailable("plain"), "boolean");
 * ```
 */
export function wasmVariantAvailable(v: WasmVariant): boolean {
  return builds[v] !== null;
}

/**
 * Switches the WebAssembly kernels on (the preferred build, or the one
 * named) or off, for comparing the paths; returns the build that ran before
 * (pass it back to restore). The heap of one build is not the other's:
 * values left in it by a forward pass are recomputed after a switch.
 *
 * @throws {RangeError} if the named build cannot run here.
 *
 * @example Run a computation on the plain JavaScript path
 * ```ts
 * import { useWasmKernels, wasmKernels } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const before = useWasmKernels(false);
 * try {
 *   assertEquals(wasmKernels(), null);
 * } finally {
 *   useWasmKernels(before);
 * }
 * ```
 */
export function useWasmKernels(
  on: boolean | WasmVariant | null,
): WasmVariant | null {
  const was = variant;
  const next = on === true ? preferred : on === false ? null : on;
  if (next !== null && builds[next] === null) {
    throw new RangeError(`the ${next} WebAssembly kernels cannot run here`);
  }
  if (next !== variant) {
    variant = next;
    loaded = next ? builds[next] : null;
    // Another build has another memory: every block handed out is gone.
    lap += 2;
    top = 0;
    refreshViews();
  }
  return was;
}

let view: Float64Array = new Float64Array(0);
let view32: Float32Array = new Float32Array(0);

function refreshViews(): void {
  // A WebAssembly memory that is not shared has an ArrayBuffer.
  const buffer =
    (loaded ? loaded.memory.buffer : new ArrayBuffer(0)) as ArrayBuffer;
  view = new Float64Array(buffer);
  view32 = new Float32Array(buffer);
}
refreshViews();

function grow(bytes: number): void {
  if (loaded === null || loaded.memory.buffer.byteLength >= bytes) return;
  const more = bytes - loaded.memory.buffer.byteLength;
  loaded.memory.grow(Math.ceil(more / 65536));
  refreshViews();
}

/** A block of the heap handed out by {@linkcode heapAlloc} (byte offsets). */
export interface HeapRegion {
  /** First byte. */
  start: number;
  /** One past the last byte. */
  end: number;
  /** The arena's lap when it was handed out. */
  lap: number;
}

/**
 * The heap is an arena handed out in order, from the start again once it
 * has held `ARENA_BYTES` (or more, for one large block): a block stays
 * intact until the arena laps it, so a fused layer's backward pass reads
 * its forward pass's values in place unless a great deal ran in between.
 */
const ARENA_BYTES = 1 << 25;
let top = 0, lap = 0, arenaEnd = ARENA_BYTES;

/**
 * A block of at least `bytes` bytes of the heap (16-byte aligned), grown as
 * needed. Views taken before a call that grows the heap are stale: take
 * them after ({@linkcode heapView}, {@linkcode heapView32}).
 *
 * @example
 * ```ts
 * import { heapAlloc, heapIntact } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * const r = heapAlloc(64);
 * assert(r.end - r.start >= 64 && heapIntact(r));
 * ```
 */
export function heapAlloc(bytes: number): HeapRegion {
  const size = Math.ceil(bytes / 16) * 16;
  if (top + size > arenaEnd && top > 0) {
    lap++;
    top = 0;
    arenaEnd = Math.max(ARENA_BYTES, size);
  }
  const start = top;
  top += size;
  grow(top);
  return { start, end: top, lap };
}

/**
 * Whether nothing handed out since has overwritten a block (nor has the
 * kernels' build been switched).
 *
 * @example
 * ```ts
 * import { heapAlloc, heapIntact } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * const r = heapAlloc(16);
 * heapAlloc(16);
 * assert(heapIntact(r));
 * ```
 */
export function heapIntact(r: HeapRegion): boolean {
  return r.lap === lap || (r.lap === lap - 1 && top <= r.start);
}

/**
 * The heap as float64 values (byte offset / 8); empty without the kernels.
 *
 * @example
 * ```ts
 * import { heapView } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * assert(heapView() instanceof Float64Array);
 * ```
 */
export function heapView(): Float64Array {
  return view;
}

/**
 * The heap as float32 values (byte offset / 4); empty without the kernels.
 *
 * @example
 * ```ts
 * import { heapView32 } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * assert(heapView32() instanceof Float32Array);
 * ```
 */
export function heapView32(): Float32Array {
  return view32;
}

/**
 * Whether `a` is a view of the kernels' memory (so the kernels can read it
 * in place).
 *
 * @example
 * ```ts
 * import { inHeap } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(inHeap(new Float64Array(4)), false);
 * ```
 */
export function inHeap(a: Float64Array | Float32Array): boolean {
  return loaded !== null && a.buffer === loaded.memory.buffer;
}

/** The kernels that come in both precisions. */
export type KernelFamily =
  | "gemm"
  | "sigmoid"
  | "tanh"
  | "tanh_backward"
  | "lstm_forward"
  | "lstm_backward"
  | "gru_forward"
  | "gru_backward";

/**
 * The kernel `family` in `f`'s precision and the byte address of an
 * element of `f`, when `f` is (a view of) the kernels' heap; `null` when
 * the kernels are off or `f` is a plain array (callers then loop in
 * JavaScript).
 *
 * @example
 * ```ts
 * import { heapKernel } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(heapKernel(new Float32Array(4), "tanh"), null);
 * ```
 */
export function heapKernel<F extends KernelFamily>(
  f: Float64Array | Float32Array,
  family: F,
): { run: Kernels[`${F}_f64`]; at: (offset: number) => number } | null {
  if (loaded === null || !inHeap(f)) return null;
  const es = f.BYTES_PER_ELEMENT, base = f.byteOffset;
  const run =
    (es === 4 ? loaded[`${family}_f32`] : loaded[`${family}_f64`]) as Kernels[
      `${F}_f64`
    ];
  return { run, at: (offset: number) => base + offset * es };
}

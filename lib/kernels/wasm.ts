/**
 * The WebAssembly SIMD kernels (built by `tools/build_wasm_kernels.ts`) and
 * their linear memory, the heap that `gemm`, the activations and the fused
 * recurrent layers work in.
 *
 * @module
 */
import { WASM_KERNELS_BASE64 } from "./wasm_binary.ts";

/** The exported kernels; addresses and strides are in bytes. */
export interface Kernels {
  /** The heap. */
  memory: WebAssembly.Memory;
  /**
   * `C (+)= A·B` for f64 matrices: `A` `n×k` with element (i, p) at
   * `a + i·aRowStride + p·aColStride`, `B` `k×m` and `C` `n×m` row-major,
   * `n` and `m` multiples of 4.
   */
  gemm(
    a: number,
    b: number,
    c: number,
    n: number,
    k: number,
    m: number,
    aRowStride: number,
    aColStride: number,
    accumulate: number,
  ): void;
  /** `σ` in place over `n` f64 values, `n` even. */
  sigmoid(p: number, n: number): void;
  /** `tanh` in place over `n` f64 values, `n` even. */
  tanh(p: number, n: number): void;
}

function instantiate(): Kernels | null {
  try {
    const bytes = Uint8Array.from(
      atob(WASM_KERNELS_BASE64),
      (ch) => ch.charCodeAt(0),
    );
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return inst.exports as unknown as Kernels;
  } catch {
    // No WebAssembly SIMD here: callers fall back to plain JavaScript.
    return null;
  }
}

const loaded: Kernels | null = instantiate();
let enabled = loaded !== null;

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
 * assert(k === null || typeof k.gemm === "function");
 * ```
 */
export function wasmKernels(): Kernels | null {
  return enabled ? loaded : null;
}

/**
 * Switches the WebAssembly kernels on or off (for comparing the two paths);
 * returns whether they were on. They cannot be switched on where
 * WebAssembly SIMD is unavailable.
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
export function useWasmKernels(on: boolean): boolean {
  const was = enabled;
  enabled = on && loaded !== null;
  return was;
}

let view = new Float64Array(
  loaded ? loaded.memory.buffer : new ArrayBuffer(0),
);

let claims = 0;

/**
 * The kernels' memory as doubles, grown to hold at least `doubles` values.
 * Every user calls it before writing, which counts as a claim (see
 * {@linkcode heapClaims}). Views taken earlier are stale after a call that
 * grows it.
 *
 * @example
 * ```ts
 * import { heap } from "./mod.ts";
 * import { assert } from "@std/assert";
 *
 * assert(heap(16) instanceof Float64Array);
 * ```
 */
export function heap(doubles: number): Float64Array {
  claims++;
  if (loaded !== null && view.length < doubles) {
    const bytes = doubles * 8 - loaded.memory.buffer.byteLength;
    loaded.memory.grow(Math.ceil(bytes / 65536));
    view = new Float64Array(loaded.memory.buffer);
  }
  return view;
}

/**
 * How many times {@linkcode heap} was called: while it is unchanged, what a
 * kernel left in the memory is still there (a fused layer's backward pass
 * then reads its forward pass's values in place instead of a copy).
 *
 * @example
 * ```ts
 * import { heap, heapClaims } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const before = heapClaims();
 * heap(1);
 * assertEquals(heapClaims(), before + 1);
 * ```
 */
export function heapClaims(): number {
  return claims;
}

/**
 * Whether `a` is a view of the kernels' memory (so the kernels can read it
 * in place).
 *
 * @example
 * ```ts
 * import { heap, inHeap } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(inHeap(new Float64Array(4)), false);
 * ```
 */
export function inHeap(a: Float64Array | Float32Array): boolean {
  return loaded !== null && a.buffer === loaded.memory.buffer;
}

/**
 * The WebAssembly SIMD kernels (built by `_build_simd_gemm.ts`) and their
 * linear memory, shared by `simdGemm` and the fused recurrent layers.
 *
 * @module
 */
import { SIMD_GEMM_WASM_BASE64 } from "./_simd_gemm_wasm.ts";

/** The exported kernels; addresses and strides are in bytes. */
export interface Kernels {
  memory: WebAssembly.Memory;
  /** `C (+)= A·B`; see `_build_simd_gemm.ts`. `n`, `m` multiples of 4. */
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
  /** In place, `n` even. */
  sigmoid(p: number, n: number): void;
  /** In place, `n` even. */
  tanh(p: number, n: number): void;
}

function instantiate(): Kernels | null {
  try {
    const bytes = Uint8Array.from(
      atob(SIMD_GEMM_WASM_BASE64),
      (ch) => ch.charCodeAt(0),
    );
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    return inst.exports as unknown as Kernels;
  } catch {
    // No WebAssembly SIMD here: callers fall back to plain JavaScript.
    return null;
  }
}

/** The kernels, or `null` when WebAssembly SIMD is unavailable. */
export const kernels: Kernels | null = instantiate();

let view = new Float64Array(
  kernels ? kernels.memory.buffer : new ArrayBuffer(0),
);

let claims = 0;

/**
 * The kernels' memory as doubles, grown to hold at least `doubles` values.
 * Every user calls it before writing, which counts as a claim (see
 * {@linkcode heapClaims}). Views taken earlier are stale after a call that
 * grows it.
 */
export function heap(doubles: number): Float64Array {
  claims++;
  if (kernels !== null && view.length < doubles) {
    const bytes = doubles * 8 - kernels.memory.buffer.byteLength;
    kernels.memory.grow(Math.ceil(bytes / 65536));
    view = new Float64Array(kernels.memory.buffer);
  }
  return view;
}

/**
 * How many times {@linkcode heap} was called: while it is unchanged, what a
 * kernel left in the memory is still there (a fused layer's backward pass
 * then reads its forward pass's values in place instead of a copy).
 */
export function heapClaims(): number {
  return claims;
}

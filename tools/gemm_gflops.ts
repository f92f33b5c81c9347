/**
 * `deno task gemm-gflops`: GFLOP/s of the matrix product, float64 (and
 * float32 where the kernels have it), at the lab's shapes and at 512³: the
 * WebAssembly kernel on operands already in its heap (its peak here), and
 * `gemm()` as callers see it (copies included). Prints a Markdown table and
 * one JSON line per row.
 *
 * @module
 */
import {
  gemm,
  heapAlloc,
  heapView,
  heapView32,
  wasmKernels,
} from "../lib/kernels/mod.ts";

const SHAPES: [string, number, number, number][] = [
  ["lab: input projection, all steps (320×4 · 4×128)", 320, 4, 128],
  ["lab: one step h·W_hhᵀ (32×32 · 32×128)", 32, 32, 128],
  ["lab: dW_hh over all steps (128×320 · 320×32)", 128, 320, 32],
  ["lab: read-out Linear(32→1) (320×32 · 32×1)", 320, 32, 1],
  ["scale: one step, H=256 (32×256 · 256×1024)", 32, 256, 1024],
  ["512³", 512, 512, 512],
];

function time(fn: () => void, flops: number): number {
  fn();
  let reps = 1, elapsed = 0;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    elapsed = performance.now() - t0;
    if (elapsed > 200) break;
    reps *= 2;
  }
  // Best of three such runs: the machine is shared.
  let best = elapsed;
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    best = Math.min(best, performance.now() - t0);
  }
  return flops * reps / (best / 1000) / 1e9;
}

const rows: string[][] = [];
for (const [label, n, k, m] of SHAPES) {
  for (const dtype of ["float64", "float32"] as const) {
    const flops = 2 * n * k * m;
    const make = (len: number, fn: (i: number) => number) => {
      const out = dtype === "float64"
        ? new Float64Array(len)
        : new Float32Array(len);
      for (let i = 0; i < len; i++) out[i] = fn(i);
      return out;
    };
    const a = make(n * k, Math.sin), b = make(k * m, Math.cos);
    const c = make(n * m, () => 0);
    const viaGemm = time(
      () => gemm(n, k, m, a, 0, k, 1, b, 0, m, 1, c, 0, m, false),
      flops,
    );
    let inHeap: number | null = null; // null: not whole kernel blocks
    const width = dtype === "float64" ? 4 : 8;
    if (wasmKernels() && n % 4 === 0 && m % width === 0) {
      const size = n * k + k * m + n * m;
      const es = dtype === "float64" ? 8 : 4;
      const at = heapAlloc(size * es).start / es;
      const f = (dtype === "float64" ? heapView() : heapView32()).subarray(at);
      f.set(a, 0);
      f.set(b, n * k);
      inHeap = time(
        () =>
          gemm(n, k, m, f, 0, k, 1, f, n * k, m, 1, f, n * k + k * m, m, false),
        flops,
      );
    }
    rows.push([
      label,
      dtype,
      inHeap?.toFixed(1) ?? "— (not whole kernel blocks)",
      viaGemm.toFixed(1),
    ]);
    console.log(
      JSON.stringify({
        gemm: label,
        dtype,
        kernelGflops: inHeap,
        gemmGflops: viaGemm,
      }),
    );
  }
}
console.log(
  "\n| shape | dtype | kernel in heap, GFLOP/s | gemm() with copies, GFLOP/s |\n|---|---|---|---|",
);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);

import { assertEquals, assertLess } from "@std/assert";
import { gemm, gemmPanels } from "./gemm.ts";
import { packPanels, panelWidth } from "./layout.ts";
import {
  heapAlloc,
  heapView,
  heapView32,
  useWasmKernels,
  wasmKernels,
  wasmVariantAvailable,
} from "./wasm.ts";

/** The product by its definition, element by element, in float64. */
function naive(
  n: number,
  k: number,
  m: number,
  a: ArrayLike<number>,
  ars: number,
  acs: number,
  b: ArrayLike<number>,
  brs: number,
  bcs: number,
): Float64Array {
  const c = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        s += a[i * ars + p * acs] * b[p * brs + j * bcs];
      }
      c[i * m + j] = s;
    }
  }
  return c;
}

const values64 = (len: number, seed: number) =>
  Float64Array.from({ length: len }, (_, i) => Math.sin(seed * 7.3 + i * 1.7));
const values32 = (len: number, seed: number) =>
  Float32Array.from(values64(len, seed));

const SHAPES = [
  [1, 1, 1],
  [3, 5, 1],
  [1, 7, 6],
  [5, 1, 4],
  [13, 9, 11],
  [32, 40, 36],
  [64, 33, 5],
  // k over both precisions' pass depth, m over several panels.
  [12, 150, 37],
];

function checkAll(label: string, single = false) {
  const values = single ? values32 : values64;
  const tol = single ? 2e-4 : 1e-12;
  for (const [n, k, m] of SHAPES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = values(n * k, n), b = values(k * m, m);
        const [ars, acs] = transA ? [1, n] : [k, 1];
        const [brs, bcs] = transB ? [1, k] : [m, 1];
        const want = naive(n, k, m, a, ars, acs, b, brs, bcs);
        const c = values(n * m, 3);
        const base = c.slice();
        gemm(n, k, m, a, 0, ars, acs, b, 0, brs, bcs, c, 0, m, true);
        want.forEach((v, i) =>
          assertLess(
            Math.abs(c[i] - base[i] - v),
            tol,
            `${label} ${n}×${k}×${m} ${transA} ${transB}`,
          )
        );
        gemm(n, k, m, a, 0, ars, acs, b, 0, brs, bcs, c, 0, m, false);
        want.forEach((v, i) => assertLess(Math.abs(c[i] - v), tol, label));
      }
    }
  }
}

Deno.test("gemm equals the definition for plain and transposed operands, overwriting and accumulating", () => {
  checkAll(wasmKernels() ? "WebAssembly where worth it" : "JavaScript");
});

Deno.test("gemm's plain JavaScript loops equal the definition too", () => {
  const before = useWasmKernels(false);
  try {
    checkAll("JavaScript");
  } finally {
    useWasmKernels(before);
  }
});

Deno.test("gemm takes any strides and a C with padded rows", () => {
  const a = values64(40, 1), b = values64(60, 2);
  // A: every other element of a 4×10 block; B: rows 6 apart, columns 2 apart.
  const want = naive(4, 5, 3, a, 10, 2, b, 6, 2);
  const c = new Float64Array(4 * 8).fill(7);
  gemm(4, 5, 3, a, 0, 10, 2, b, 0, 6, 2, c, 0, 8, false);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 8; j++) {
      if (j < 3) assertLess(Math.abs(c[i * 8 + j] - want[i * 3 + j]), 1e-12);
      else assertEquals(c[i * 8 + j], 7);
    }
  }
});

Deno.test(
  "gemm runs operands that live in the WebAssembly heap in place",
  { ignore: wasmKernels() === null },
  () => {
    const [n, k, m] = [8, 6, 12];
    const base = heapAlloc((n * k + k * m + n * m) * 8).start / 8;
    const f = heapView().subarray(base);
    const a = values64(n * k, 1), b = values64(k * m, 2);
    f.set(a, 0);
    f.set(b, n * k);
    gemm(n, k, m, f, 0, k, 1, f, n * k, m, 1, f, n * k + k * m, m, false);
    const want = naive(n, k, m, a, k, 1, b, m, 1);
    want.forEach((v, i) =>
      assertLess(Math.abs(f[n * k + k * m + i] - v), 1e-12)
    );
  },
);

Deno.test("gemm in float32 (the float32 kernel, 8-wide blocks) equals the definition to float32 rounding", () => {
  checkAll("float32", true);
});

for (const variant of ["relaxed", "plain"] as const) {
  Deno.test({
    name: `the ${variant} build of the kernels (${
      variant === "relaxed" ? "fused multiply-adds" : "multiply then add"
    }) computes gemm in both precisions`,
    ignore: !wasmVariantAvailable(variant),
    fn() {
      const before = useWasmKernels(variant);
      try {
        checkAll(variant);
        checkAll(variant, true);
        const [n, k, m] = [12, 300, 16];
        const at = heapAlloc((n * k + k * m + n * m) * 4).start / 4;
        const f = heapView32().subarray(at);
        const a = values32(n * k, 1), b = values32(k * m, 2);
        f.set(a, 0);
        f.set(b, n * k);
        gemm(n, k, m, f, 0, k, 1, f, n * k, m, 1, f, n * k + k * m, m, false);
        const want = naive(n, k, m, a, k, 1, b, m, 1);
        want.forEach((v, i) =>
          assertLess(Math.abs(f[n * k + k * m + i] - v), 2e-4)
        );
      } finally {
        useWasmKernels(before);
      }
    },
  });
}

Deno.test("gemmPanels on B packed in panels equals the definition, in the heap and out, both precisions, B read plain or transposed", () => {
  for (const single of [false, true]) {
    const values = single ? values32 : values64;
    const tol = single ? 2e-4 : 1e-12;
    for (const [n, k, m] of [[4, 3, 8], [8, 150, 24], [12, 70, 16]]) {
      for (const transB of [false, true]) {
        const a = values(n * k, 1), b = values(k * m, 2);
        const [brs, bcs] = transB ? [1, k] : [m, 1];
        const want = naive(n, k, m, a, k, 1, b, brs, bcs);
        const placements = [false, wasmKernels() !== null];
        for (const heap of placements) {
          const size = n * k + k * m + n * m;
          const es = single ? 4 : 8;
          const base = heap ? heapAlloc(size * es).start / es : 0;
          const f = heap
            ? (single ? heapView32() : heapView()).subarray(base, base + size)
            : (single ? new Float32Array(size) : new Float64Array(size));
          assertEquals(m % panelWidth(f), 0);
          f.set(a, 0);
          packPanels(b, 0, brs, bcs, k, m, f, n * k);
          gemmPanels(n, k, m, f, 0, k, 1, f, n * k, f, n * k + k * m, m, false);
          want.forEach((v, i) =>
            assertLess(
              Math.abs(f[n * k + k * m + i] - v),
              tol,
              `${n}×${k}×${m} heap ${heap} transB ${transB}`,
            )
          );
        }
      }
    }
  }
});

import { assertEquals, assertLess } from "@std/assert";
import {
  fastExp,
  fastSigmoid,
  fastTanh,
  sigmoidInPlace,
  tanhBackward,
  tanhGrad,
  tanhInPlace,
} from "./activations.ts";
import {
  heapAlloc,
  heapView,
  heapView32,
  useWasmKernels,
  wasmKernels,
  wasmVariantAvailable,
} from "./wasm.ts";

const xs = Array.from({ length: 2001 }, (_, i) => (i - 1000) / 40);

Deno.test("fastExp, fastTanh and fastSigmoid stay within a few ulp of Math's (measured: 5 ulp, 1.7e-16, 1.1e-16)", () => {
  for (const x of xs) {
    assertLess(Math.abs(fastExp(x) / Math.exp(x) - 1), 2e-15, `exp(${x})`);
    assertLess(Math.abs(fastTanh(x) - Math.tanh(x)), 4e-16, `tanh(${x})`);
    assertLess(
      Math.abs(fastSigmoid(x) - 1 / (1 + Math.exp(-x))),
      4e-16,
      `σ(${x})`,
    );
  }
});

Deno.test(
  "tanhInPlace and sigmoidInPlace in the WebAssembly heap equal the scalar versions, odd lengths included",
  { ignore: wasmKernels() === null },
  () => {
    const n = xs.length; // odd
    const base = heapAlloc(2 * n * 8).start / 8;
    const f = heapView().subarray(base);
    f.set(xs, 0);
    f.set(xs, n);
    tanhInPlace(f, 0, n);
    sigmoidInPlace(f, n, n);
    xs.forEach((x, i) => {
      assertLess(Math.abs(f[i] - fastTanh(x)), 1e-15, `tanh(${x})`);
      assertLess(Math.abs(f[n + i] - fastSigmoid(x)), 1e-15, `σ(${x})`);
    });
  },
);

Deno.test("tanhInPlace and sigmoidInPlace on a plain array use the scalar versions", () => {
  const f = Float64Array.from(xs);
  tanhInPlace(f, 0, f.length);
  xs.forEach((x, i) => assertLess(Math.abs(f[i] - Math.tanh(x)), 4e-16));
  const g = Float64Array.from(xs);
  sigmoidInPlace(g, 0, g.length);
  xs.forEach((x, i) =>
    assertLess(Math.abs(g[i] - 1 / (1 + Math.exp(-x))), 4e-16)
  );
});

for (const variant of ["relaxed", "plain"] as const) {
  Deno.test({
    name:
      `the ${variant} build's float32 tanh and sigmoid are within float32 rounding of the exact values`,
    ignore: !wasmVariantAvailable(variant),
    fn() {
      const before = useWasmKernels(variant);
      try {
        const n = xs.length;
        const at = heapAlloc(2 * n * 4).start / 4;
        const f = heapView32().subarray(at);
        f.set(xs, 0);
        f.set(xs, n);
        tanhInPlace(f, 0, n);
        sigmoidInPlace(f, n, n);
        xs.forEach((x, i) => {
          assertLess(Math.abs(f[i] - Math.tanh(x)), 3e-7, `tanh(${x})`);
          assertLess(
            Math.abs(f[n + i] - 1 / (1 + Math.exp(-x))),
            3e-7,
            `σ(${x})`,
          );
        });
        const gAt = heapAlloc(n * 8).start / 8;
        const g = heapView().subarray(gAt);
        g.set(xs, 0);
        tanhInPlace(g, 0, n);
        xs.forEach((x, i) => assertLess(Math.abs(g[i] - Math.tanh(x)), 1e-15));
      } finally {
        useWasmKernels(before);
      }
    },
  });
}

Deno.test(
  "tanhBackward in the WebAssembly heap equals dh · tanhGrad(y): bit for bit in float64, to float32 rounding in float32 (each operation rounded), odd lengths included",
  { ignore: wasmKernels() === null },
  () => {
    const n = 37;
    const dh = Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
    const y = Array.from({ length: n }, (_, i) => Math.cos(i * 1.3));
    for (const single of [false, true]) {
      const es = single ? 4 : 8;
      const base = heapAlloc(3 * n * es).start / es;
      const f = (single ? heapView32() : heapView()).subarray(base);
      f.set(dh, 0);
      f.set(y, n);
      tanhBackward(f, 2 * n, 0, n, n);
      for (let i = 0; i < n; i++) {
        const r = Math.fround, yi = f[n + i];
        const want = single ? r(f[i] * r(1 - r(yi * yi))) : f[i] * tanhGrad(yi);
        assertEquals(f[2 * n + i], want, `${single ? "f32" : "f64"} ${i}`);
      }
    }
  },
);

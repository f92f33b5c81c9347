import { assert, assertEquals, assertThrows } from "@std/assert";
import { clipGradNorm } from "./clip_grad_norm.ts";
import { tensor } from "../tensor/creation.ts";

function withGrad(values: number[]) {
  const p = tensor(values.map(() => 0), { requiresGrad: true });
  p.grad = tensor(values);
  return p;
}

Deno.test("clipGradNorm leaves gradients under the limit alone and scales larger ones to it", () => {
  const small = withGrad([0.3, 0.4]);
  assertEquals(clipGradNorm([small], 1), 0.5);
  assertEquals(Array.from(small.grad!.data), [0.3, 0.4]);
  const big = withGrad([3, 4]);
  assertEquals(clipGradNorm([big], 1), 5);
  const norm = Math.hypot(...big.grad!.data);
  assert(Math.abs(norm - 1) < 1e-6, `${norm}`);
});

Deno.test("clipGradNorm with a NaN gradient scales every gradient by NaN, as torch does", () => {
  const a = withGrad([NaN, 1]);
  const b = withGrad([2]);
  assert(Number.isNaN(clipGradNorm([a, b], 1)));
  assert([...a.grad!.data, ...b.grad!.data].every(Number.isNaN));
});

Deno.test("clipGradNorm with errorIfNonfinite throws on a NaN or infinite norm and changes nothing", () => {
  for (const bad of [NaN, Infinity]) {
    const a = withGrad([bad, 1]);
    assertThrows(
      () => clipGradNorm([a], 1, { errorIfNonfinite: true }),
      RangeError,
      "is non-finite",
    );
    assertEquals(a.grad!.data[1], 1);
  }
});

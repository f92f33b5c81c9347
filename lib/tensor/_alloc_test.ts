import { assert, assertEquals } from "@std/assert";
import {
  allocFloat32,
  allocFloat64,
  allocInt32,
  copyStorage,
} from "./_alloc.ts";

Deno.test("small arrays from the allocator are zero-filled and never overlap, across many slabs", () => {
  const arrays: (Float64Array | Float32Array | Int32Array)[] = [];
  for (let k = 0; k < 3000; k++) {
    const n = (k * 7) % 40;
    const a = k % 3 === 0
      ? allocFloat64(n)
      : k % 3 === 1
      ? allocFloat32(n)
      : allocInt32(n);
    assertEquals(a.length, n);
    assert(a.every((v) => v === 0), `array ${k} is not zero-filled`);
    a.fill(k + 1);
    arrays.push(a);
  }
  arrays.forEach((a, k) =>
    assert(a.every((v) => v === k + 1), `array ${k} was overwritten`)
  );
});

Deno.test("large arrays from the allocator get their own buffer", () => {
  const a = allocFloat64(1000);
  assertEquals(a.length, 1000);
  assertEquals(a.byteOffset, 0);
  assertEquals(a.buffer.byteLength, 8000);
});

Deno.test("copyStorage copies values and keeps the element type", () => {
  for (const n of [0, 3, 100, 2000]) {
    const src = Float32Array.from({ length: n }, (_, i) => i / 3);
    const copy = copyStorage(src);
    assert(copy instanceof Float32Array);
    assertEquals(copy, src);
    if (n > 0) {
      copy[0] = 42;
      assertEquals(src[0], 0);
    }
  }
});

Deno.test("a kept small array pins a slab of a few dozen arrays of its size, not a large shared one", () => {
  for (let k = 0; k < 100; k++) allocFloat64(10); // other sizes in between
  const scalar = allocFloat64(1);
  assert(scalar.buffer.byteLength <= 128 * 8, `${scalar.buffer.byteLength}`);
  const row = allocFloat32(10);
  assert(row.buffer.byteLength <= 128 * 64, `${row.buffer.byteLength}`);
});

Deno.test("empty arrays from the allocator have length 0", () => {
  assertEquals(allocFloat64(0).length, 0);
  assertEquals(allocFloat32(0).length, 0);
  assertEquals(allocInt32(0).length, 0);
});

import { assertEquals, assertThrows } from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import { slidingWindows } from "./windows.ts";

// Row t is [t, 100 + t, 200 + t].
const series = (n: number) => {
  const d = new Float64Array(n * 3);
  for (let t = 0; t < n; t++) d.set([t, 100 + t, 200 + t], 3 * t);
  return new Tensor(d, [n, 3]);
};

Deno.test("slidingWindows() makes x = data[i : i + window] and y = data[i + window, target]", () => {
  const { x, y } = slidingWindows(series(10), 4, { targetColumn: 1 });
  assertEquals(x.shape, [6, 4, 3]);
  assertEquals(y.shape, [6, 1]);
  for (let i = 0; i < 6; i++) {
    for (let s = 0; s < 4; s++) {
      assertEquals(
        Array.from(x.data.subarray((i * 4 + s) * 3, (i * 4 + s + 1) * 3)),
        [
          i + s,
          100 + i + s,
          200 + i + s,
        ],
      );
    }
    assertEquals(y.data[i], 100 + i + 4);
  }
});

Deno.test("slidingWindows() looks horizon steps past the window", () => {
  const { x, y } = slidingWindows(series(10), 4, {
    targetColumn: 2,
    horizon: 3,
  });
  assertEquals(x.shape, [4, 4, 3]);
  assertEquals(Array.from(y.data), [206, 207, 208, 209]);
});

Deno.test("slidingWindows() returns no windows when the series is too short", () => {
  const { x, y } = slidingWindows(series(4), 4, { targetColumn: 0 });
  assertEquals(x.shape, [0, 4, 3]);
  assertEquals(y.shape, [0, 1]);
  assertEquals(slidingWindows(series(5), 4, { targetColumn: 0 }).y.data[0], 4);
});

Deno.test("slidingWindows() keeps float32 data float32", () => {
  const t = new Tensor(Float32Array.from(series(6).data), [6, 3]);
  const { x, y } = slidingWindows(t, 2, { targetColumn: 0 });
  assertEquals(x.dtype, "float32");
  assertEquals(y.dtype, "float32");
});

Deno.test("slidingWindows() rejects bad shapes, windows, horizons and target columns", () => {
  assertThrows(
    () =>
      slidingWindows(new Tensor(new Float64Array(4), [4]), 2, {
        targetColumn: 0,
      }),
    TypeError,
    "slidingWindows: expected data of shape [N, F], got shape [4]",
  );
  assertThrows(
    () => slidingWindows(series(5), 0, { targetColumn: 0 }),
    RangeError,
    "slidingWindows: window must be a positive integer, got 0",
  );
  assertThrows(
    () => slidingWindows(series(5), 2, { targetColumn: 0, horizon: 0 }),
    RangeError,
    "slidingWindows: horizon must be a positive integer, got 0",
  );
  assertThrows(
    () => slidingWindows(series(5), 2, { targetColumn: 3 }),
    RangeError,
    "slidingWindows: targetColumn must be an integer between 0 and 2 for data of shape [5, 3], got 3",
  );
});

import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { arange, detach, tensor } from "./creation.ts";
import { index, narrow, select, type Spec } from "./index.ts";
import { reshape } from "./reshape.ts";
import { type NestedArray, shapeSize, type Tensor } from "./tensor.ts";

/** A float64 leaf holding start, start + 1, ... in the given shape. */
function seq(start: number, ...shape: number[]): Tensor {
  return detach(reshape(arange(start, start + shapeSize(shape)), shape));
}

/** Python's `range(*slice.indices(size))` for a positive step, written out plainly. */
function sliceIndices(
  size: number,
  start: number | null,
  stop: number | null,
  step: number,
): number[] {
  const clamp = (v: number) =>
    Math.min(Math.max(v < 0 ? v + size : v, 0), size);
  const lo = start === null ? 0 : clamp(start);
  const hi = stop === null ? size : clamp(stop);
  const out: number[] = [];
  for (let i = lo; i < hi; i += step) out.push(i);
  return out;
}

/** Reference indexing over nested arrays, one dimension at a time. */
function naive(
  value: number | NestedArray,
  specs: Spec[],
): number | NestedArray {
  if (specs.length === 0) return value;
  const rows = value as NestedArray;
  const [spec, ...rest] = specs;
  if (typeof spec === "number") {
    return naive(rows[spec < 0 ? spec + rows.length : spec], rest);
  }
  let idx: number[];
  if (spec === null || spec === ":") {
    idx = sliceIndices(rows.length, null, null, 1);
  } else if (typeof spec === "string") {
    const [a, b, c] = spec.split(":").map((s) => s === "" ? null : Number(s));
    idx = sliceIndices(rows.length, a ?? null, b ?? null, c ?? 1);
  } else {
    idx = sliceIndices(
      rows.length,
      spec.start ?? null,
      spec.stop ?? null,
      spec.step ?? 1,
    );
  }
  return idx.map((i) => naive(rows[i], rest));
}

Deno.test("index() follows PyTorch on the labs' patterns", () => {
  const data = seq(0, 24, 2);
  assertEquals(index(data, ":", 1).shape, [24]);
  assertEquals(index(data, ":", 1).data[5], 11);
  assertEquals(index(data, "0:24").shape, [24, 2]);
  assertEquals(index(data, "3:5").tolist(), [[6, 7], [8, 9]]);
  assertEquals(index(data, -1).tolist(), [46, 47]);
  assertEquals(index(data, "-3:", 0).tolist(), [42, 44, 46]);
  assertEquals(index(data, "1:").shape, [23, 2]);
  assertEquals(index(data, null, -2).shape, [24]);
  assertEquals(index(data, { start: 2, stop: 4 }).tolist(), [[4, 5], [6, 7]]);
  assertEquals(index(data, 2, 1).shape, []);
  assertEquals(index(data, 2, 1).item(), 5);
  assertEquals(index(data).shape, [24, 2]);
});

Deno.test("index() matches a plain reference on many specs", () => {
  const x = seq(0, 3, 4, 5);
  const nested = x.tolist();
  const cases: Spec[][] = [
    [1],
    [-1, 2],
    [":", 3],
    [":", ":", 4],
    [null, -1, "1:4"],
    ["::2"],
    ["1:", "::3", "-2:"],
    ["0:3:2", 1, "1:5:2"],
    [{ start: -2 }, { step: 2 }, 0],
    ["5:9"],
    [":", "3:1"],
    ["-10:10", "-100:2"],
    [0, 0, 0],
  ];
  for (const specs of cases) {
    assertEquals(
      index(x, ...specs).tolist(),
      naive(nested, specs),
      JSON.stringify(specs),
    );
  }
});

Deno.test('index() expands "..." to as many ":" as needed', () => {
  const x = seq(0, 3, 4, 5);
  const pairs: [Spec[], Spec[]][] = [
    [["...", 1], [":", ":", 1]],
    [[1, "..."], [1]],
    [[1, "...", "2:"], [1, ":", "2:"]],
    [[0, "...", 1, 2], [0, 1, 2]],
  ];
  for (const [withEllipsis, expanded] of pairs) {
    assertEquals(
      index(x, ...withEllipsis).tolist(),
      index(x, ...expanded).tolist(),
    );
  }
});

Deno.test("index() rejects out-of-range indices naming dim and size", () => {
  const data = seq(0, 24, 2);
  assertThrows(
    () => index(data, 24),
    RangeError,
    "index 24 is out of bounds for dimension 0 with size 24",
  );
  assertThrows(
    () => index(data, ":", -3),
    RangeError,
    "index -3 is out of bounds for dimension 1 with size 2",
  );
  assertThrows(
    () => index(data, 0, 0, 0),
    RangeError,
    "index(): too many indices for tensor of dimension 2: got 3 indices for shape [24, 2]",
  );
  assertThrows(
    () => index(data, "::-1"),
    RangeError,
    'index(): slice step must be greater than zero, but got -1 in "::-1" for dimension 0',
  );
  assertThrows(
    () => index(data, "1:2:0"),
    RangeError,
    "slice step must be greater than zero, but got 0",
  );
});

Deno.test("index() rejects malformed specs", () => {
  const data = seq(0, 4, 2);
  for (const bad of ["a", "1", "1:2:3:4", "1.5:2"]) {
    assertThrows(
      () => index(data, bad),
      TypeError,
      `index(): cannot index with "${bad}"`,
    );
  }
  assertThrows(() => index(data, 1.5), TypeError, "cannot index with 1.5");
  assertThrows(
    () => index(data, { start: 0.5 }),
    TypeError,
    'cannot index with {"start":0.5}',
  );
  assertThrows(
    () => index(data, "...", "..."),
    TypeError,
    'an index can only have a single ellipsis ("...")',
  );
});

Deno.test("select() takes one entry of a dimension and removes it", () => {
  const x = seq(0, 2, 3);
  assertEquals(select(x, 0, 1).tolist(), [3, 4, 5]);
  assertEquals(select(x, 1, -1).tolist(), [2, 5]);
  assertEquals(select(x, -1, 0).tolist(), [0, 3]);
  assertThrows(
    () => select(x, 1, 3),
    RangeError,
    "index 3 is out of bounds for dimension 1 with size 3",
  );
  assertThrows(() => select(x, 2, 0), RangeError, "Dimension out of range");
});

Deno.test("narrow() takes consecutive entries of a dimension", () => {
  const x = seq(0, 2, 6);
  assertEquals(narrow(x, 1, 2, 3).tolist(), [[2, 3, 4], [8, 9, 10]]);
  assertEquals(narrow(x, -1, -2, 2).tolist(), [[4, 5], [10, 11]]);
  assertEquals(narrow(x, 0, 1, 0).shape, [0, 6]);
  assertThrows(
    () => narrow(x, 1, 5, 3),
    RangeError,
    "narrow(): start (5) + length (3) exceeds dimension size (6) of dimension 1",
  );
  assertThrows(
    () => narrow(x, 1, 7, 0),
    RangeError,
    "narrow(): start (7) is out of range for dimension 1 with size 6",
  );
});

Deno.test("index(), select() and narrow() scatter the gradient into zeros", () => {
  const x = seq(0.5, 3, 4, 5);
  const fns: ((a: Tensor) => Tensor)[] = [
    (a) => index(a, 1),
    (a) => index(a, ":", 2),
    (a) => index(a, "::2", "1:3", -1),
    (a) => index(a, "1:", null, "::2"),
    (a) => index(a, 2, 3, 4),
    (a) => select(a, 2, 1),
    (a) => narrow(a, 1, 1, 2),
  ];
  for (const f of fns) {
    const r = gradcheck(f, [x]);
    assert(r.maxRelativeError < 1e-6);
    // Entries outside the selection get exactly zero.
    assert(r.analytic[0].some((v) => v === 0));
  }
});

Deno.test("index() keeps float32 and copies its values", () => {
  const x = tensor([[1, 2], [3, 4]], { dtype: "float32" });
  const row = index(x, 0);
  assertEquals(row.dtype, "float32");
  row.data[0] = 9;
  assertEquals(x.data[0], 1);
});

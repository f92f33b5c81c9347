import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { add, div, maximum, minimum, mul, pow, sub } from "./binary.ts";
import { matmul, outer } from "./matmul.ts";
import {
  argmax,
  cumsum,
  max,
  mean,
  min,
  norm,
  std,
  sum,
  variance,
} from "./reduce.ts";
import {
  abs,
  clamp,
  exp,
  log,
  neg,
  relu,
  sigmoid,
  sqrt,
  square,
  tanh,
} from "./unary.ts";
import { Tensor } from "./tensor.ts";

/** Deterministic pseudo-random float64 tensor in [lo, hi). */
function rand(shape: number[], seed = 1, lo = -1, hi = 1): Tensor {
  let s = seed * 2654435761 % 4294967296;
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) % 4294967296;
    d[i] = lo + (hi - lo) * (s / 4294967296);
  }
  return new Tensor(d, shape);
}

const TOL = 1e-6;

Deno.test("binary ops broadcast like NumPy", () => {
  const a = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  const col = new Tensor(new Float64Array([10, 20]), [2, 1]);
  assertEquals(Array.from(add(a, col).data), [11, 12, 13, 24, 25, 26]);
  assertEquals(
    add(
      new Tensor(new Float64Array(4), [4, 1]),
      new Tensor(new Float64Array(3), [3]),
    ).shape,
    [4, 3],
  );
  assertEquals(add(new Tensor(new Float64Array(1), []), a).shape, [2, 3]);
  assertEquals(
    mul(
      new Tensor(new Float64Array(2 * 3), [2, 1, 3]),
      new Tensor(new Float64Array(4 * 1), [4, 1]),
    ).shape,
    [2, 4, 3],
  );
  assertEquals(sub(a, 1).data[0], 0);
  assertEquals(div(1, new Tensor(new Float64Array([4]), [1])).data[0], 0.25);
});

Deno.test("binary ops reject shapes that cannot broadcast, naming the dimension", () => {
  assertThrows(
    () =>
      add(
        new Tensor(new Float64Array(6), [2, 3]),
        new Tensor(new Float64Array(8), [2, 4]),
      ),
    RangeError,
    "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1",
  );
});

Deno.test("binary ops keep float32 with number operands and promote with float64", () => {
  const f = new Tensor(new Float32Array([1, 2]), [2]);
  assertEquals(mul(f, 2).dtype, "float32");
  assertEquals(
    add(f, new Tensor(new Float64Array([1, 1]), [2])).dtype,
    "float64",
  );
});

Deno.test("binary op gradients equal finite differences, with broadcasting", () => {
  const cases: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ["add", add],
    ["sub", sub],
    ["mul", mul],
    ["div", div],
    ["maximum", maximum],
    ["minimum", minimum],
  ];
  for (const [name, f] of cases) {
    const r = gradcheck(f, [rand([3, 4], 2), rand([4], 3, 0.5, 2)]);
    assert(r.maxRelativeError < TOL, `${name}: ${r.maxRelativeError}`);
    const r2 = gradcheck(f, [rand([2, 1, 3], 4), rand([4, 1], 5, 0.5, 2)]);
    assert(r2.maxRelativeError < TOL, `${name} 3-D: ${r2.maxRelativeError}`);
  }
  const rp = gradcheck(pow, [rand([5], 6, 0.5, 2), rand([5], 7)]);
  assert(rp.maxRelativeError < TOL, `pow: ${rp.maxRelativeError}`);
});

Deno.test("a tensor used twice gets the sum of both gradient paths", () => {
  const r = gradcheck((a) => mul(a, a), [rand([4], 8)]);
  assert(r.maxRelativeError < TOL);
  const r2 = gradcheck((a) => add(mul(a, 3), tanh(a)), [rand([4], 9)]);
  assert(r2.maxRelativeError < TOL);
});

Deno.test("unary ops compute values and gradients", () => {
  const x = new Tensor(new Float64Array([-2, -0.5, 0.5, 2]), [4]);
  assertEquals(Array.from(relu(x).data), [0, 0, 0.5, 2]);
  assertEquals(Array.from(abs(x).data), [2, 0.5, 0.5, 2]);
  assertEquals(Array.from(neg(x).data), [2, 0.5, -0.5, -2]);
  assertAlmostEquals(
    sigmoid(new Tensor(new Float64Array([-800]), [1])).item(),
    0,
  );
  assertEquals(Array.from(clamp(x, -1, 1).data), [-1, -0.5, 0.5, 1]);
  const ops: [string, (t: Tensor) => Tensor, number, number][] = [
    ["tanh", tanh, -2, 2],
    ["sigmoid", sigmoid, -3, 3],
    ["exp", exp, -1, 1],
    ["log", log, 0.5, 2],
    ["sqrt", sqrt, 0.5, 2],
    ["square", square, -2, 2],
    ["neg", neg, -1, 1],
    ["abs", abs, 0.1, 1],
    ["relu", relu, 0.1, 1],
    ["clamp", (t) => clamp(t, -0.5, 0.5), -0.4, 0.4],
  ];
  for (const [name, f, lo, hi] of ops) {
    const r = gradcheck(f, [rand([3, 2], 11, lo, hi)]);
    assert(r.maxRelativeError < TOL, `${name}: ${r.maxRelativeError}`);
  }
});

Deno.test("matmul handles vectors, matrices and broadcast batches", () => {
  const a = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  const b = new Tensor(new Float64Array([1, 0, 0, 1, 1, 1]), [3, 2]);
  assertEquals(Array.from(matmul(a, b).data), [4, 5, 10, 11]);
  assertEquals(matmul(new Tensor(new Float64Array([1, 1]), [2]), a).shape, [3]);
  assertEquals(matmul(a, new Tensor(new Float64Array([1, 1, 1]), [3])).shape, [
    2,
  ]);
  assertEquals(
    matmul(
      new Tensor(new Float64Array([1, 2]), [2]),
      new Tensor(new Float64Array([3, 4]), [2]),
    ).shape,
    [],
  );
  assertEquals(matmul(rand([5, 2, 3]), b).shape, [5, 2, 2]);
  assertEquals(matmul(rand([5, 1, 2, 3]), rand([4, 3, 7])).shape, [5, 4, 2, 7]);
  // batched result equals per-batch products
  const x = rand([3, 2, 4], 5), y = rand([3, 4, 2], 6);
  const z = matmul(x, y);
  for (let t = 0; t < 3; t++) {
    const xt = new Tensor(x.data.slice(t * 8, t * 8 + 8), [2, 4]);
    const yt = new Tensor(y.data.slice(t * 8, t * 8 + 8), [4, 2]);
    assertEquals(
      Array.from(matmul(xt, yt).data),
      Array.from(z.data.slice(t * 4, t * 4 + 4)),
    );
  }
});

Deno.test("matmul errors name both shapes like PyTorch", () => {
  assertThrows(
    () =>
      matmul(
        new Tensor(new Float64Array(24 * 6), [24, 6]),
        new Tensor(new Float64Array(60), [10, 6]),
      ),
    RangeError,
    "matmul: shapes (24x6) and (10x6) cannot be multiplied",
  );
  assertThrows(
    () => matmul(new Tensor(new Float64Array(1), []), rand([2])),
    TypeError,
  );
});

Deno.test("matmul and outer gradients equal finite differences", () => {
  const shapes: [number[], number[]][] = [
    [[3, 4], [4, 2]],
    [[4], [4, 2]],
    [[3, 4], [4]],
    [[4], [4]],
    [[2, 3, 4], [4, 5]],
    [[2, 3, 4], [2, 4, 5]],
    [[2, 1, 3, 4], [3, 4, 2]],
  ];
  for (const [sa, sb] of shapes) {
    const r = gradcheck(matmul, [rand(sa, 1), rand(sb, 2)]);
    assert(r.maxRelativeError < TOL, `${sa} @ ${sb}: ${r.maxRelativeError}`);
  }
  assert(gradcheck(outer, [rand([3], 3), rand([2], 4)]).maxRelativeError < TOL);
});

Deno.test("reductions match known values", () => {
  const x = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  assertEquals(Array.from(sum(x, [0, 1]).data), [21]);
  assertEquals(sum(x, -1, true).shape, [2, 1]);
  assertEquals(Array.from(mean(x, 0).data), [2.5, 3.5, 4.5]);
  // torch.std(torch.tensor([2., 4, 4, 4, 5, 5, 7, 9])) = 2.1380899352993950
  const s = std(new Tensor(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]), [8]));
  assertAlmostEquals(s.item(), 2.138089935299395, 1e-15);
  assertAlmostEquals(
    std(
      new Tensor(new Float64Array([2, 4, 4, 4, 5, 5, 7, 9]), [8]),
      undefined,
      { correction: 0 },
    ).item(),
    2,
    1e-15,
  );
  // each column is {k, k + 3}: unbiased std = sqrt(4.5)
  for (const v of std(x, 0).data) assertAlmostEquals(v, Math.sqrt(4.5), 1e-15);
  assertEquals(Array.from(variance(x, 1).data), [1, 1]);
  assertEquals(Array.from(max(x, 1).data), [3, 6]);
  assertEquals(Array.from(min(x, 0).data), [1, 2, 3]);
  assertEquals(argmax(x).item(), 5);
  assertEquals(Array.from(norm(x, 2, 1).data), [Math.sqrt(14), Math.sqrt(77)]);
  assertEquals(Array.from(cumsum(x, 1).data), [1, 3, 6, 4, 9, 15]);
  assertEquals(Array.from(cumsum(x, 0).data), [1, 2, 3, 5, 7, 9]);
  assert(
    Number.isNaN(max(new Tensor(new Float64Array([1, NaN, 3]), [3])).item()),
  );
  assertThrows(
    () => sum(x, 2),
    RangeError,
    "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
  );
});

Deno.test("reduction gradients equal finite differences", () => {
  const x = () => rand([3, 4, 2], 21);
  const fs: [string, (t: Tensor) => Tensor][] = [
    ["sum", (t) => sum(t)],
    ["sum0", (t) => sum(t, 0)],
    ["sum02", (t) => sum(t, [0, 2], true)],
    ["mean", (t) => mean(t, 1)],
    ["var", (t) => variance(t, 2)],
    ["std", (t) => std(t, 0)],
    ["stdall", (t) => std(t)],
    ["max", (t) => max(t, 1)],
    ["min", (t) => min(t)],
    ["norm", (t) => norm(t, 2, -1)],
    ["norm3", (t) => norm(t, 3)],
    ["cumsum", (t) => cumsum(t, 1)],
  ];
  for (const [name, f] of fs) {
    const r = gradcheck(f, [x()]);
    assert(r.maxRelativeError < TOL, `${name}: ${r.maxRelativeError}`);
  }
});

Deno.test("matmul refuses operands of two dtypes, naming both", () => {
  const a = new Tensor(new Float32Array([1, 2]), [1, 2]);
  const b = new Tensor(new Float64Array([1, 2]), [2, 1]);
  assertThrows(
    () => matmul(a, b),
    TypeError,
    "got float32 [1, 2] and float64 [2, 1]",
  );
});

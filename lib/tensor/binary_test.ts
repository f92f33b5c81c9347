import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { add, div, pow, sub } from "./binary.ts";
import { Tensor } from "./tensor.ts";

function seq(shape: number[], seed: number, dtype = "float64"): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = 0.5 + Math.abs(Math.sin(seed * 7 + i));
  return new Tensor(d, shape);
}

/** `a - b` by NumPy's rules written out with index arithmetic (reference). */
function naiveSub(a: Tensor, b: Tensor, shape: number[]): number[] {
  const out: number[] = [];
  const n = shape.reduce((x, y) => x * y, 1);
  const offset = (t: Tensor, i: number) => {
    let off = 0, stride = 1, rest = i;
    const lead = shape.length - t.shape.length;
    const coords = shape.map(() => 0);
    for (let d = shape.length - 1; d >= 0; d--) {
      coords[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    for (let d = t.shape.length - 1; d >= 0; d--) {
      if (t.shape[d] !== 1) off += coords[lead + d] * stride;
      stride *= t.shape[d];
    }
    return off;
  };
  for (let i = 0; i < n; i++) {
    out.push(a.data[offset(a, i)] - b.data[offset(b, i)]);
  }
  return out;
}

Deno.test("binary ops on repeated operands (scalars, trailing blocks, leading 1s) match index arithmetic", () => {
  const cases: [number[], number[], number[]][] = [
    [[4, 3], [3], [4, 3]],
    [[3], [4, 3], [4, 3]],
    [[4, 3], [], [4, 3]],
    [[], [4, 3], [4, 3]],
    [[2, 3], [1], [2, 3]],
    [[4, 3], [1, 3], [4, 3]],
    [[1, 3], [2, 4, 3], [2, 4, 3]],
    [[2, 4, 3], [4, 3], [2, 4, 3]],
    [[4, 1], [3], [4, 3]],
    [[1, 1], [3], [1, 3]],
    [[0, 3], [3], [0, 3]],
  ];
  for (const [sa, sb, so] of cases) {
    const a = seq(sa, 1), b = seq(sb, 2);
    const r = sub(a, b);
    assertEquals(r.shape, so, `${sa} - ${sb}`);
    assertEquals(Array.from(r.data), naiveSub(a, b, so), `${sa} - ${sb}`);
  }
});

Deno.test("binary ops give a result whose shape array is its own", () => {
  const a = seq([2, 3], 1);
  const r = add(a, 1);
  r.shape[0] = 7;
  assertEquals(a.shape, [2, 3]);
});

Deno.test("binary ops round a number operand to float32 for a float32 tensor, as PyTorch does", () => {
  const f = seq([5], 3, "float32");
  const r = div(f, 0.1);
  assert(r.data instanceof Float32Array);
  for (let i = 0; i < 5; i++) {
    assertEquals(r.data[i], Math.fround(f.data[i] / Math.fround(0.1)));
  }
  const s = sub(1, f);
  for (let i = 0; i < 5; i++) {
    assertEquals(s.data[i], Math.fround(1 - f.data[i]));
  }
});

Deno.test("gradients reach repeated operands summed over their repetitions", () => {
  const pairs: [number[], number[]][] = [
    [[4, 3], [3]],
    [[3], [4, 3]],
    [[4, 3], []],
    [[], [4, 3]],
    [[4, 3], [1, 3]],
    [[2, 3], [1]],
  ];
  for (const [sa, sb] of pairs) {
    for (const f of [sub, div, pow]) {
      const r = gradcheck(f, [seq(sa, 4), seq(sb, 5)]);
      assert(
        r.maxRelativeError < 1e-6,
        `${f.name} ${sa}, ${sb}: ${r.maxRelativeError}`,
      );
    }
  }
});

Deno.test("a number operand joins the graph as a 0-d input only when the tensor requires grad", () => {
  const x = seq([3], 6);
  assertEquals(sub(x, 2).gradFn, null);
  x.requiresGrad = true;
  const y = sub(2, x);
  assertEquals(y.gradFn?.inputs.length, 2);
  assertEquals(y.gradFn?.inputs[0].shape, []);
  assertEquals(y.gradFn?.inputs[0].item(), 2);
  assertEquals(y.gradFn?.inputs[1], x);
});

Deno.test("a non-number operand is refused whichever side it is on", () => {
  const x = seq([3], 7);
  for (const bad of [null, "2", undefined]) {
    assertThrows(
      () => add(x, bad as unknown as number),
      TypeError,
      "expected a Tensor or a number",
    );
    assertThrows(
      () => add(bad as unknown as number, x),
      TypeError,
      "expected a Tensor or a number",
    );
  }
});

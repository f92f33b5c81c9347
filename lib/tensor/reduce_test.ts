import { assertEquals } from "@std/assert";
import { max, mean, sum } from "./reduce.ts";
import { Tensor } from "./tensor.ts";

function seq(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = Math.sin(3 * i + 1);
  return new Tensor(d, shape);
}

/** Reduction of a [2, 3, 4] tensor along `dim` by explicit loops (reference). */
function naive(x: Tensor, dim: number, f: (v: number[]) => number): number[] {
  const [a, b, c] = x.shape;
  const at = (i: number, j: number, k: number) => x.data[(i * b + j) * c + k];
  const out: number[] = [];
  if (dim === 0) {
    for (let j = 0; j < b; j++) {
      for (let k = 0; k < c; k++) {
        out.push(f(Array.from({ length: a }, (_, i) => at(i, j, k))));
      }
    }
  } else if (dim === 1) {
    for (let i = 0; i < a; i++) {
      for (let k = 0; k < c; k++) {
        out.push(f(Array.from({ length: b }, (_, j) => at(i, j, k))));
      }
    }
  } else {
    for (let i = 0; i < a; i++) {
      for (let j = 0; j < b; j++) {
        out.push(f(Array.from({ length: c }, (_, k) => at(i, j, k))));
      }
    }
  }
  return out;
}

const total = (v: number[]) => v.reduce((s, x) => s + x, 0);

Deno.test("sum, mean and max along each single dimension of a 3-D tensor match explicit loops", () => {
  const x = seq([2, 3, 4]);
  for (const dim of [0, 1, 2, -1]) {
    const d = dim < 0 ? dim + 3 : dim;
    assertEquals(Array.from(sum(x, dim).data), naive(x, d, total));
    assertEquals(
      Array.from(mean(x, dim).data),
      naive(x, d, (v) => total(v) / v.length),
    );
    assertEquals(
      Array.from(max(x, dim).data),
      naive(x, d, (v) => Math.max(...v)),
    );
  }
});

Deno.test("reducing a dimension of an empty tensor gives an empty or zero result", () => {
  assertEquals(sum(seq([0, 3]), 1).shape, [0]);
  assertEquals(Array.from(sum(seq([0, 3]), 0).data), [0, 0, 0]);
  assertEquals(mean(seq([3, 0]), 0).shape, [0]);
});

Deno.test("an empty list of dims reduces over every dim, as in PyTorch", () => {
  const x = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
  assertEquals(mean(x, []).shape, []);
  assertEquals(mean(x, []).item(), 3.5);
  assertEquals(sum(x, []).item(), 21);
  assertEquals(sum(x, [], true).shape, [1, 1]);
});

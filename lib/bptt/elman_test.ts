import { assert, assertEquals, assertThrows } from "@std/assert";
import { backward } from "../autograd/backward.ts";
import { gradcheck } from "../autograd/gradcheck.ts";
import { add, mul } from "../tensor/binary.ts";
import { matmul } from "../tensor/matmul.ts";
import { sum } from "../tensor/reduce.ts";
import { Tensor } from "../tensor/tensor.ts";
import { tanh } from "../tensor/unary.ts";
import { elmanBackward } from "./elman_backward.ts";
import { elmanForward } from "./elman_forward.ts";
import type { ElmanParams } from "./elman_params.ts";

function rand(shape: number[], seed: number, scale = 1): Tensor {
  let s = seed * 2654435761 % 4294967296;
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1664525 + 1013904223) % 4294967296;
    d[i] = scale * (2 * s / 4294967296 - 1);
  }
  return new Tensor(d, shape);
}

function params(
  D: number,
  H: number,
  O: number,
  biases: boolean,
  seed = 1,
): ElmanParams {
  return {
    U: rand([H, D], seed, 0.5),
    W: rand([H, H], seed + 1, 0.5),
    b: biases ? rand([H], seed + 2, 0.5) : null,
    V: rand([O, H], seed + 3, 0.5),
    c: biases ? rand([O], seed + 4, 0.5) : null,
  };
}

/** Σ_{n,t} dy[n,t]·y[n,t] built from autograd tensor ops, step by step (independent of the fused code). */
function autogradLoss(p: ElmanParams, x: Tensor, dy: Tensor): Tensor {
  const [B, T, D] = x.shape;
  const H = p.U.shape[0], O = p.V.shape[0];
  let total: Tensor = new Tensor(new Float64Array([0]), []);
  for (let n = 0; n < B; n++) {
    let h: Tensor | null = null;
    for (let t = 0; t < T; t++) {
      const xt = new Tensor(
        x.data.slice((n * T + t) * D, (n * T + t + 1) * D),
        [D],
      );
      let z = matmul(p.U, xt);
      if (h) z = add(z, matmul(p.W, h));
      if (p.b) z = add(z, p.b);
      h = tanh(z);
      let y = matmul(p.V, h);
      if (p.c) y = add(y, p.c);
      const g = new Tensor(
        dy.data.slice((n * T + t) * O, (n * T + t + 1) * O),
        [O],
      );
      total = add(total, sum(mul(y, g)));
    }
    assertEquals(h!.shape, [H]);
  }
  return total;
}

Deno.test("elmanBackward equals autograd on the same network, with and without biases", () => {
  for (const biases of [true, false]) {
    const p = params(3, 5, 2, biases);
    const x = rand([4, 6, 3], 9);
    const dy = rand([4, 6, 2], 10);
    const { h } = elmanForward(p, x);
    const g = elmanBackward(p, x, h, dy);
    const leaves = [p.U, p.W, p.V, ...(biases ? [p.b!, p.c!] : [])];
    for (const t of leaves) {
      t.requiresGrad = true;
      t.grad = null;
    }
    backward(autogradLoss(p, x, dy));
    const pairs: [string, Tensor | null, Tensor | null][] = [
      ["U", g.U, p.U.grad],
      ["W", g.W, p.W.grad],
      ["V", g.V, p.V.grad],
      ["b", g.b, biases ? p.b!.grad : null],
      ["c", g.c, biases ? p.c!.grad : null],
    ];
    for (const [name, ours, ref] of pairs) {
      if (ours === null || ref === null) {
        assertEquals(ours, ref, name);
        continue;
      }
      for (let i = 0; i < ours.data.length; i++) {
        assert(Math.abs(ours.data[i] - ref.data[i]) < 1e-12, `${name}[${i}]`);
      }
    }
    for (const t of leaves) t.requiresGrad = false;
  }
});

Deno.test("elmanBackward equals finite differences for a many-to-one loss", () => {
  const p = params(2, 4, 1, true, 5);
  const x = rand([3, 5, 2], 7);
  const dy = new Tensor(new Float64Array(3 * 5), [3, 5, 1]);
  for (let n = 0; n < 3; n++) dy.data[n * 5 + 4] = 1 + n;
  const { h } = elmanForward(p, x);
  const g = elmanBackward(p, x, h, dy);
  const f = (U: Tensor, W: Tensor, b: Tensor, V: Tensor, c: Tensor) =>
    autogradLoss({ U, W, b, V, c }, x, dy);
  const r = gradcheck(f, [p.U, p.W, p.b!, p.V, p.c!]);
  assert(r.maxRelativeError < 1e-7, String(r.maxRelativeError));
  const ours = [g.U, g.W, g.b!, g.V, g.c!];
  r.numeric.forEach((num, k) => {
    for (let i = 0; i < num.length; i++) {
      assert(
        Math.abs(num[i] - ours[k].data[i]) < 1e-7,
        `param ${k} element ${i}`,
      );
    }
  });
});

Deno.test("elmanForward accepts one (T, D) sequence and returns (T, H) and (T, O)", () => {
  const p = params(6, 10, 1, true);
  const { h, y } = elmanForward(p, rand([24, 6], 3));
  assertEquals(h.shape, [24, 10]);
  assertEquals(y.shape, [24, 1]);
  const batched = elmanForward(
    p,
    new Tensor(rand([24, 6], 3).data, [1, 24, 6]),
  );
  assertEquals(Array.from(batched.y.data), Array.from(y.data));
});

Deno.test("Elman RNN errors name the parameter and the shapes", () => {
  const p = params(6, 10, 1, true);
  assertThrows(
    () => elmanForward(p, rand([24, 7], 1)),
    TypeError,
    "input.size(-1) must be equal to the input size of U. Expected 6, got 7",
  );
  assertThrows(
    () => elmanForward({ ...p, W: rand([10, 9], 1) }, rand([24, 6], 1)),
    TypeError,
    "W must have shape [10, 10], got [10, 9]",
  );
  const { h } = elmanForward(p, rand([24, 6], 1));
  assertThrows(
    () => elmanBackward(p, rand([24, 6], 1), h, rand([23, 1], 1)),
    TypeError,
    "dy must have the shape of y",
  );
});

import { assert, assertEquals } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { RandomState } from "../random/random_state.ts";
import { Tensor } from "../tensor/tensor.ts";
import {
  type Nonlinearity,
  recurrenceBackward,
  recurrenceForward,
  type RecurrenceGrads,
  type RecurrenceSizes,
} from "./rnn_recurrence.ts";
import { rnnCell } from "./rnn_cell.ts";
import { select } from "../tensor/index.ts";
import { stack } from "../tensor/stack.ts";
import { sum } from "../tensor/reduce.ts";
import { mul } from "../tensor/binary.ts";
import { kernels } from "./_wasm.ts";

function randn(rs: RandomState, n: number, scale = 1): Float64Array {
  return Float64Array.from(rs.randn(n).data, (v) => scale * v);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertEquals(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const ALL = {
  x: true,
  h0: true,
  weightIh: true,
  weightHh: true,
  bias: true,
  states: true,
};

function run(
  sizes: RecurrenceSizes,
  act: Nonlinearity,
  withH0: boolean,
  withBias: boolean,
  simd: boolean,
  seed: number,
): { h: Float64Array; g: RecurrenceGrads } {
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  const rs = new RandomState(seed);
  const w = {
    weightIh: randn(rs, H * D, 0.5),
    weightHh: randn(rs, H * H, 0.5),
    bias: withBias ? randn(rs, H, 0.5) : null,
  };
  const x = randn(rs, B * T * D), h0 = withH0 ? randn(rs, B * H) : null;
  const dStates = randn(rs, B * T * H);
  const h = new Float64Array(B * T * H);
  recurrenceForward(sizes, w, x, h0, act, h, { simd });
  const g = recurrenceBackward(sizes, w, x, h0, h, dStates, act, ALL, {
    simd,
  });
  return { h, g };
}

Deno.test("recurrenceForward and recurrenceBackward give the same values on the SIMD and the JavaScript path, padded sizes included", () => {
  if (kernels === null) return;
  const shapes: RecurrenceSizes[] = [
    { batch: 4, steps: 3, input: 2, hidden: 8 },
    { batch: 3, steps: 5, input: 6, hidden: 10 },
    { batch: 1, steps: 7, input: 1, hidden: 5 },
    { batch: 6, steps: 2, input: 4, hidden: 3 },
  ];
  let seed = 1;
  for (const sizes of shapes) {
    for (const act of ["tanh", "relu", "identity"] as const) {
      for (const withH0 of [false, true]) {
        for (const withBias of [false, true]) {
          const a = run(sizes, act, withH0, withBias, true, seed);
          const b = run(sizes, act, withH0, withBias, false, seed++);
          const what = `${JSON.stringify(sizes)} ${act} h0=${withH0}`;
          assert(maxDiff(a.h, b.h) < 1e-13, `h ${what}`);
          for (const key of Object.keys(ALL) as (keyof RecurrenceGrads)[]) {
            const ga = a.g[key], gb = b.g[key];
            if (key === "h0" && !withH0) {
              assertEquals([ga, gb], [null, null]);
              continue;
            }
            assert(
              ga !== null && gb !== null && maxDiff(ga, gb) < 1e-12,
              `${key} ${what}`,
            );
          }
        }
      }
    }
  }
});

Deno.test("recurrenceBackward on the JavaScript path equals finite differences of the forward pass", () => {
  const sizes = { batch: 3, steps: 4, input: 2, hidden: 5 };
  const { batch: B, steps: T, input: D, hidden: H } = sizes;
  for (const act of ["tanh", "relu", "identity"] as const) {
    const rs = new RandomState(7);
    const leaf = (n: number, ...shape: number[]) =>
      new Tensor(randn(rs, n, 0.5), shape);
    const x = leaf(B * T * D, B, T, D), h0 = leaf(B * H, B, H);
    const wi = leaf(H * D, H, D), wh = leaf(H * H, H, H), b = leaf(H, H);
    const r = leaf(B * T * H, B, T, H);
    // The loss Σ r ⊙ h, through chained rnnCell steps (independent of the kernel).
    const loss = (...a: Tensor[]) => {
      const [x, h0, wi, wh, b] = a;
      let h = h0;
      const hs: Tensor[] = [];
      for (let t = 0; t < T; t++) {
        h = rnnCell(select(x, 1, t), h, wi, wh, b, null, act);
        hs.push(h);
      }
      return sum(mul(stack(hs, 1), r));
    };
    const { numeric } = gradcheck(loss, [x, h0, wi, wh, b]);
    const h = new Float64Array(B * T * H);
    const w = { weightIh: wi.data, weightHh: wh.data, bias: b.data };
    recurrenceForward(sizes, w, x.data, h0.data, act, h, { simd: false });
    const g = recurrenceBackward(
      sizes,
      w,
      x.data,
      h0.data,
      h,
      r.data,
      act,
      ALL,
      { simd: false },
    );
    const ours = [g.x!, g.h0!, g.weightIh!, g.weightHh!, g.bias!];
    ours.forEach((o, k) =>
      assert(maxDiff(o, numeric[k]) < 1e-7, `${act} input ${k}`)
    );
  }
});

Deno.test("recurrenceBackward returns null for gradients not asked for", () => {
  const sizes = { batch: 2, steps: 3, input: 1, hidden: 2 };
  const w = { weightIh: [1, 1], weightHh: [0, 0, 0, 0], bias: null };
  const h = new Float64Array(12);
  recurrenceForward(sizes, w, [1, 2, 3, 4, 5, 6], null, "tanh", h);
  const g = recurrenceBackward(
    sizes,
    w,
    [1, 2, 3, 4, 5, 6],
    null,
    h,
    new Float64Array(12).fill(1),
    "tanh",
    { weightIh: true, h0: true },
  );
  assertEquals(
    [g.x, g.h0, g.weightHh, g.bias, g.states],
    [null, null, null, null, null],
  );
  assertEquals(g.weightIh!.length, 2);
});

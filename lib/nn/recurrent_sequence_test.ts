import { assert, assertEquals, assertLess, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { useWasmKernels, wasmKernels } from "../kernels/wasm.ts";
import { Generator } from "../random/generator.ts";
import { zeros } from "../tensor/creation.ts";
import { narrow, select } from "../tensor/index.ts";
import { Tensor } from "../tensor/tensor.ts";
import "../tensor/methods.ts";
import type { CellSpec } from "./cell_spec.ts";
import { gruCellSpec } from "./gru_cell_spec.ts";
import { lstmCellSpec } from "./lstm_cell_spec.ts";
import { linear } from "./linear_op.ts";
import {
  type RecurrentLayerWeights,
  recurrentSequence,
} from "./recurrent_sequence.ts";
import { rnnCellSpec } from "./rnn_cell_spec.ts";

const SPECS: CellSpec[] = [
  rnnCellSpec("tanh"),
  rnnCellSpec("relu"),
  rnnCellSpec("identity"),
  lstmCellSpec,
  gruCellSpec,
];

function weights(
  g: Generator,
  spec: CellSpec,
  d: number,
  h: number,
  bias = true,
): RecurrentLayerWeights {
  const gh = spec.gates * h;
  const param = (t: Tensor) => new Tensor(t.data, t.shape, true);
  return {
    weightIh: param(g.randn([gh, d]).mul(0.5)),
    weightHh: param(g.randn([gh, h]).mul(0.5)),
    biasIh: bias ? param(g.randn([gh])) : null,
    biasHh: bias ? param(g.randn([gh])) : null,
  };
}

/**
 * One step of the cell written with ordinary tensor ops (the plain
 * reference loop of PyTorch's docs): `[h, c]`.
 */
function referenceStep(
  spec: CellSpec,
  x: Tensor,
  h: Tensor,
  c: Tensor,
  w: RecurrentLayerWeights,
): [Tensor, Tensor] {
  const gi = linear(x, w.weightIh, w.biasIh);
  const gh = linear(h, w.weightHh, w.biasHh);
  const H = h.shape[1];
  const block = (t: Tensor, q: number) => narrow(t, 1, q * H, H);
  if (spec.mode === "LSTM") {
    const z = gi.add(gh);
    const i = block(z, 0).sigmoid(), f = block(z, 1).sigmoid();
    const gg = block(z, 2).tanh(), o = block(z, 3).sigmoid();
    const c2 = f.mul(c).add(i.mul(gg));
    return [o.mul(c2.tanh()), c2];
  }
  if (spec.mode === "GRU") {
    const r = block(gi, 0).add(block(gh, 0)).sigmoid();
    const z = block(gi, 1).add(block(gh, 1)).sigmoid();
    const n = block(gi, 2).add(r.mul(block(gh, 2))).tanh();
    return [n.mul(z.neg().add(1)).add(z.mul(h)), c];
  }
  const z = gi.add(gh);
  const act = spec.mode === "RNN_TANH"
    ? z.tanh()
    : spec.mode === "RNN_RELU"
    ? z.relu()
    : z;
  return [act, c];
}

function maxDiff(a: Tensor, b: Tensor): number {
  assertEquals(a.shape, b.shape);
  let m = 0;
  a.data.forEach((v, i) => m = Math.max(m, Math.abs(v - b.data[i])));
  return m;
}

Deno.test("every cell passes gradcheck for every input, h0 and c0 included, padded sizes and not", () => {
  const g = new Generator(11);
  for (const spec of SPECS) {
    for (const [b, h] of [[3, 5], [4, 4]]) {
      const w = weights(g, spec, 2, h);
      const x = g.randn([b, 3, 2]), h0 = g.randn([b, h]), c0 = g.randn([b, h]);
      const r = g.randn(spec.hasCell ? [2, b, 3, h] : [b, 3, h]);
      const { maxRelativeError } = gradcheck(
        (xx, hh, cc, wi, wh, bi, bh) =>
          recurrentSequence(spec, xx, hh, spec.hasCell ? cc : null, {
            weightIh: wi,
            weightHh: wh,
            biasIh: bi,
            biasHh: bh,
          }).mul(r).sum(),
        [x, h0, c0, w.weightIh, w.weightHh, w.biasIh!, w.biasHh!],
      );
      assertLess(maxRelativeError, 1e-6, `${spec.mode} B=${b} H=${h}`);
    }
  }
});

Deno.test("every cell equals its plain reference loop of tensor ops, hList-style step gradients included", () => {
  const g = new Generator(12);
  for (const spec of SPECS) {
    const [B, T, D, H] = [6, 5, 3, 7];
    const w = weights(g, spec, D, H);
    const x = g.randn([B, T, D]), r = g.randn([B, T, H]);
    const steps: Tensor[] = [];
    const all = recurrentSequence(spec, x, null, null, w, steps);
    const out = spec.hasCell ? select(all, 0, 0) : all;
    for (const s of steps) s.retainGrad();
    out.mul(r).sum().backward();
    const fusedGrads = [w.weightIh, w.weightHh, w.biasIh!, w.biasHh!].map((p) =>
      p.grad!
    );
    for (const p of [w.weightIh, w.weightHh, w.biasIh!, w.biasHh!]) {
      p.grad = null;
    }
    let h = zeros(B, H), c = zeros(B, H);
    const hs: Tensor[] = [];
    for (let t = 0; t < T; t++) {
      [h, c] = referenceStep(spec, select(x, 1, t), h, c, w);
      hs.push(h.retainGrad());
    }
    const ref = hs.map((v) => v.unsqueeze(1));
    let loss = ref[0].mul(narrow(r, 1, 0, 1)).sum();
    for (let t = 1; t < T; t++) {
      loss = loss.add(ref[t].mul(narrow(r, 1, t, 1)).sum());
    }
    loss.backward();
    for (let t = 0; t < T; t++) {
      assertLess(maxDiff(steps[t], hs[t]), 1e-12, `${spec.mode} h_${t + 1}`);
      assertLess(
        maxDiff(steps[t].grad!, hs[t].grad!),
        1e-12,
        `${spec.mode} dL/dh_${t + 1}`,
      );
    }
    [w.weightIh, w.weightHh, w.biasIh!, w.biasHh!].forEach((p, i) =>
      assertLess(
        maxDiff(fusedGrads[i], p.grad!),
        1e-11,
        `${spec.mode} grad ${i}`,
      )
    );
  }
});

Deno.test(
  "float64: the WebAssembly path equals the plain JavaScript path to 1e-12 relative, not bit for bit (fused multiply-adds and blocked sums round differently); lab numbers are checked within the labs' tolerances",
  { ignore: wasmKernels() === null },
  () => {
    const g = new Generator(13);
    for (const spec of SPECS) {
      const w = weights(g, spec, 9, 37);
      const x = g.randn([33, 12, 9]), r = g.randn([33, 12, 37]);
      const run = () => {
        for (const p of Object.values(w)) p.grad = null;
        const all = recurrentSequence(spec, x, null, null, w);
        const out = spec.hasCell ? select(all, 0, 0) : all;
        out.mul(r).sum().backward();
        return [out, w.weightIh.grad!, w.weightHh.grad!, w.biasHh!.grad!];
      };
      const fast = run();
      const before = useWasmKernels(false);
      let plain: Tensor[];
      try {
        plain = run();
      } finally {
        useWasmKernels(before);
      }
      // Relative to the largest value: the linear RNN grows over 12 steps.
      fast.forEach((t, i) => {
        const scale = Math.max(...plain[i].data.map(Math.abs));
        assertLess(
          maxDiff(t, plain[i]) / scale,
          1e-12,
          `${spec.mode} result ${i}`,
        );
      });
    }
  },
);

Deno.test("recurrentSequence names mismatched shapes and dtypes", () => {
  const g = new Generator(1);
  const w = weights(g, lstmCellSpec, 2, 3);
  assertThrows(
    () => recurrentSequence(lstmCellSpec, g.randn([4, 5, 3]), null, null, w),
    TypeError,
    "LSTM layer: shapes do not fit input [4, 5, 3] (B, T, D) and 4 gates · H = 3 hidden units: weightIh [12, 2] should be [12, 3]",
  );
  assertThrows(
    () =>
      recurrentSequence(
        lstmCellSpec,
        g.randn([4, 5, 2]),
        g.randn([4, 2]),
        null,
        w,
      ),
    TypeError,
    "h0 [4, 2] should be [4, 3]",
  );
  assertThrows(
    () =>
      recurrentSequence(
        lstmCellSpec,
        g.randn([4, 5, 2], { dtype: "float32" }),
        null,
        null,
        w,
      ),
    TypeError,
    "expected all tensors to have the same dtype, got input float32 [4, 5, 2] and weightIh float64 [12, 2]",
  );
  assertThrows(
    () => recurrentSequence(lstmCellSpec, g.randn([4, 0, 2]), null, null, w),
    RangeError,
    "seq_len must be at least 1, got 0",
  );
});

Deno.test("a float32 layer computes in float32 storage and stays within float32 rounding of float64", () => {
  const g = new Generator(14);
  for (const spec of SPECS) {
    const w = weights(g, spec, 3, 8);
    const w32 = Object.fromEntries(
      Object.entries(w).map((
        [k, v],
      ) => [k, v === null ? null : v.to("float32")]),
    ) as unknown as RecurrentLayerWeights;
    const x = g.randn([4, 6, 3]);
    const a = recurrentSequence(spec, x, null, null, w);
    const b = recurrentSequence(spec, x.to("float32"), null, null, w32);
    assertEquals(b.dtype, "float32");
    assert(maxDiff(a, b) < 1e-5, `${spec.mode}`);
  }
});

import { assertEquals, assertLess } from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import { Adam } from "./adam.ts";

interface Json {
  shape: number[];
  data: number[];
}
interface Run {
  lr?: number;
  betas?: [number, number];
  eps?: number;
  weightDecay?: number;
  start: Json;
  grads: Json[];
  params: Json[];
}

// Written by tools/fixtures/torch_nn.py with torch.optim.Adam (float64).
const fixture = JSON.parse(
  Deno.readTextFileSync(new URL("./testdata/torch_adam.json", import.meta.url)),
) as { custom: Run; defaults: Run };

const toTensor = (j: Json, requiresGrad = false) =>
  new Tensor(Float64Array.from(j.data), j.shape, requiresGrad);

Deno.test("Adam follows torch.optim.Adam step by step (custom options and defaults)", () => {
  for (const run of [fixture.custom, fixture.defaults]) {
    const p = toTensor(run.start, true);
    const opt = run.lr === undefined ? new Adam([p]) : new Adam([p], {
      lr: run.lr,
      betas: run.betas,
      eps: run.eps,
      weightDecay: run.weightDecay,
    });
    run.grads.forEach((g, i) => {
      opt.zeroGrad();
      p.grad = toTensor(g);
      opt.step();
      assertEquals(p.shape, run.params[i].shape);
      p.data.forEach((v, j) =>
        assertLess(Math.abs(v - run.params[i].data[j]), 1e-12, `step ${i + 1}`)
      );
    });
  }
});

Deno.test("Adam follows PyTorch's update rule with weight decay, computed by hand", () => {
  const p = new Tensor(new Float64Array([1, -2]), [2], true);
  const opt = new Adam([p], {
    lr: 0.1,
    betas: [0.8, 0.9],
    eps: 1e-6,
    weightDecay: 0.01,
  });
  const ref = [1, -2], m = [0, 0], v = [0, 0];
  for (let t = 1; t <= 3; t++) {
    p.grad = new Tensor(new Float64Array([0.5 * t, -1 / t]), [2]);
    opt.step();
    for (let k = 0; k < 2; k++) {
      const g = [0.5 * t, -1 / t][k] + 0.01 * ref[k];
      m[k] = 0.8 * m[k] + 0.2 * g;
      v[k] = 0.9 * v[k] + 0.1 * g * g;
      const mh = m[k] / (1 - 0.8 ** t);
      ref[k] -= 0.1 * mh / (Math.sqrt(v[k] / (1 - 0.9 ** t)) + 1e-6);
    }
  }
  assertLess(Math.abs(p.data[0] - ref[0]), 1e-12);
  assertLess(Math.abs(p.data[1] - ref[1]), 1e-12);
});

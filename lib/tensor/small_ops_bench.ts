/**
 * Per-op overhead on tiny tensors, the sizes of the labs' didactic code (a
 * hidden state of 10, 6 features, 24–25 time steps): learners' notebooks run
 * tens of thousands of such ops per training run, so fixed costs per op
 * (allocation, shape checks, graph bookkeeping) dominate, not arithmetic.
 * Run with `deno bench lib/tensor/small_ops_bench.ts`.
 *
 * @module
 */
import { backward } from "../autograd/backward.ts";
import { add, mul, pow, sub } from "./binary.ts";
import { diag } from "./diag.ts";
import { index, setIndex } from "./index.ts";
import { matmul, outer } from "./matmul.ts";
import "./methods.ts";
import { mean, sum } from "./reduce.ts";
import { Tensor } from "./tensor.ts";
import { t } from "./transpose.ts";
import { sigmoid, square, tanh } from "./unary.ts";

function filled(shape: number[], requiresGrad = false): Tensor {
  let n = 1;
  for (const d of shape) n *= d;
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = Math.sin(i + 1) / 2;
  return new Tensor(data, shape, requiresGrad);
}

const v10 = filled([10]), w10 = filled([10]);
const x6 = filled([6]);
const u = filled([10, 6]), w = filled([10, 10]);
const h = filled([25, 10]);
const hRow = filled([10]);

// Results go here so that no op is optimised away.
const sink: Tensor[] = [];

Deno.bench("add [10] + [10]", () => {
  sink[0] = add(v10, w10);
});
Deno.bench("add [10, 10] + [10] (broadcast)", () => {
  sink[0] = add(w, v10);
});
Deno.bench("mul [10] * 2", () => {
  sink[0] = mul(v10, 2);
});
Deno.bench("sub 1 - [10]", () => {
  sink[0] = sub(1, v10);
});
Deno.bench("pow [10] ** 2", () => {
  sink[0] = pow(v10, 2);
});
Deno.bench("square [10]", () => {
  sink[0] = square(v10);
});
Deno.bench("tanh [10]", () => {
  sink[0] = tanh(v10);
});
Deno.bench("sigmoid [10]", () => {
  sink[0] = sigmoid(v10);
});
Deno.bench("matmul [10, 6] @ [6]", () => {
  sink[0] = matmul(u, x6);
});
Deno.bench("matmul [10, 10] @ [10]", () => {
  sink[0] = matmul(w, v10);
});
Deno.bench("matmul [10] @ [10] (dot)", () => {
  sink[0] = matmul(v10, w10);
});
Deno.bench("outer [10] x [10]", () => {
  sink[0] = outer(v10, w10);
});
Deno.bench("t [10, 10]", () => {
  sink[0] = t(w);
});
Deno.bench("diag [10]", () => {
  sink[0] = diag(v10);
});
Deno.bench("index(h, i) of [25, 10]", () => {
  sink[0] = index(h, 7);
});
Deno.bench("index(h, '1:') of [25, 10]", () => {
  sink[0] = index(h, "1:");
});
Deno.bench("setIndex(h, [i], row) of [25, 10]", () => {
  sink[0] = setIndex(h, [7], hRow);
});
Deno.bench("sum [10]", () => {
  sink[0] = sum(v10);
});
Deno.bench("sum [25, 10] dim 0", () => {
  sink[0] = sum(h, 0);
});
Deno.bench("mean [10]", () => {
  sink[0] = mean(v10);
});

// One RNN step, forward as the lab-1 notebook writes it.
Deno.bench("RNN step: tanh(U x + W h + b)", () => {
  sink[0] = u.matmul(x6).add(w.matmul(hRow)).add(v10).tanh();
});

// The same step with autograd: graph recording and backward on tiny tensors.
const ug = filled([10, 6], true), wg = filled([10, 10], true);
const bg = filled([10], true);
Deno.bench("RNN step with grad: forward + backward", () => {
  const y = ug.matmul(x6).add(wg.matmul(hRow)).add(bg).tanh().sum();
  backward(y);
  ug.grad = wg.grad = bg.grad = null;
  sink[0] = y;
});

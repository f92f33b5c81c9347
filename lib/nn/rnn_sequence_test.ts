import { assertEquals, assertLess, assertThrows } from "@std/assert";
import { backward } from "../autograd/backward.ts";
import { gradcheck } from "../autograd/gradcheck.ts";
import { RandomState } from "../random/random_state.ts";
import { Tensor } from "../tensor/tensor.ts";
import { rnnSequence } from "./rnn_sequence.ts";
import { lstmSequence } from "./lstm_sequence.ts";

function randn(rs: RandomState, ...shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float64Array.from(rs.randn(n).data), shape);
}

Deno.test("rnnSequence passes gradcheck for sizes that are not multiples of 4", () => {
  const rs = new RandomState(3);
  for (const act of ["tanh", "relu", "identity"] as const) {
    const inputs = [
      randn(rs, 3, 4, 2),
      randn(rs, 3, 5),
      randn(rs, 5, 2),
      randn(rs, 5, 5),
      randn(rs, 5),
      randn(rs, 5),
    ];
    const { maxRelativeError } = gradcheck(
      (x, h0, wi, wh, b1, b2) => rnnSequence(x, h0, wi, wh, b1, b2, act),
      inputs,
    );
    assertLess(maxRelativeError, 1e-7, act);
  }
});

Deno.test("rnnSequence gives every retained step state its total gradient", () => {
  const rs = new RandomState(4);
  const x = randn(rs, 3, 4, 2), wi = randn(rs, 5, 2), wh = randn(rs, 5, 5);
  wi.requiresGrad = true;
  const steps: Tensor[] = [];
  const out = rnnSequence(x, null, wi, wh, null, null, "tanh", steps);
  assertEquals(steps.length, 4);
  steps.forEach((s) => s.retainGrad());
  backward(out, new Tensor(new Float64Array(60).fill(1), [3, 4, 5]));
  // The last step is only seen by the output: dL/dh_T = 1.
  assertEquals(Array.from(steps[3].grad!.data), new Array(15).fill(1));
  assertEquals(steps[3].data[7], out.data[(1 * 4 + 3) * 5 + 2]);
});

Deno.test("rnnSequence rejects mismatched shapes and unknown nonlinearities", () => {
  const rs = new RandomState(5);
  const x = randn(rs, 3, 4, 2), wi = randn(rs, 5, 2), wh = randn(rs, 5, 5);
  assertThrows(
    () => rnnSequence(x, null, randn(rs, 5, 3), wh, null, null, "tanh"),
    TypeError,
    "weightIh [5, 3]",
  );
  assertThrows(
    // @ts-expect-error: checked at run time too
    () => rnnSequence(x, null, wi, wh, null, null, "sigmoid"),
    RangeError,
    "Unknown nonlinearity 'sigmoid'",
  );
});

Deno.test("rnnSequence and lstmSequence give the same gradients whether or not another kernel ran between forward and backward", () => {
  const rs = new RandomState(6);
  const make = () => ({
    x: randn(rs, 4, 3, 2),
    wi: randn(rs, 16, 2),
    wh: randn(rs, 16, 4),
    b: randn(rs, 16),
  });
  const lstm = make(), other = make();
  const rnn = {
    x: randn(rs, 3, 4, 2),
    wi: randn(rs, 5, 2),
    wh: randn(rs, 5, 5),
    b: randn(rs, 5),
  };
  for (const kind of ["rnn", "lstm"] as const) {
    const grads: number[][] = [];
    for (const interleave of [false, true]) {
      const p = kind === "rnn" ? rnn : lstm;
      for (const t of [p.x, p.wi, p.wh, p.b]) {
        t.requiresGrad = true;
        t.grad = null;
      }
      const out = kind === "rnn"
        ? rnnSequence(p.x, null, p.wi, p.wh, p.b, null, "tanh")
        : lstmSequence(p.x, null, null, p.wi, p.wh, p.b, null);
      // Another layer's forward pass overwrites the kernels' memory.
      if (interleave) {
        lstmSequence(other.x, null, null, other.wi, other.wh, other.b, null);
      }
      backward(
        out,
        new Tensor(Float64Array.from(out.data, Math.sin), out.shape),
      );
      grads.push(
        [p.x, p.wi, p.wh, p.b].flatMap((t) => Array.from(t.grad!.data)),
      );
    }
    assertEquals(grads[0], grads[1], kind);
  }
});

Deno.test("layers refuse an input of another dtype than their weights, naming both", async () => {
  const { Linear, RNN, LSTM } = await import("./mod.ts");
  const { zeros } = await import("../tensor/mod.ts");
  const x64 = zeros(2, 3, 4);
  const x32 = x64.to("float32");
  assertThrows(
    () => new Linear(4, 2, { dtype: "float32" }).forward(x64),
    TypeError,
    "float64",
  );
  assertThrows(
    () => new RNN(4, 3, 1).forward(x32),
    TypeError,
    "got input float32 [2, 3, 4] and weights float64",
  );
  assertThrows(() => new LSTM(4, 3, 1).forward(x32), TypeError, "same dtype");
});

import { assertEquals, assertLess, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { Generator } from "../random/generator.ts";
import { select } from "../tensor/index.ts";
import "../tensor/methods.ts";
import { RNN } from "./rnn.ts";

Deno.test("RNN.forward(x, h0) starts each layer from its slice of h0 (L, B, H)", () => {
  const g = new Generator(5);
  const rnn = new RNN(2, 3, 2, { generator: g });
  const x = g.randn([4, 5, 2]);
  const h0 = g.randn([2, 4, 3]);
  const [out, hN] = rnn.forward(x, h0);
  const [a1] = rnn.layers[0].forward(x, select(h0, 0, 0));
  const [a2, l2] = rnn.layers[1].forward(a1, select(h0, 0, 1));
  assertEquals(Array.from(out.data), Array.from(a2.data));
  assertEquals(hN.shape, [2, 4, 3]);
  assertEquals(Array.from(select(hN, 0, 1).data), Array.from(l2.data));
  // Without h0: zeros, and another result.
  const [zero] = rnn.forward(x);
  assertLess(0, Math.abs(zero.data[0] - out.data[0]));
});

Deno.test("RNN.forward refuses an h0 of the wrong shape, naming both", () => {
  const rnn = new RNN(2, 3, 2);
  const x = new Generator(1).randn([4, 5, 2]);
  assertThrows(
    () => rnn.forward(x, new Generator(1).randn([1, 4, 3])),
    TypeError,
    "Expected hidden size [2, 4, 3], got [1, 4, 3]",
  );
});

Deno.test("the gradient with respect to h0 equals finite differences", () => {
  const g = new Generator(9);
  const rnn = new RNN(2, 3, 2, { generator: g });
  const x = g.randn([2, 4, 2]);
  const h0 = g.randn([2, 2, 3]);
  const r = gradcheck((h) => rnn.forward(x, h)[0].square().sum(), [h0]);
  assertLess(r.maxRelativeError, 1e-6);
});

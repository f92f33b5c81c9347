import { assertAlmostEquals, assertEquals } from "@std/assert";
import { tensor } from "../tensor/creation.ts";
import { LSTM } from "./lstm.ts";

Deno.test("LSTM matches a one-unit run computed by hand, gates in the order i, f, g, o", () => {
  const lstm = new LSTM(1, 1);
  // W_ih = [i, f, g, o] = [0.5, -0.3, 0.8, 0.2], W_hh = [0.1, 0.2, -0.4, 0.3],
  // b_ih = [0.05, 0.1, -0.05, 0], b_hh = [0, 0.2, 0.1, -0.1].
  lstm.loadStateDict({
    weight_ih_l0: tensor([[0.5], [-0.3], [0.8], [0.2]]),
    weight_hh_l0: tensor([[0.1], [0.2], [-0.4], [0.3]]),
    bias_ih_l0: tensor([0.05, 0.1, -0.05, 0]),
    bias_hh_l0: tensor([0, 0.2, 0.1, -0.1]),
  });
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = 0, c = 0;
  const hs: number[] = [];
  for (const x of [1, -2]) {
    const i = sig(0.5 * x + 0.1 * h + 0.05);
    const f = sig(-0.3 * x + 0.2 * h + 0.3);
    const g = Math.tanh(0.8 * x - 0.4 * h + 0.05);
    const o = sig(0.2 * x + 0.3 * h - 0.1);
    c = f * c + i * g;
    h = o * Math.tanh(c);
    hs.push(h);
  }
  const [out, [hN, cN]] = lstm.forward(tensor([[[1], [-2]]]));
  assertEquals([hN.shape, cN.shape], [[1, 1, 1], [1, 1, 1]]);
  assertAlmostEquals(out.data[0], hs[0], 1e-15);
  assertAlmostEquals(out.data[1], hs[1], 1e-15);
  assertAlmostEquals(hN.item(), h, 1e-15);
  assertAlmostEquals(cN.item(), c, 1e-15);
});

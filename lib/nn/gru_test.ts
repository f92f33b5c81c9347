import { assertAlmostEquals, assertEquals } from "@std/assert";
import { tensor } from "../tensor/creation.ts";
import { GRU } from "./gru.ts";

Deno.test("GRU matches a one-unit run computed by hand, gates in the order r, z, n", () => {
  const gru = new GRU(1, 1);
  // W_ih = [r, z, n] = [0.5, -0.3, 0.8], W_hh = [0.1, 0.2, -0.4],
  // b_ih = [0.05, 0.1, -0.05], b_hh = [0.3, 0.2, 0.1].
  gru.loadStateDict({
    weight_ih_l0: tensor([[0.5], [-0.3], [0.8]]),
    weight_hh_l0: tensor([[0.1], [0.2], [-0.4]]),
    bias_ih_l0: tensor([0.05, 0.1, -0.05]),
    bias_hh_l0: tensor([0.3, 0.2, 0.1]),
  });
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = 0.25;
  const hs: number[] = [];
  for (const x of [1, -2, 0.5]) {
    const r = sig(0.5 * x + 0.05 + 0.1 * h + 0.3);
    const z = sig(-0.3 * x + 0.1 + 0.2 * h + 0.2);
    const n = Math.tanh(0.8 * x - 0.05 + r * (-0.4 * h + 0.1));
    h = (1 - z) * n + z * h;
    hs.push(h);
  }
  const [out, hN] = gru.forward(
    tensor([[[1], [-2], [0.5]]]),
    tensor([[[0.25]]]),
  );
  assertEquals(hN.shape, [1, 1, 1]);
  hs.forEach((v, t) => assertAlmostEquals(out.data[t], v, 1e-15));
  assertAlmostEquals(hN.item(), h, 1e-15);
});

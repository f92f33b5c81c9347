import { assertAlmostEquals, assertEquals } from "@std/assert";
import { tensor } from "../tensor/creation.ts";
import { SGD } from "./sgd.ts";

Deno.test("SGD with momentum follows PyTorch's rule; zeroGrad clears the gradients", () => {
  const q = tensor([1], { requiresGrad: true });
  const sgd = new SGD([q], { lr: 0.1, momentum: 0.9 });
  q.grad = tensor([1]);
  sgd.step(); // buf = 1, q = 0.9
  sgd.step(); // buf = 1.9, q = 0.71
  assertAlmostEquals(q.item(), 0.71, 1e-12);
  sgd.zeroGrad();
  assertEquals(q.grad, null);
});

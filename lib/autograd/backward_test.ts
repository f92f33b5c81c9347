import { assertEquals, assertThrows } from "@std/assert";
import { tensor } from "../tensor/creation.ts";
import "../tensor/methods.ts";
import { FREED_GRAPH_MESSAGE } from "./backward.ts";

Deno.test("a second backward() through the same graph fails as in PyTorch", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const loss = x.mul(x).sum();
  loss.backward();
  assertEquals(Array.from(x.grad!.data), [2, 4]);
  assertThrows(() => loss.backward(), Error, FREED_GRAPH_MESSAGE);
  // The failed call accumulated nothing.
  assertEquals(Array.from(x.grad!.data), [2, 4]);
});

Deno.test("retainGraph: true keeps the graph for another backward(), which accumulates", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const loss = x.mul(x).sum();
  loss.backward(undefined, { retainGraph: true });
  loss.backward();
  assertEquals(Array.from(x.grad!.data), [4, 8]);
  assertThrows(() => loss.backward(), Error, "second time");
});

Deno.test("a new graph from the same leaves runs backward() again", () => {
  const x = tensor([3], { requiresGrad: true });
  x.mul(x).sum().backward();
  x.mul(x).sum().backward();
  assertEquals(x.grad!.item(), 12);
});

import { assert, assertEquals } from "@std/assert";
import { RandomState } from "../random/random_state.ts";
import "../tensor/methods.ts";
import { Linear } from "./linear.ts";

Deno.test("Linear initialises from U(-1/sqrt(in), 1/sqrt(in)) with the passed generator", () => {
  const a = new Linear(16, 8, { generator: new RandomState(5) });
  const b = new Linear(16, 8, { generator: new RandomState(5) });
  assertEquals(a.weight.tolist(), b.weight.tolist());
  assert(a.weight.data.every((v) => Math.abs(v) <= 0.25));
  assert(a.bias!.data.every((v) => Math.abs(v) <= 0.25));
  assertEquals(new Linear(3, 2, { bias: false }).numParameters(), 6);
});

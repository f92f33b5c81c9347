import { assertEquals } from "@std/assert";
import { arange, cumsum, Generator } from "../../lib/mod.ts";
import { generateBatch } from "./lab04_reference.ts";

Deno.test("the reference generateBatch equals cumsum(x) / [1..T] computed with tensor ops", () => {
  const g = new Generator(3);
  const [x, y] = generateBatch(g, 7, 5);
  const expected = cumsum(x, 1).div(arange(1, 8).reshape(1, 7, 1));
  assertEquals(Array.from(y.data), Array.from(expected.data));
});

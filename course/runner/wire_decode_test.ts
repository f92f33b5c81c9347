import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertThrows,
} from "@std/assert";
import { decodeAnswer, MalformedAnswer } from "./wire_decode.ts";
import { Tensor } from "../../lib/tensor/tensor.ts";

const noHandles = () => {
  throw new Error("no handle expected");
};

Deno.test("decodeAnswer builds the grader's own tensors, with non-finite entries", () => {
  const t = decodeAnswer({
    $t: [[2, 2], "float32", [1, 2, "Infinity", "-Infinity"]],
  }, noHandles);
  assertInstanceOf(t, Tensor);
  assertEquals(t.dtype, "float32");
  assertEquals(Array.from(t.data), [1, 2, Infinity, -Infinity]);
});

Deno.test("decodeAnswer refuses malformed tensors", () => {
  for (
    const bad of [
      { $t: [[2], "float64", [1]] }, // too few numbers
      { $t: [[-1], "float64", []] }, // negative size
      { $t: [[1.5], "float64", [1]] }, // fractional size
      { $t: [[1], "int8", [1]] }, // unknown dtype
      { $t: [[1], "float64", ["1"]] }, // a string entry
      { $t: [[1], "float64", [{}]] }, // an object entry
      { $t: [[1, 1, 1, 1, 1, 1, 1, 1, 1], "float64", [1]] }, // too many dims
      { $t: "x" },
    ]
  ) {
    assertThrows(
      () => decodeAnswer(bad, noHandles),
      MalformedAnswer,
      undefined,
      JSON.stringify(bad),
    );
  }
});

Deno.test("decodeAnswer bounds depth, size and strings, and refuses unknown tags", () => {
  let deep: unknown = 1;
  for (let i = 0; i < 100; i++) deep = [deep];
  assertThrows(
    () => decodeAnswer(deep, noHandles),
    MalformedAnswer,
    "nested too deep",
  );
  assertThrows(
    () =>
      decodeAnswer(new Array(11).fill(0), noHandles, {
        maxNumbers: 10,
        maxDepth: 4,
        maxString: 5,
      }),
    MalformedAnswer,
    "more than 10 numbers",
  );
  assertThrows(
    () =>
      decodeAnswer("x".repeat(6), noHandles, {
        maxNumbers: 10,
        maxDepth: 4,
        maxString: 5,
      }),
    MalformedAnswer,
    "too long",
  );
  assertThrows(() => decodeAnswer({ $x: 1 }, noHandles), MalformedAnswer);
  assertThrows(() => decodeAnswer({ score: 8 }, noHandles), MalformedAnswer);
  assertThrows(() => decodeAnswer({ $h: -1 }, noHandles), MalformedAnswer);
});

Deno.test("decodeAnswer keeps plain objects prototype-free", () => {
  const o = decodeAnswer(
    JSON.parse('{"$o":{"__proto__":{"$o":{"polluted":true}}}}'),
    noHandles,
  ) as Record<string, unknown>;
  assertEquals(Object.getPrototypeOf(o), null);
  assert(!("polluted" in {}));
});

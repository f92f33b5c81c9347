import { assertEquals, assertThrows } from "@std/assert";
import { MT19937, toUint32 } from "./mt19937.ts";

function words(mt: MT19937, n: number): number[] {
  return Array.from({ length: n }, () => mt.nextUint32());
}

Deno.test("MT19937 seeded by array gives the reference mt19937ar.c outputs", () => {
  const mt = new MT19937();
  mt.seedByArray([0x123, 0x234, 0x345, 0x456]);
  // Also NumPy's RandomState([0x123, 0x234, 0x345, 0x456]) raw words.
  assertEquals(words(mt, 5), [
    1067595299,
    955945823,
    477289528,
    4107218783,
    4228976476,
  ]);
});

Deno.test("MT19937 with the default seed 5489 starts like std::mt19937", () => {
  assertEquals(words(new MT19937(), 3), [3499211612, 581869302, 3890346734]);
});

Deno.test("MT19937 keeps matching NumPy across several twists", () => {
  const mt = new MT19937(0);
  words(mt, 1000);
  // NumPy: RandomState(0).randint(0, 2**32, 1002, dtype=np.uint64)[1000:]
  assertEquals(words(mt, 2), [1333075495, 1193028842]);
});

Deno.test("MT19937.nextDouble() uses 53 bits like NumPy's random_sample", () => {
  const mt = new MT19937(0);
  assertEquals(mt.nextDouble(), 0.5488135039273248);
  assertEquals(mt.nextDouble(), 0.7151893663724195);
});

Deno.test("MT19937 seeds reduce modulo 2^32 and must be integers", () => {
  assertEquals(toUint32(-1), 0xffffffff);
  assertEquals(words(new MT19937(-1), 2), words(new MT19937(0xffffffff), 2));
  assertThrows(() => new MT19937(0.5), TypeError, "a seed must be an integer");
  assertThrows(
    () => new MT19937().seedByArray([]),
    RangeError,
    "the array must not be empty",
  );
});

Deno.test("MT19937.setState() rejects malformed states", () => {
  const mt = new MT19937(1);
  assertThrows(
    () => mt.setState({ key: new Uint32Array(3), pos: 0 }),
    RangeError,
    "the key must have 624 words, got 3",
  );
  assertThrows(
    () => mt.setState({ key: new Uint32Array(624), pos: 700 }),
    RangeError,
    "pos must be an integer in [0, 624], got 700",
  );
});

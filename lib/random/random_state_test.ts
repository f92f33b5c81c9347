import { assert, assertEquals, assertThrows } from "@std/assert";
import { RandomState } from "./random_state.ts";
import { Tensor } from "../tensor/tensor.ts";
import numpyFixture from "../../tests/fixtures/random/numpy_random_state.json" with {
  type: "json",
};

type Step = [string, unknown[], number[] | null, number[]];
interface Program {
  seed: number | number[];
  steps: Step[];
}
interface Fixture {
  long: Program[];
  interleaved: Program[];
  arraySeeds: Program[];
  seed002: Program;
}

const fixture = numpyFixture as unknown as Fixture;

/** Distance in units in the last place between two doubles. */
function ulpDistance(a: number, b: number): number {
  const v = new Float64Array([a, b]);
  const i = new BigInt64Array(v.buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}

/** Normal draws pass through `log`, which is where JS and glibc may differ. */
const NORMAL_METHODS = new Set(["randn", "normal"]);

interface Replay {
  values: number;
  normals: number;
  /** Normal values that differ from NumPy's (each by at most 2 ulp). */
  offByUlps: number;
}

/**
 * Runs a program's steps on a fresh RandomState and compares every value.
 * Uniform and integer draws must be identical. Normals must be identical or
 * at most 2 ulp away: NumPy's polar method calls glibc's `log`, which rounds
 * differently from `Math.log` in the last bit for about 0.03% of arguments
 * (measured: 800 of 2,000,001 normals differ, 681 by 1 ulp and 119 by 2).
 * The stream position never depends on `log`, so one such value does not
 * shift any later draw.
 */
function replay(program: Program): Replay {
  const rs = new RandomState(program.seed);
  const stats: Replay = { values: 0, normals: 0, offByUlps: 0 };
  for (const [method, args, shape, expected] of program.steps) {
    // deno-lint-ignore no-explicit-any
    const result = (rs as any)[method](...args) as number | Tensor;
    const where = `seed ${JSON.stringify(program.seed)}, ${method}(${
      JSON.stringify(args)
    })`;
    let actual: number[];
    if (shape === null) {
      assertEquals(typeof result, "number", where);
      actual = [result as number];
    } else {
      assert(result instanceof Tensor, where);
      assertEquals(result.shape, shape, where);
      assertEquals(result.dtype, "float64", where);
      actual = Array.from(result.data);
    }
    assertEquals(actual.length, expected.length, where);
    stats.values += expected.length;
    if (!NORMAL_METHODS.has(method)) {
      assertEquals(actual, expected, where);
      continue;
    }
    stats.normals += expected.length;
    for (let i = 0; i < expected.length; i++) {
      if (actual[i] === expected[i]) continue;
      const d = ulpDistance(actual[i], expected[i]);
      assert(
        d <= 2,
        `${where}[${i}]: got ${actual[i]}, NumPy ${expected[i]} (${d} ulp)`,
      );
      stats.offByUlps++;
    }
  }
  return stats;
}

/** Measured rate is 0.04%; a rate above 0.2% would mean a real bug. */
function assertRareLogDifferences(s: Replay): void {
  assert(
    s.offByUlps <= Math.max(1, s.normals * 0.002),
    `${s.offByUlps} of ${s.normals} normals differ from NumPy`,
  );
}

Deno.test("RandomState reproduces NumPy's rand(3) and randn(3) after seed(0)", () => {
  const rs = new RandomState(0);
  assertEquals(Array.from(rs.rand(3).data), [
    0.5488135039273248,
    0.7151893663724195,
    0.6027633760716439,
  ]);
  rs.seed(0);
  assertEquals(Array.from(rs.randn(3).data), [
    1.764052345967664,
    0.4001572083672233,
    0.9787379841057392,
  ]);
});

Deno.test("RandomState replays lab 002's weight draws bit for bit", () => {
  const stats = replay(fixture.seed002);
  assertEquals(stats.values, 5 + 25 + 5 + 5 + 1);
  assertEquals(stats.normals, 0);
});

Deno.test("RandomState matches NumPy's long streams for five seeds", async (t) => {
  const total: Replay = { values: 0, normals: 0, offByUlps: 0 };
  for (const program of fixture.long) {
    await t.step(`seed ${program.seed}`, () => {
      const s = replay(program);
      total.values += s.values;
      total.normals += s.normals;
      total.offByUlps += s.offByUlps;
    });
  }
  assertRareLogDifferences(total);
});

Deno.test("RandomState matches NumPy when rand, randn, uniform and randint interleave", () => {
  for (const program of fixture.interleaved) {
    assertRareLogDifferences(replay(program));
  }
});

Deno.test("RandomState matches NumPy when seeded with an array", () => {
  for (const program of fixture.arraySeeds) {
    assertRareLogDifferences(replay(program));
  }
});

Deno.test("RandomState.seed() clears the cached normal", () => {
  const rs = new RandomState(3);
  const first = rs.randn(2).data;
  rs.randn(); // leaves the second value of a pair cached
  rs.seed(3);
  assertEquals(rs.randn(2).data, first);
});

Deno.test("RandomState.getState() and setState() replay the stream and the cache", () => {
  const rs = new RandomState(9);
  rs.randn(3);
  const saved = rs.getState();
  const a = [rs.randn(), rs.rand(), rs.randint(0, 1000)];
  rs.setState(saved);
  assertEquals([rs.randn(), rs.rand(), rs.randint(0, 1000)], a);
});

Deno.test("RandomState without a seed draws from fresh entropy", () => {
  const a = new RandomState().rand(4).data;
  const b = new RandomState().rand(4).data;
  assert(a.some((v, i) => v !== b[i]));
});

Deno.test("RandomState rejects seeds outside NumPy's range", () => {
  assertThrows(
    () => new RandomState(-1),
    RangeError,
    "a seed must be between 0 and 2**32 - 1, got -1",
  );
  assertThrows(() => new RandomState(2 ** 32), RangeError, "got 4294967296");
  assertThrows(() => new RandomState(1.5), TypeError, "must be an integer");
  assertThrows(() => new RandomState([]), RangeError, "must not be empty");
});

Deno.test("RandomState rejects bad shapes and bounds", () => {
  const rs = new RandomState(0);
  assertThrows(
    () => rs.rand(2, -1),
    RangeError,
    "rand(): Trying to create tensor with negative dimension -1: [2, -1]",
  );
  assertThrows(
    () => rs.randn(2.5),
    TypeError,
    "randn(): argument 'size' must be a sequence of integers, but got [2.5]",
  );
  assertThrows(
    () => rs.randint(5, 5),
    RangeError,
    "low must be < high, got low=5, high=5",
  );
  assertThrows(() => rs.randint(0.5, 3), TypeError, "bounds must be integers");
  assertThrows(
    () => rs.normal(0, -1),
    RangeError,
    "scale must be >= 0, got scale=-1",
  );
  assertThrows(
    () => rs.uniform(-Infinity, 0),
    RangeError,
    "high - low must be finite",
  );
});

Deno.test("RandomState returns numbers without a size and 0-d tensors for size []", () => {
  const rs = new RandomState(0);
  assertEquals(typeof rs.randomSample(), "number");
  const t = rs.randomSample([]);
  assertEquals(t.shape, []);
  assertEquals(t.numel(), 1);
});

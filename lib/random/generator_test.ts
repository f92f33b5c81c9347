import { assert, assertEquals, assertThrows } from "@std/assert";
import { Generator } from "./generator.ts";
import torchFixture from "../../tests/fixtures/random/torch_generator.json" with {
  type: "json",
};

type Step = [string, unknown[], number[], number[]];
interface Program {
  seed: number;
  steps: Step[];
}

const fixture = torchFixture as unknown as {
  torch: string;
  programs: Program[];
};

/** Distance in units in the last place, in the given precision. */
function ulpDistance(a: number, b: number, float32: boolean): number {
  if (float32) {
    const i = new Int32Array(new Float32Array([a, b]).buffer);
    return Math.abs(i[0] - i[1]);
  }
  const i = new BigInt64Array(new Float64Array([a, b]).buffer);
  const d = i[0] - i[1];
  return Number(d < 0n ? -d : d);
}

interface Replay {
  normals64: number;
  differing64: number;
  normals32: number;
  differing32: number;
}

/**
 * Replays a PyTorch program. Uniform and integer draws, and every shape, must
 * be identical. Normals may differ in the last bits where PyTorch calls
 * glibc's log/sin/cos (float64: at most 2 ulp) or its AVX2 float polynomials
 * (float32 with 16 or more elements: at most 4 float ulp); the stream must
 * never drift, which the exact uniform draws after each normal step check.
 */
function replay(program: Program): Replay {
  const g = new Generator(program.seed);
  const stats: Replay = {
    normals64: 0,
    differing64: 0,
    normals32: 0,
    differing32: 0,
  };
  for (const [method, args, shape, expected] of program.steps) {
    // deno-lint-ignore no-explicit-any
    const t = (g as any)[method](...args);
    const where = `seed ${program.seed}, ${method}(${JSON.stringify(args)})`;
    assertEquals(t.shape, shape, where);
    const float32 = t.dtype === "float32";
    const actual = Array.from(t.data as ArrayLike<number>);
    if (method !== "randn" && method !== "normal") {
      assertEquals(actual, expected, where);
      continue;
    }
    const limit = float32 ? 4 : 2;
    for (let i = 0; i < expected.length; i++) {
      if (float32) stats.normals32++;
      else stats.normals64++;
      if (actual[i] === expected[i]) continue;
      const d = ulpDistance(actual[i], expected[i], float32);
      assert(
        d <= limit,
        `${where}[${i}]: got ${actual[i]}, PyTorch ${expected[i]} (${d} ulp)`,
      );
      if (float32) stats.differing32++;
      else stats.differing64++;
    }
  }
  return stats;
}

Deno.test("Generator reproduces torch.rand after manual_seed(0)", () => {
  const g = new Generator(0);
  assertEquals(g.rand(1).item(), 0.9700530018065531);
  g.manualSeed(0);
  assertEquals(
    Array.from(g.rand(3, { dtype: "float32" }).data),
    [0.49625658988952637, 0.7682217955589294, 0.08847743272781372],
  );
});

Deno.test("Generator reproduces torch.randn(3) after manual_seed(0) exactly", () => {
  const g = new Generator(0);
  assertEquals(Array.from(g.randn(3).data), [
    1.5409961082440433,
    -0.2934289057609464,
    -2.1787893820745574,
  ]);
});

Deno.test("Generator follows PyTorch's streams for four seeds", async (t) => {
  const total: Replay = {
    normals64: 0,
    differing64: 0,
    normals32: 0,
    differing32: 0,
  };
  for (const program of fixture.programs) {
    await t.step(`seed ${program.seed}`, () => {
      const s = replay(program);
      total.normals64 += s.normals64;
      total.differing64 += s.differing64;
      total.normals32 += s.normals32;
      total.differing32 += s.differing32;
    });
  }
  // Measured on seed 0: 1 of 2001 float64 normals and about 16% of float32
  // normals (the AVX2 path) differ; much higher rates would be a bug.
  assert(
    total.differing64 <= total.normals64 * 0.005,
    `${total.differing64} of ${total.normals64} float64 normals differ`,
  );
  assert(
    total.differing32 <= total.normals32 * 0.3,
    `${total.differing32} of ${total.normals32} float32 normals differ`,
  );
});

Deno.test("Generator.manualSeed() drops the cached normal", () => {
  const g = new Generator(5);
  const pair = g.randn(2).data;
  g.manualSeed(5);
  g.randn(1); // caches the second value of the pair
  g.manualSeed(5);
  assertEquals(g.randn(2).data, pair);
  assertEquals(g.initialSeed(), 5);
});

Deno.test("Generator returns float32 tensors on request and tracks gradients on request", () => {
  const g = new Generator(0);
  const t = g.randn([2, 8], { dtype: "float32", requiresGrad: true });
  assertEquals(t.dtype, "float32");
  assertEquals(t.shape, [2, 8]);
  assert(t.requiresGrad);
  assertEquals(g.rand(2, 3).dtype, "float64");
});

Deno.test("Generator rejects bad arguments", () => {
  const g = new Generator(0);
  assertThrows(
    () => g.rand(2, -1),
    RangeError,
    "negative dimension -1",
  );
  assertThrows(
    () => g.randint(3, 3, 2),
    RangeError,
    "but got from=3 >= to=3",
  );
  assertThrows(
    () => g.randint(0.5, 3, 2),
    TypeError,
    "bounds must be integers",
  );
  assertThrows(
    () => g.normal(0, -1, 2),
    RangeError,
    "normal expects std >= 0.0, but found std -1",
  );
  assertThrows(
    () => g.uniform(1, 0, 2),
    RangeError,
    "found from=1 > to=0",
  );
  assertThrows(
    // deno-lint-ignore no-explicit-any
    () => g.rand(2, { dtype: "int8" as any }),
    TypeError,
    'dtype must be "float64" or "float32"',
  );
});

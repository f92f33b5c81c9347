import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertThrows,
} from "@std/assert";
import { Tensor } from "../tensor/tensor.ts";
import { eigvals } from "./eigvals.ts";
import { spectralRadius } from "./spectral_radius.ts";
import EIGVALS_NUMPY from "../../tests/fixtures/linalg/eigvals_numpy.json" with {
  type: "json",
};

interface Fixture {
  name: string;
  shape: [number, number];
  data: number[];
  real: number[];
  imag: number[];
}
const fixtures: Fixture[] = EIGVALS_NUMPY.cases as Fixture[];

function fixture(name: string): Fixture {
  const f = fixtures.find((c) => c.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
}

function matrix(rows: number[][]): Tensor {
  const n = rows.length;
  const m = n === 0 ? 0 : rows[0].length;
  return new Tensor(Float64Array.from(rows.flat()), [n, m]);
}

type C = [number, number];

function pairs(real: ArrayLike<number>, imag: ArrayLike<number>): C[] {
  return Array.from({ length: real.length }, (_, i) => [real[i], imag[i]]);
}

/**
 * Asserts that two multisets of complex numbers agree: each expected value is
 * matched to the nearest unused actual one, within rtol times the largest
 * expected modulus (the spectral radius; 1 if that is 0).
 */
function assertSameEigenvalues(actual: C[], expected: C[], rtol = 1e-9) {
  assertEquals(actual.length, expected.length, "number of eigenvalues");
  const scale =
    Math.max(...expected.map(([re, im]) => Math.hypot(re, im)), 0) || 1;
  const used = new Array(actual.length).fill(false);
  for (const [re, im] of expected) {
    let best = -1;
    let bestDist = Infinity;
    for (let j = 0; j < actual.length; j++) {
      if (used[j]) continue;
      const d = Math.hypot(actual[j][0] - re, actual[j][1] - im);
      if (d < bestDist) {
        bestDist = d;
        best = j;
      }
    }
    used[best] = true;
    assert(
      bestDist <= rtol * scale,
      `eigenvalue ${re} + ${im}i: nearest computed is ${
        actual[best]
      }, distance ${bestDist} > ${rtol * scale}`,
    );
  }
}

function eig(a: Tensor): C[] {
  const { real, imag } = eigvals(a);
  assertEquals(real.shape, [a.shape[0]]);
  assertEquals(imag.shape, [a.shape[0]]);
  return pairs(real.data, imag.data);
}

/** det(A - λI) for complex λ by LU with partial pivoting, and Hadamard's bound ∏‖row‖. */
function shiftedDet(a: Tensor, [lr, li]: C): { det: C; bound: number } {
  const n = a.shape[0];
  const re = Float64Array.from(a.data);
  const im = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    re[i * n + i] -= lr;
    im[i * n + i] -= li;
  }
  let bound = 1;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += re[i * n + j] ** 2 + im[i * n + j] ** 2;
    bound *= Math.sqrt(s);
  }
  let dr = 1, di = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) {
      if (
        Math.hypot(re[i * n + k], im[i * n + k]) >
          Math.hypot(re[p * n + k], im[p * n + k])
      ) p = i;
    }
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        [re[k * n + j], re[p * n + j]] = [re[p * n + j], re[k * n + j]];
        [im[k * n + j], im[p * n + j]] = [im[p * n + j], im[k * n + j]];
      }
      dr = -dr;
      di = -di;
    }
    const pr = re[k * n + k], pi = im[k * n + k];
    [dr, di] = [dr * pr - di * pi, dr * pi + di * pr];
    const pm = pr * pr + pi * pi;
    if (pm === 0) return { det: [0, 0], bound };
    for (let i = k + 1; i < n; i++) {
      // f = a[i][k] / pivot
      const ar = re[i * n + k], ai = im[i * n + k];
      const fr = (ar * pr + ai * pi) / pm, fi = (ai * pr - ar * pi) / pm;
      for (let j = k + 1; j < n; j++) {
        const br = re[k * n + j], bi = im[k * n + j];
        re[i * n + j] -= fr * br - fi * bi;
        im[i * n + j] -= fr * bi + fi * br;
      }
    }
  }
  return { det: [dr, di], bound };
}

/** Checks eigenvalues against A alone: trace, determinant and det(A − λI) ≈ 0. */
function assertConsistentWithMatrix(a: Tensor, values: C[], rtol = 1e-9) {
  const n = a.shape[0];
  const scale = Math.max(...values.map(([re, im]) => Math.hypot(re, im)), 0) ||
    1;
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a.data[i * n + i];
  const sumRe = values.reduce((s, [re]) => s + re, 0);
  const sumIm = values.reduce((s, [, im]) => s + im, 0);
  assertAlmostEquals(
    sumRe,
    trace,
    rtol * n * scale,
    "sum of eigenvalues = trace",
  );
  assertAlmostEquals(sumIm, 0, rtol * n * scale, "imaginary parts cancel");
  let pr = 1, pi = 0;
  for (const [re, im] of values) {
    [pr, pi] = [pr * re - pi * im, pr * im + pi * re];
  }
  const { det } = shiftedDet(a, [0, 0]);
  const detTol = 1e-8 * Math.max(1, Math.abs(det[0]), Math.hypot(pr, pi));
  assertAlmostEquals(pr, det[0], detTol, "product of eigenvalues = det");
  assertAlmostEquals(pi, 0, detTol, "product of eigenvalues is real");
  for (const lambda of values) {
    const { det, bound } = shiftedDet(a, lambda);
    const ratio = Math.hypot(det[0], det[1]) / bound;
    assert(
      ratio < 1e-10,
      `|det(A - λI)| / ∏‖row‖ = ${ratio} for λ = ${lambda}`,
    );
  }
}

Deno.test("eigvals() matches numpy.linalg.eigvals on random, symmetric and companion matrices", async (t) => {
  for (const f of fixtures) {
    await t.step(f.name, () => {
      const a = new Tensor(Float64Array.from(f.data), f.shape);
      const values = eig(a);
      assertSameEigenvalues(values, pairs(f.real, f.imag));
      assertConsistentWithMatrix(a, values);
    });
  }
});

Deno.test("eigvals() returns real eigenvalues of a symmetric matrix", () => {
  const a = matrix([[2, 1, 0], [1, 2, 1], [0, 1, 2]]);
  const values = eig(a);
  assertSameEigenvalues(values, [[2 - Math.SQRT2, 0], [2, 0], [
    2 + Math.SQRT2,
    0,
  ]]);
  for (const [, im] of values) assertEquals(im, 0);
  const sym = fixture("symmetric_12x12");
  for (
    const [, im] of eig(new Tensor(Float64Array.from(sym.data), sym.shape))
  ) {
    assertEquals(im, 0);
  }
});

Deno.test("eigvals() returns cos θ ± i sin θ for rotation matrices", async (t) => {
  for (const theta of [0.3, Math.PI / 2, 2.5, Math.PI - 1e-3]) {
    await t.step(`2×2, θ = ${theta}`, () => {
      const c = Math.cos(theta), s = Math.sin(theta);
      const a = matrix([[c, -s], [s, c]]);
      const { imag } = eigvals(a);
      assert(imag.data[0] > 0, "positive imaginary part comes first");
      assertSameEigenvalues(eig(a), [[c, s], [c, -s]]);
    });
  }
  await t.step("3×3 about the axis (1, 2, 2)/3", () => {
    const theta = 0.7;
    const [x, y, z] = [1 / 3, 2 / 3, 2 / 3];
    const c = Math.cos(theta), s = Math.sin(theta), C = 1 - c;
    const a = matrix([
      [c + x * x * C, x * y * C - z * s, x * z * C + y * s],
      [y * x * C + z * s, c + y * y * C, y * z * C - x * s],
      [z * x * C - y * s, z * y * C + x * s, c + z * z * C],
    ]);
    const values = eig(a);
    assertSameEigenvalues(values, [[1, 0], [c, s], [c, -s]]);
    assertConsistentWithMatrix(a, values);
  });
});

Deno.test("eigvals() finds the roots of a polynomial from its companion matrix", () => {
  // (x-1)(x-2)(x-3)(x-4)(x-5)(x-6) = x^6 - 21x^5 + 175x^4 - 735x^3 + 1624x^2 - 1764x + 720
  const coeffs = [-21, 175, -735, 1624, -1764, 720];
  const rows = coeffs.map((_, i) =>
    coeffs.map((_, j) => (i === 0 ? -coeffs[j] : i === j + 1 ? 1 : 0))
  );
  assertSameEigenvalues(
    eig(matrix(rows)),
    [1, 2, 3, 4, 5, 6].map((r) => [r, 0]),
    1e-9,
  );
});

Deno.test("eigvals() handles eigenvalues of equal magnitude", async (t) => {
  await t.step("swap matrix: ±1", () => {
    assertSameEigenvalues(eig(matrix([[0, 1], [1, 0]])), [[1, 0], [-1, 0]]);
  });
  await t.step("diag(2, -2, 2, -2)", () => {
    const a = matrix([[2, 0, 0, 0], [0, -2, 0, 0], [0, 0, 2, 0], [
      0,
      0,
      0,
      -2,
    ]]);
    assertSameEigenvalues(eig(a), [[2, 0], [-2, 0], [2, 0], [-2, 0]]);
  });
  for (const n of [3, 5, 8, 13]) {
    await t.step(
      `cyclic permutation of order ${n}: the roots of unity of order ${n}`,
      () => {
        // The unshifted QR iteration makes no progress on this matrix; the
        // exceptional shifts have to break the cycle.
        const rows = Array.from(
          { length: n },
          (_, i) =>
            Array.from({ length: n }, (_, j) => (j === (i + 1) % n ? 1 : 0)),
        );
        const expected: C[] = Array.from(
          { length: n },
          (
            _,
            k,
          ) => [
            Math.cos((2 * Math.PI * k) / n),
            Math.sin((2 * Math.PI * k) / n),
          ],
        );
        const values = eig(matrix(rows));
        assertSameEigenvalues(values, expected);
        assertConsistentWithMatrix(matrix(rows), values);
        assertAlmostEquals(spectralRadius(matrix(rows)), 1, 1e-12);
      },
    );
  }
});

Deno.test("eigvals() handles defective matrices", async (t) => {
  await t.step("a Jordan block is already triangular: exact", () => {
    assertEquals(eig(matrix([[2, 1], [0, 2]])), [[2, 0], [2, 0]]);
  });
  await t.step("a hidden 2×2 Jordan block: error of order sqrt(eps)", () => {
    // S J S⁻¹ with J = [[3, 1], [0, 3]], S = [[1, 2], [3, 4]] (det -2).
    const a = matrix([[4.5, -0.5], [4.5, 1.5]]);
    assertSameEigenvalues(eig(a), [[3, 0], [3, 0]], 1e-7);
  });
  await t.step("a hidden 3×3 Jordan block: error of order eps^(1/3)", () => {
    // S J S⁻¹ with J the 3×3 Jordan block of eigenvalue -1 and
    // S = [[1, 1, 0], [0, 1, 1], [1, 0, 1]], S⁻¹ = ½[[1, -1, 1], [1, 1, -1], [-1, 1, 1]].
    const a = matrix([[-1, 1, 0], [-0.5, -0.5, 0.5], [0.5, 0.5, -1.5]]);
    assertSameEigenvalues(eig(a), [[-1, 0], [-1, 0], [-1, 0]], 1e-4);
  });
});

Deno.test("eigvals() handles zero, 1×1, 0×0 and triangular matrices", async (t) => {
  await t.step("zero matrix", () => {
    assertEquals(eig(matrix([[0, 0, 0], [0, 0, 0], [0, 0, 0]])), [[0, 0], [
      0,
      0,
    ], [0, 0]]);
  });
  await t.step("1×1", () => {
    assertEquals(eig(matrix([[-7.25]])), [[-7.25, 0]]);
  });
  await t.step("0×0", () => {
    assertEquals(eig(new Tensor(new Float64Array(0), [0, 0])), []);
  });
  await t.step("upper triangular: exactly the diagonal", () => {
    const a = matrix([[1, 5, -3, 2], [0, -2, 4, 1], [0, 0, 0.5, 9], [
      0,
      0,
      0,
      3,
    ]]);
    assertSameEigenvalues(eig(a), [[1, 0], [-2, 0], [0.5, 0], [3, 0]], 0);
  });
  await t.step("lower triangular", () => {
    const a = matrix([[1, 0, 0], [5, -2, 0], [-3, 4, 0.5]]);
    assertSameEigenvalues(eig(a), [[1, 0], [-2, 0], [0.5, 0]]);
  });
});

Deno.test("eigvals() accepts float32 input and leaves its input unchanged", () => {
  const data = new Float32Array([0, -1, 1, 0]);
  const a = new Tensor(data, [2, 2]);
  assertSameEigenvalues(eig(a), [[0, 1], [0, -1]]);
  assertEquals(Array.from(a.data), [0, -1, 1, 0]);
  assertEquals(eigvals(a).real.dtype, "float64");
});

Deno.test("eigvals() throws TypeError for a non-square matrix", () => {
  assertThrows(
    () => eigvals(new Tensor(new Float64Array(6), [2, 3])),
    TypeError,
    "eigvals: expected a square matrix, got shape [2, 3]",
  );
  assertThrows(
    () => eigvals(new Tensor(new Float64Array(3), [3])),
    TypeError,
    "eigvals: expected a square matrix, got shape [3]",
  );
});

Deno.test("eigvals() throws RangeError for non-finite entries", () => {
  assertThrows(
    () => eigvals(matrix([[1, NaN], [0, 1]])),
    RangeError,
    "non-finite entries, got NaN at [0, 1]",
  );
});

Deno.test("eigvals() throws RangeError when the QR iteration does not converge", () => {
  const f = fixture("random_16x16");
  assertThrows(
    () =>
      eigvals(new Tensor(Float64Array.from(f.data), f.shape), {
        maxIterations: 2,
      }),
    RangeError,
    "eigvals: the QR algorithm did not converge within 2 iterations for a matrix of shape [16, 16]",
  );
});

Deno.test("spectralRadius() is the largest eigenvalue modulus", () => {
  for (const f of fixtures) {
    const expected = Math.max(
      ...f.real.map((re, i) => Math.hypot(re, f.imag[i])),
    );
    const rho = spectralRadius(new Tensor(Float64Array.from(f.data), f.shape));
    assertAlmostEquals(rho, expected, 1e-9 * expected, f.name);
  }
  assertEquals(spectralRadius(new Tensor(new Float64Array(0), [0, 0])), 0);
  assertAlmostEquals(spectralRadius(matrix([[0.5, 0], [0, -0.9]])), 0.9);
});

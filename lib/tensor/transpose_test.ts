import { assert, assertEquals, assertThrows } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { arange, detach, tensor } from "./creation.ts";
import { reshape } from "./reshape.ts";
import { shapeSize, type Tensor } from "./tensor.ts";
import { permute, t, transpose } from "./transpose.ts";

/** A float64 leaf holding 0.5, 1.5, 2.5, ... in the given shape. */
function seq(...shape: number[]): Tensor {
  return detach(reshape(arange(0.5, shapeSize(shape) + 0.5), shape));
}

Deno.test("transpose() swaps two dimensions", () => {
  const x = reshape(arange(6), 2, 3);
  assertEquals(transpose(x, 0, 1).tolist(), [[0, 3], [1, 4], [2, 5]]);
  assertEquals(transpose(x, -1, -2).tolist(), [[0, 3], [1, 4], [2, 5]]);
  assertEquals(transpose(x, 1, 1).tolist(), x.tolist());
  const y = reshape(arange(24), 2, 3, 4);
  const z = transpose(y, 0, 2);
  assertEquals(z.shape, [4, 3, 2]);
  // z[i, j, k] = y[k, j, i] = 12k + 4j + i
  assertEquals(z.data[1 * 6 + 2 * 2 + 1], 12 + 8 + 1);
  assertThrows(
    () => transpose(x, 0, 2),
    RangeError,
    "Dimension out of range (expected to be in range of [-2, 1], but got 2)",
  );
});

Deno.test("permute() reorders all dimensions", () => {
  const y = reshape(arange(24), 2, 3, 4);
  const z = permute(y, [2, 0, 1]);
  assertEquals(z.shape, [4, 2, 3]);
  // z[a, b, c] = y[b, c, a] = 12b + 4c + a
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b < 2; b++) {
      for (let c = 0; c < 3; c++) {
        assertEquals(z.data[a * 6 + b * 3 + c], 12 * b + 4 * c + a);
      }
    }
  }
  assertEquals(permute(y, 0, 1, 2).tolist(), y.tolist());
  assertEquals(permute(y, -1, 0, 1).tolist(), z.tolist());
  assertEquals(permute(tensor(3), []).shape, []);
});

/** All orderings of `0..n-1`. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) =>
    Array.from(
      { length: n },
      (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)],
    )
  );
}

Deno.test("permute() matches a plain reference for every order of 4 dims", () => {
  for (
    const shape of [[2, 3, 4, 5], [2, 1, 3, 1], [1, 4, 1, 3], [3, 2, 1, 2]]
  ) {
    const x = seq(...shape);
    const inStride = [
      shape[1] * shape[2] * shape[3],
      shape[2] * shape[3],
      shape[3],
      1,
    ];
    for (const perm of permutations(4)) {
      const y = permute(x, perm);
      const outShape = perm.map((p) => shape[p]);
      assertEquals(y.shape, outShape);
      let o = 0;
      for (let a = 0; a < outShape[0]; a++) {
        for (let b = 0; b < outShape[1]; b++) {
          for (let c = 0; c < outShape[2]; c++) {
            for (let d = 0; d < outShape[3]; d++) {
              const idx = [a, b, c, d];
              let offset = 0;
              for (let k = 0; k < 4; k++) offset += idx[k] * inStride[perm[k]];
              assertEquals(y.data[o++], x.data[offset], `${shape} ${perm}`);
            }
          }
        }
      }
    }
  }
});

Deno.test("permute() swaps time and batch of [T, B, D] sequences", () => {
  const x = seq(5, 3, 4);
  const y = permute(x, 1, 0, 2);
  assertEquals(y.shape, [3, 5, 4]);
  assertEquals(y.data[(2 * 5 + 4) * 4 + 1], x.data[(4 * 3 + 2) * 4 + 1]);
  assert(gradcheck((a) => permute(a, 1, 0, 2), [x]).maxRelativeError < 1e-6);
});

Deno.test("permute() rejects lists that are not a permutation", () => {
  const y = reshape(arange(24), 2, 3, 4);
  assertThrows(
    () => permute(y, [1, 0]),
    TypeError,
    "permute(): number of dims don't match: the tensor of shape [2, 3, 4] has 3 dims but dims [1, 0] has 2",
  );
  assertThrows(
    () => permute(y, [0, 0, 1]),
    TypeError,
    "permute(): repeated dim in dims [0, 0, 1]",
  );
  assertThrows(() => permute(y, [0, 1, 3]), RangeError, "but got 3");
});

Deno.test("t() transposes matrices and leaves vectors alone", () => {
  assertEquals(t(tensor([[1, 2, 3]])).tolist(), [[1], [2], [3]]);
  const v = tensor([1, 2, 3]);
  assertEquals(t(v).shape, [3]);
  assertEquals(t(tensor(5)).shape, []);
  assertThrows(
    () => t(reshape(arange(8), 2, 2, 2)),
    TypeError,
    "t() expects a tensor with <= 2 dimensions, but got shape [2, 2, 2] (3-D)",
  );
});

Deno.test("transpose(), permute() and t() have exact gradients", () => {
  const x3 = seq(2, 3, 4), x2 = seq(3, 5), x1 = seq(4);
  const checks: [(a: Tensor) => Tensor, Tensor][] = [
    [(a) => transpose(a, 0, 2), x3],
    [(a) => transpose(a, 1, 2), x3],
    [(a) => permute(a, 2, 0, 1), x3],
    [(a) => permute(a, 1, 2, 0), x3],
    [(a) => t(a), x2],
    [(a) => t(a), x1],
  ];
  for (const [f, x] of checks) {
    assert(gradcheck(f, [x]).maxRelativeError < 1e-6);
  }
});

Deno.test("transposes keep float32", () => {
  const x = tensor([[1, 2]], { dtype: "float32" });
  assertEquals(t(x).dtype, "float32");
  assertEquals(permute(x, 1, 0).dtype, "float32");
  assertEquals(transpose(x, 0, 1).dtype, "float32");
});

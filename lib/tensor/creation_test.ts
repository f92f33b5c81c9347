import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import { backward } from "../autograd/backward.ts";
import { gradcheck } from "../autograd/gradcheck.ts";
import {
  arange,
  clone,
  detach,
  double,
  eye,
  float,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  tensor,
  toDtype,
  zeros,
  zerosLike,
} from "./creation.ts";
import { Tensor } from "./tensor.ts";

Deno.test("tensor() reads the shape from nested arrays", () => {
  const x = tensor([[[1, 2], [3, 4], [5, 6]]]);
  assertEquals(x.shape, [1, 3, 2]);
  assertEquals(Array.from(x.data), [1, 2, 3, 4, 5, 6]);
  assertEquals(x.dtype, "float64");
  assertEquals(x.requiresGrad, false);
  assertEquals(tensor(2.5).shape, []);
  assertEquals(tensor(2.5).item(), 2.5);
  assertEquals(tensor([]).shape, [0]);
  assertEquals(tensor([[], []]).shape, [2, 0]);
});

Deno.test("tensor() accepts typed arrays, tensors and booleans inside arrays", () => {
  assertEquals(tensor(new Float32Array([1, 2])).shape, [2]);
  const rows = [new Float64Array([1, 2]), new Float64Array([3, 4])];
  assertEquals(tensor(rows).tolist(), [[1, 2], [3, 4]]);
  const t = tensor([tensor([1, 2]), tensor([3, 4])]);
  assertEquals(t.tolist(), [[1, 2], [3, 4]]);
  assertEquals(tensor([tensor(1), tensor(2)]).shape, [2]);
  assertEquals(tensor([true, false]).tolist(), [1, 0]);
});

Deno.test("tensor() copies its input", () => {
  const src = new Float64Array([1, 2]);
  const x = tensor(src);
  src[0] = 9;
  assertEquals(x.data[0], 1);
  const y = tensor(x);
  y.data[1] = 9;
  assertEquals(x.data[1], 2);
});

Deno.test("tensor() honours dtype and requiresGrad", () => {
  const x = tensor([0.1, 0.2], { dtype: "float32", requiresGrad: true });
  assert(x.data instanceof Float32Array);
  assertEquals(x.data[0], Math.fround(0.1));
  assertEquals(x.requiresGrad, true);
  assert(x.isLeaf);
});

Deno.test("tensor() names the dim and index of ragged nested arrays", () => {
  assertThrows(
    () => tensor([[1, 2, 3], [4, 5]]),
    TypeError,
    "expected sequence of length 3 at dim 1 (got 2) at index [1]",
  );
  assertThrows(
    () => tensor([[1, 2], 3]),
    TypeError,
    "expected sequence of length 2 at dim 1 (got number) at index [1]",
  );
  assertThrows(
    () => tensor([[1, 2], [3, [4]]]),
    TypeError,
    "expected a number at dim 2 (got a sequence of length 1) at index [1, 1]",
  );
  assertThrows(
    // @ts-expect-error: strings are not numbers
    () => tensor([1, "2"]),
    TypeError,
    "expected a number at dim 1 (got string) at index [1]",
  );
  assertThrows(
    () => tensor([tensor([1, 2]), tensor([1, 2, 3])]),
    TypeError,
    "expected a tensor of shape [2] at dim 1 (got [3]) at index [1]",
  );
  assertThrows(
    // @ts-expect-error: not a dtype
    () => tensor([1], { dtype: "int32" }),
    TypeError,
    'dtype must be "float64" or "float32", but got "int32"',
  );
});

Deno.test("zeros() and ones() accept sizes as arguments or as one array", () => {
  assertEquals(zeros(2, 3).shape, [2, 3]);
  assertEquals(zeros([2, 3]).shape, [2, 3]);
  assertEquals(zeros().shape, []);
  assertEquals(zeros([]).numel(), 1);
  assertEquals(Array.from(ones(3).data), [1, 1, 1]);
  assertEquals(ones([2, 1]).tolist(), [[1], [1]]);
  const z = zeros(2, 2, { dtype: "float32", requiresGrad: true });
  assertEquals(z.dtype, "float32");
  assertEquals(z.requiresGrad, true);
  assertEquals(ones([2], { dtype: "float32" }).dtype, "float32");
});

Deno.test("zeros() rejects negative and fractional sizes", () => {
  assertThrows(
    () => zeros(-1, 3),
    RangeError,
    "zeros(): Trying to create tensor with negative dimension -1: [-1, 3]",
  );
  assertThrows(
    () => ones([2.5]),
    TypeError,
    "ones(): argument 'size' must be a sequence of integers, but got [2.5]",
  );
});

Deno.test("full() fills a shape with one value", () => {
  assertEquals(full([2, 2], -3).tolist(), [[-3, -3], [-3, -3]]);
  assertEquals(full(3, 1.5).tolist(), [1.5, 1.5, 1.5]);
  assertEquals(full([1], 1, { dtype: "float32" }).dtype, "float32");
  assertThrows(() => full([-2], 0), RangeError, "negative dimension -2");
});

Deno.test("arange() counts from start to end by step, end excluded", () => {
  assertEquals(arange(5).tolist(), [0, 1, 2, 3, 4]);
  assertEquals(arange(2, 5).tolist(), [2, 3, 4]);
  assertEquals(arange(0, 1, 0.3).shape, [4]);
  assertAlmostEquals(arange(0, 1, 0.3).data[3], 0.9, 1e-15);
  assertEquals(arange(5, 0, -2).tolist(), [5, 3, 1]);
  assertEquals(arange(3, 3).shape, [0]);
  assertEquals(arange(3, { dtype: "float32" }).dtype, "float32");
  assertEquals(arange(1, 3, { requiresGrad: true }).requiresGrad, true);
});

Deno.test("arange() rejects a zero step and a step pointing away from end", () => {
  assertThrows(() => arange(0, 5, 0), RangeError, "step must be nonzero");
  assertThrows(
    () => arange(0, 5, -1),
    RangeError,
    "upper bound and larger bound inconsistent with step sign: start=0, end=5, step=-1",
  );
});

Deno.test("linspace() includes both ends", () => {
  const x = linspace(-1, 1, 5);
  assertEquals(x.tolist(), [-1, -0.5, 0, 0.5, 1]);
  assertEquals(linspace(0, 0.3, 7).data[6], 0.3);
  assertEquals(linspace(2, 3, 1).tolist(), [2]);
  assertEquals(linspace(2, 3, 0).shape, [0]);
  assertThrows(
    () => linspace(0, 1, -1),
    RangeError,
    "number of steps must be a non-negative integer, but got -1",
  );
});

Deno.test("eye() builds identity matrices, square or not", () => {
  assertEquals(eye(3).tolist(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  assertEquals(eye(2, 3).tolist(), [[1, 0, 0], [0, 1, 0]]);
  assertEquals(eye(3, 2).tolist(), [[1, 0], [0, 1], [0, 0]]);
  assertEquals(eye(2, { dtype: "float32" }).dtype, "float32");
});

Deno.test("zerosLike(), onesLike() and fullLike() copy shape and dtype", () => {
  const x = tensor([[1, 2, 3]], { dtype: "float32", requiresGrad: true });
  const z = zerosLike(x);
  assertEquals(z.shape, [1, 3]);
  assertEquals(z.dtype, "float32");
  assertEquals(z.requiresGrad, false);
  assertEquals(onesLike(x).tolist(), [[1, 1, 1]]);
  assertEquals(fullLike(x, 4, { dtype: "float64" }).dtype, "float64");
  assertEquals(fullLike(x, 4).tolist(), [[4, 4, 4]]);
});

Deno.test("clone() copies storage and passes gradients through", () => {
  const x = tensor([1, 2, 3]);
  assertEquals(clone(x).data === x.data, false);
  assertEquals(clone(x).tolist(), [1, 2, 3]);
  const r = gradcheck((a) => clone(a), [tensor([[0.5, -1], [2, 3]])]);
  assert(r.maxRelativeError < 1e-6);
  assertEquals(clone(tensor([1], { dtype: "float32" })).dtype, "float32");
});

Deno.test("detach() copies values outside the graph", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const y = detach(clone(x));
  assertEquals(y.requiresGrad, false);
  assertEquals(y.gradFn, null);
  y.data[0] = 5;
  assertEquals(x.data[0], 1);
});

Deno.test("toDtype(), float() and double() convert and keep the gradient", () => {
  const x = tensor([0.1, 0.2]);
  const f = float(x);
  assert(f.data instanceof Float32Array);
  assertStrictEquals(toDtype(x, "float64"), x);
  assertEquals(double(f).dtype, "float64");
  const r = gradcheck((a) => double(float(a)), [tensor([1, 2, 3])], 1e-2);
  assert(r.maxRelativeError < 1e-6);
  const leaf = tensor([1, 2], { requiresGrad: true });
  backward(float(leaf), new Tensor(new Float64Array([3, 4]), [2]));
  assertEquals(leaf.grad?.tolist(), [3, 4]);
});

import { assertEquals } from "@std/assert";
import { type GradNode, Tensor } from "../tensor/tensor.ts";
import { formatTensor } from "./format_tensor.ts";

// Expected strings are what PyTorch prints for the same values
// (`torch.tensor(...)` with dtype float32; our default dtype is float64, so
// torch's `dtype=torch.float64` suffix corresponds to our `dtype=float32`).

function t(values: number[], shape: number[] = [values.length]): Tensor {
  return new Tensor(Float64Array.from(values), shape);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

Deno.test("formatTensor() prints integer-valued tensors with a trailing dot", () => {
  assertEquals(formatTensor(t([1, 2, 3])), "tensor([1., 2., 3.])");
  assertEquals(formatTensor(t([0, 0])), "tensor([0., 0.])");
  assertEquals(formatTensor(t([-1, 10])), "tensor([-1., 10.])");
});

Deno.test("formatTensor() prints fractions with 4 decimals padded to a common width", () => {
  assertEquals(formatTensor(t([1.5, 2])), "tensor([1.5000, 2.0000])");
  assertEquals(
    formatTensor(t([1, -2.5, 3, 4], [2, 2])),
    "tensor([[ 1.0000, -2.5000],\n        [ 3.0000,  4.0000]])",
  );
  assertEquals(
    formatTensor(t([0.1, 0.25, 100])),
    "tensor([  0.1000,   0.2500, 100.0000])",
  );
});

Deno.test("formatTensor() prints 0-d tensors without brackets", () => {
  assertEquals(formatTensor(t([3.5], [])), "tensor(3.5000)");
  assertEquals(formatTensor(t([3], [])), "tensor(3.)");
});

Deno.test("formatTensor() switches to scientific notation when the range demands it", () => {
  assertEquals(formatTensor(t([1e-5, 1])), "tensor([1.0000e-05, 1.0000e+00])");
  assertEquals(formatTensor(t([1, 1e9])), "tensor([1.0000e+00, 1.0000e+09])");
  assertEquals(formatTensor(t([1, 1e10])), "tensor([1.0000e+00, 1.0000e+10])");
  assertEquals(
    formatTensor(t([0.5, 1000])),
    "tensor([5.0000e-01, 1.0000e+03])",
  );
});

Deno.test("formatTensor() rounds exact ties to even like Python", () => {
  assertEquals(formatTensor(t([0.03125])), "tensor([0.0312])");
  assertEquals(formatTensor(t([0.09375])), "tensor([0.0938])");
});

Deno.test("formatTensor() prints nan and inf padded to the width", () => {
  assertEquals(formatTensor(t([1, NaN])), "tensor([1., nan])");
  assertEquals(formatTensor(t([0.1, Infinity])), "tensor([0.1000,    inf])");
  assertEquals(formatTensor(t([-Infinity, 2])), "tensor([-inf, 2.])");
});

Deno.test("formatTensor() wraps long rows at 80 characters", () => {
  assertEquals(
    formatTensor(t(range(30))),
    "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n" +
      "        14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25., 26., 27.,\n" +
      "        28., 29.])",
  );
});

Deno.test("formatTensor() separates 3-d blocks with a blank line", () => {
  assertEquals(
    formatTensor(t(new Array(8).fill(0), [2, 2, 2])),
    "tensor([[[0., 0.],\n         [0., 0.]],\n\n        [[0., 0.],\n         [0., 0.]]])",
  );
});

Deno.test("formatTensor() summarizes tensors above 1000 elements", async (s) => {
  await s.step("1-d", () => {
    assertEquals(
      formatTensor(t(range(2000))),
      "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n" +
        "        1.9990e+03])",
    );
  });
  await s.step("2-d", () => {
    const row = "[1., 1., 1.,  ..., 1., 1., 1.]";
    assertEquals(
      formatTensor(t(new Array(10000).fill(1), [100, 100])),
      `tensor([${row},\n        ${row},\n        ${row},\n        ...,\n` +
        `        ${row},\n        ${row},\n        ${row}])`,
    );
  });
  await s.step("exactly 1000 elements are not summarized", () => {
    const text = formatTensor(t(range(1000)));
    assertEquals(text.includes("..."), false);
  });
});

Deno.test("formatTensor() appends dtype and autograd suffixes", () => {
  assertEquals(
    formatTensor(new Tensor(new Float32Array([1, 2]), [2])),
    "tensor([1., 2.], dtype=float32)",
  );
  assertEquals(
    formatTensor(new Tensor(new Float64Array([1, 2]), [2], true)),
    "tensor([1., 2.], requires_grad=True)",
  );
  const y = t([2, 4]);
  const node: GradNode = { name: "mul", inputs: [], backward: () => [] };
  y.gradFn = node;
  y.requiresGrad = true;
  assertEquals(formatTensor(y), "tensor([2., 4.], grad_fn=<MulBackward0>)");
});

Deno.test("formatTensor() moves suffixes to a new line when the line is full", () => {
  const x = new Tensor(Float64Array.from(range(14)), [14], true);
  assertEquals(
    formatTensor(x),
    "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.],\n" +
      "       requires_grad=True)",
  );
});

Deno.test("formatTensor() prints empty tensors with their size", () => {
  assertEquals(formatTensor(t([], [0])), "tensor([])");
  assertEquals(formatTensor(t([], [0, 3])), "tensor([], size=(0, 3))");
});

Deno.test("formatTensor() honours precision and sciMode options", () => {
  assertEquals(formatTensor(t([1.23456]), { precision: 2 }), "tensor([1.23])");
  assertEquals(
    formatTensor(t([1.5, 2]), { sciMode: true }),
    "tensor([1.5000e+00, 2.0000e+00])",
  );
});

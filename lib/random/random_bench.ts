import { RandomState } from "./random_state.ts";
import { Generator } from "./generator.ts";

const N = 1_000_000;
const rs = new RandomState(0);
const g = new Generator(0);

Deno.bench("RandomState.randn: 1e6 values (NumPy legacy polar)", () => {
  rs.randn(N);
});

Deno.bench("RandomState.rand: 1e6 values", () => {
  rs.rand(N);
});

Deno.bench("Generator.randn: 1e6 float64 values (PyTorch Box-Muller)", () => {
  g.randn(N);
});

Deno.bench("Generator.randn: 1e6 float32 values", () => {
  g.randn(N, { dtype: "float32" });
});

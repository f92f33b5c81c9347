import { assertEquals, assertLess } from "@std/assert";
import { Generator } from "../random/generator.ts";
import type { Tensor } from "../tensor/tensor.ts";
import "../tensor/methods.ts";
import { Adam } from "../optim/adam.ts";
import { GRU } from "./gru.ts";
import { LSTM } from "./lstm.ts";
import type { Module } from "./module.ts";
import { mseLoss } from "./mse_loss.ts";
import { RecurrentRegressionModel } from "./recurrent_regression_model.ts";
import { RNN } from "./rnn.ts";

/** 30 Adam steps of a regression model; the losses. */
function train(
  model: Module & { forward(x: Tensor): [Tensor, Tensor] },
  data: [Tensor, Tensor][],
): number[] {
  const opt = new Adam(model.parameters(), { lr: 1e-2 });
  return data.map(([x, y]) => {
    const loss = mseLoss(model.forward(x)[0], y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss.item();
  });
}

Deno.test("float32 RNN, LSTM and GRU models train in float32 storage and follow the float64 run to float32 tolerance", () => {
  const make = {
    RNN: (o: { dtype: "float32" | "float64" }) => new RNN(8, 20, 2, o),
    LSTM: (o: { dtype: "float32" | "float64" }) => new LSTM(8, 20, 1, o),
    GRU: (o: { dtype: "float32" | "float64" }) => new GRU(8, 20, 1, o),
  };
  for (const [name, net] of Object.entries(make)) {
    const g = new Generator(3);
    const data: [Tensor, Tensor][] = Array.from({ length: 30 }, () => [
      g.randn([6, 7, 8]),
      g.randn([6, 7, 1]),
    ]);
    const m64 = new RecurrentRegressionModel(net({ dtype: "float64" }), 1);
    const m32 = new RecurrentRegressionModel(net({ dtype: "float32" }), 1, {
      dtype: "float32",
    });
    m32.loadStateDict(m64.stateDict());
    const data32 = data.map(([x, y]) =>
      [x.to("float32"), y.to("float32")] as [Tensor, Tensor]
    );
    const l64 = train(m64, data), l32 = train(m32, data32);
    assertEquals(
      m32.parameters().every((p) => p.dtype === "float32"),
      true,
      name,
    );
    l64.forEach((v, i) =>
      assertLess(Math.abs(l32[i] - v) / v, 1e-4, `${name} step ${i + 1}`)
    );
  }
});

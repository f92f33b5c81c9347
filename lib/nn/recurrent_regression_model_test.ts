import { assertLess } from "@std/assert";
import { gradcheck } from "../autograd/gradcheck.ts";
import { RandomState } from "../random/random_state.ts";
import "../tensor/methods.ts";
import { GRU } from "./gru.ts";
import { LSTM } from "./lstm.ts";
import { mseLoss } from "./mse_loss.ts";
import { RecurrentRegressionModel } from "./recurrent_regression_model.ts";
import { RNN } from "./rnn.ts";

Deno.test("whole RNN, LSTM and GRU regression models pass gradcheck (float64)", () => {
  const rs = new RandomState(2);
  for (
    const net of [
      new RNN(2, 4, 2, { generator: rs }),
      new RNN(2, 3, 1, { generator: rs, nonlinearity: "relu" }),
      new LSTM(2, 3, 2, { generator: rs }),
      new GRU(2, 3, 2, { generator: rs }),
    ]
  ) {
    const model = new RecurrentRegressionModel(net, 2, { generator: rs });
    const x = rs.randn(3, 5, 2), y = rs.randn(3, 5, 2);
    const { maxRelativeError } = gradcheck(
      (..._p) => mseLoss(model.forward(x)[0], y),
      model.parameters(),
    );
    assertLess(maxRelativeError, 1e-7, net.constructor.name);
    const gx = gradcheck((xx) => mseLoss(model.forward(xx)[0], y), [x]);
    assertLess(gx.maxRelativeError, 1e-7);
  }
});

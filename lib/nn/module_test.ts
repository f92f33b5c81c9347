import { assertEquals, assertThrows } from "@std/assert";
import { tensor } from "../tensor/creation.ts";
import "../tensor/methods.ts";
import { LSTM } from "./lstm.ts";
import { RecurrentRegressionModel } from "./recurrent_regression_model.ts";
import { RNN } from "./rnn.ts";

Deno.test("namedParameters uses PyTorch's keys, dotted for submodules", () => {
  const model = new RecurrentRegressionModel(new LSTM(1, 4, 2));
  assertEquals(model.namedParameters().map(([k]) => k), [
    "recurrentNet.weight_ih_l0",
    "recurrentNet.weight_hh_l0",
    "recurrentNet.bias_ih_l0",
    "recurrentNet.bias_hh_l0",
    "recurrentNet.weight_ih_l1",
    "recurrentNet.weight_hh_l1",
    "recurrentNet.bias_ih_l1",
    "recurrentNet.bias_hh_l1",
    "linear.weight",
    "linear.bias",
  ]);
  assertEquals(model.getParameter("recurrentNet.weight_hh_l1").shape, [16, 4]);
  assertThrows(
    () => model.getParameter("recurrentNet.layers.0.weightHh"),
    RangeError,
    'has no parameter "recurrentNet.layers.0.weightHh"; it has recurrentNet.weight_ih_l0',
  );
});

Deno.test("loadStateDict gives one error listing every missing, unexpected and mis-shaped key with shapes, and changes nothing", () => {
  const rnn = new RNN(2, 3);
  const sd = rnn.stateDict();
  const before = rnn.stateDict();
  const { bias_hh_l0: _, ...noBias } = sd;
  const err = assertThrows(
    () =>
      rnn.loadStateDict({
        ...noBias,
        weight_hh_l0: tensor([[1, 2]]),
        extra: tensor([1]),
      }),
    RangeError,
  );
  assertEquals(
    err.message,
    "Error(s) in loading state_dict for RNN:\n" +
      '  Missing key(s) in state_dict: "bias_hh_l0" [3].\n' +
      '  Unexpected key(s) in state_dict: "extra" [1].\n' +
      "  size mismatch for weight_hh_l0: copying a param with shape [1, 2] from checkpoint, the shape in current model is [3, 3].\n" +
      'Expected: "weight_ih_l0" [3, 2], "weight_hh_l0" [3, 3], "bias_ih_l0" [3], "bias_hh_l0" [3]',
  );
  assertEquals(
    rnn.stateDict().weight_ih_l0.tolist(),
    before.weight_ih_l0.tolist(),
  );
});

Deno.test("loadStateDict(dict, false) loads a subset; the state dict is a copy", () => {
  const rnn = new RNN(2, 3);
  const sd = rnn.stateDict();
  rnn.loadStateDict({ bias_ih_l0: tensor([1, 2, 3]) }, false);
  assertEquals(Array.from(rnn.layers[0].biasIh!.data), [1, 2, 3]);
  sd.bias_ih_l0.data[0] = 99;
  assertEquals(rnn.layers[0].biasIh!.data[0], 1);
});

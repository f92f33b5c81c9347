/**
 * Neural-network layers on the autograd tensors (PyTorch's `torch.nn`):
 * `Module`, `Linear`, `RNNLayer`/`RNN`, `LSTMLayer`/`LSTM`,
 * `RecurrentRegressionModel`, `mseLoss`, and the fused per-step kernels
 * `rnnCell`, `lstmCell`, `linear` they are built on, and the raw Elman
 * recurrence kernel (`recurrenceForward`/`recurrenceBackward`) that
 * `rnnSequence` and `lib/bptt` share.
 *
 * @example
 * ```ts
 * import { RecurrentRegressionModel, RNN, mseLoss } from "./mod.ts";
 * import { zeros } from "../tensor/creation.ts";
 * import "../tensor/methods.ts";
 * import { assert } from "@std/assert";
 *
 * const model = new RecurrentRegressionModel(new RNN(1, 8, 2));
 * const [pred] = model.forward(zeros(4, 10, 1));
 * const loss = mseLoss(pred, zeros(4, 10, 1));
 * loss.backward();
 * assert(model.parameters().every((p) => p.grad !== null));
 * ```
 *
 * @module
 */
export * from "./module.ts";
export * from "./init.ts";
export * from "./linear_op.ts";
export * from "./linear.ts";
export * from "./rnn_recurrence.ts";
export * from "./rnn_cell.ts";
export * from "./lstm_cell.ts";
export * from "./rnn_sequence.ts";
export * from "./lstm_sequence.ts";
export * from "./rnn_layer.ts";
export * from "./rnn.ts";
export * from "./lstm_layer.ts";
export * from "./lstm.ts";
export * from "./recurrent_regression_model.ts";
export * from "./mse_loss.ts";
export * from "./safetensors.ts";

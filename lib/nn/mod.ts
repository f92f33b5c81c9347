/**
 * Neural-network layers on the autograd tensors (PyTorch's `torch.nn`):
 * `Module`, `Linear`, the recurrent modules `RNN`, `LSTM` and `GRU` (one
 * `RNNBase` over a cell spec each), `RecurrentRegressionModel`, `mseLoss`,
 * and below them the fused layer op `recurrentSequence` and the recurrent
 * kernel on plain arrays (`sequenceForward`/`sequenceBackward`) that
 * `lib/bptt` shares.
 *
 * @example
 * ```ts
 * import { mseLoss, RecurrentRegressionModel, RNN } from "./mod.ts";
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
export * from "./cell_spec.ts";
export * from "./rnn_cell_spec.ts";
export * from "./lstm_cell_spec.ts";
export * from "./gru_cell_spec.ts";
export * from "./recurrent_kernel.ts";
export * from "./recurrent_sequence.ts";
export * from "./rnn_base.ts";
export * from "./rnn.ts";
export * from "./lstm.ts";
export * from "./gru.ts";
export * from "./recurrent_regression_model.ts";
export * from "./mse_loss.ts";
export * from "./safetensors.ts";

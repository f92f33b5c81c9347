/**
 * The Elman cell: `h_t = act(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)`.
 *
 * @module
 */
import { tanhBackward, tanhInPlace } from "../kernels/activations.ts";
import type { CellSpec, CellStep, CellStepBackward } from "./cell_spec.ts";

/**
 * Nonlinearities of the Elman cell: PyTorch's `"tanh"` and `"relu"`, and
 * `"identity"` (a linear RNN, which lab 4 studies).
 */
export type Nonlinearity = "tanh" | "relu" | "identity";

/**
 * Checks a nonlinearity's name.
 *
 * @throws {RangeError} naming the module and the allowed names.
 *
 * @example
 * ```ts
 * import { checkNonlinearity } from "./mod.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() => checkNonlinearity("RNN", "sigmoid"), RangeError, "Unknown nonlinearity 'sigmoid'");
 * ```
 */
export function checkNonlinearity(where: string, act: string): Nonlinearity {
  if (act !== "tanh" && act !== "relu" && act !== "identity") {
    throw new RangeError(
      `${where}: Unknown nonlinearity '${act}'. Select from 'tanh', 'relu' or 'identity'`,
    );
  }
  return act;
}

function forward(act: Nonlinearity, s: CellStep): void {
  const { f, z, hNow } = s, n = s.rows * s.hp;
  if (z !== hNow) f.copyWithin(hNow, z, z + n);
  if (act === "tanh") tanhInPlace(f, hNow, n);
  else if (act === "relu") {
    for (let i = hNow; i < hNow + n; i++) if (f[i] < 0) f[i] = 0;
  }
}

function backward(act: Nonlinearity, s: CellStepBackward): void {
  const { f, hNow, dh, dzi } = s, n = s.rows * s.hp;
  if (act === "tanh") {
    tanhBackward(f, dzi, dh, hNow, n);
  } else if (act === "relu") {
    for (let i = 0; i < n; i++) f[dzi + i] = f[hNow + i] > 0 ? f[dh + i] : 0;
  } else f.copyWithin(dzi, dh, dh + n);
}

/**
 * The Elman cell spec for a nonlinearity (PyTorch's `RNN_TANH`,
 * `RNN_RELU`).
 *
 * @example
 * ```ts
 * import { rnnCellSpec } from "./mod.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals([rnnCellSpec("relu").mode, rnnCellSpec("relu").gates], ["RNN_RELU", 1]);
 * ```
 */
export function rnnCellSpec(act: Nonlinearity): CellSpec {
  return {
    mode: `RNN_${act.toUpperCase()}`,
    gates: 1,
    hasCell: false,
    separateHidden: false,
    saves: false,
    gateScale: () => 1,
    forward: (s) => forward(act, s),
    backward: (s) => backward(act, s),
  };
}

/**
 * Typed views of the notebook's answers for the rubrics: a value that must be
 * a tensor, a pair of tensors. The failures say what came back instead.
 *
 * @module
 */
import { Tensor } from "../../lib/tensor/tensor.ts";
import { describeValue } from "../runner/remote.ts";

/**
 * The answer as a tensor.
 *
 * @param v A decoded answer.
 * @param what What it is, for the message (e.g. `"forward(x)[0]"`).
 * @returns The tensor.
 * @throws {TypeError} Naming what came back instead.
 *
 * @example
 * ```ts
 * import { asTensor } from "./answers.ts";
 * import { tensor } from "../../lib/mod.ts";
 * import { assertThrows } from "@std/assert";
 *
 * asTensor(tensor([1]), "x");
 * assertThrows(() => asTensor(3, "x"), TypeError, "x must be a Tensor, got a number (3)");
 * ```
 */
export function asTensor(v: unknown, what: string): Tensor {
  if (!(v instanceof Tensor)) {
    throw new TypeError(`${what} must be a Tensor, got ${describeValue(v)}`);
  }
  return v;
}

/**
 * The answer as a pair of tensors (e.g. `[hidden, y]`).
 *
 * @param v A decoded answer.
 * @param what The function that returned it.
 * @returns The two tensors.
 * @throws {TypeError} Naming what came back instead.
 *
 * @example
 * ```ts
 * import { asTensorPair } from "./answers.ts";
 * import { tensor } from "../../lib/mod.ts";
 * import { assertThrows } from "@std/assert";
 *
 * asTensorPair([tensor([1]), tensor([2])], "f");
 * assertThrows(() => asTensorPair([1], "f"), TypeError, "f must return a pair");
 * ```
 */
export function asTensorPair(v: unknown, what: string): [Tensor, Tensor] {
  if (!Array.isArray(v) || v.length !== 2) {
    throw new TypeError(`${what} must return a pair, got ${describeValue(v)}`);
  }
  return [asTensor(v[0], `${what}[0]`), asTensor(v[1], `${what}[1]`)];
}

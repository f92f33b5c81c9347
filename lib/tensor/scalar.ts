/**
 * Turning JavaScript numbers into tensors where an operation accepts either.
 *
 * @module
 */
import { allocFloat32, allocFloat64 } from "./_alloc.ts";
import { Tensor } from "./tensor.ts";

/** A tensor, or a number standing for a 0-d tensor. */
export type Operand = Tensor | number;

/**
 * `value` as a tensor; a number becomes a 0-d tensor with the storage type of
 * `like` (so `x * 2` keeps a float32 `x` float32, as in PyTorch).
 *
 * @example
 * ```ts
 * import { asTensor } from "./scalar.ts";
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const x = new Tensor(new Float32Array([1]), [1]);
 * assertEquals(asTensor(2, x).dtype, "float32");
 * ```
 */
export function asTensor(value: Operand, like?: Tensor): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value !== "number") {
    throw new TypeError(
      `expected a Tensor or a number, got ${
        value === null ? "null" : typeof value
      }`,
    );
  }
  const data = like?.data instanceof Float32Array
    ? allocFloat32(1)
    : allocFloat64(1);
  data[0] = value;
  return new Tensor(data, []);
}

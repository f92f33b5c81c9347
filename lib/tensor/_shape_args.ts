/**
 * Parsing of PyTorch-style size arguments: `f(2, 3)`, `f([2, 3])`, and an
 * optional trailing options object.
 *
 * @module
 */
import { type DType, formatShape } from "./tensor.ts";

/** Options accepted by every creation function. */
export interface TensorOptions {
  /** Storage type; `"float64"` unless stated. */
  dtype?: DType;
  /** Whether the new leaf tracks gradients. */
  requiresGrad?: boolean;
}

/** Size arguments: `(2, 3)`, `([2, 3])`, each optionally followed by options. */
export type SizeArgs =
  | [shape: readonly number[], options?: TensorOptions]
  | [...sizes: number[], options: TensorOptions]
  | number[];

function isOptions(v: unknown): v is TensorOptions {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Splits `args` into a validated shape and options.
 * @throws {TypeError} if a size is not an integer.
 * @throws {RangeError} if a size is negative.
 */
export function parseSizeArgs(
  op: string,
  args: readonly unknown[],
): { shape: number[]; options: TensorOptions } {
  let options: TensorOptions = {};
  let rest = args;
  if (rest.length > 0 && isOptions(rest[rest.length - 1])) {
    options = rest[rest.length - 1] as TensorOptions;
    rest = rest.slice(0, -1);
  }
  const sizes = rest.length === 1 && Array.isArray(rest[0])
    ? rest[0] as unknown[]
    : rest;
  return { shape: checkSizes(op, sizes), options };
}

/**
 * Checks that every size is a non-negative integer; returns a fresh array.
 * @throws {TypeError} if a size is not an integer.
 * @throws {RangeError} if a size is negative.
 */
export function checkSizes(op: string, sizes: readonly unknown[]): number[] {
  for (const s of sizes) {
    if (typeof s !== "number" || !Number.isInteger(s)) {
      throw new TypeError(
        `${op}(): argument 'size' must be a sequence of integers, but got [${
          sizes.map(String).join(", ")
        }]`,
      );
    }
  }
  const shape = sizes as number[];
  for (const s of shape) {
    if (s < 0) {
      throw new RangeError(
        `${op}(): Trying to create tensor with negative dimension ${s}: ${
          formatShape(shape)
        }`,
      );
    }
  }
  return [...shape];
}

/**
 * Flattens `(2, 3)` or `([2, 3])` into one array of integers (which may be
 * negative: dims, or `-1` in a reshape).
 * @throws {TypeError} if an entry is not an integer.
 */
export function intArgs(
  op: string,
  what: string,
  args: readonly (number | readonly number[])[],
): number[] {
  const list = args.length === 1 && Array.isArray(args[0])
    ? args[0] as readonly number[]
    : args as readonly number[];
  for (const v of list) {
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new TypeError(
        `${op}(): argument '${what}' must be a sequence of integers, but got [${
          list.map(String).join(", ")
        }]`,
      );
    }
  }
  return [...list];
}

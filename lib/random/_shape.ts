/**
 * Private helpers: validate the shapes that random draws are asked for.
 *
 * @module
 */

/**
 * Checks that every dimension is a non-negative integer and returns a copy.
 *
 * @param shape The requested dimensions.
 * @param what The call that needs the shape, for error messages.
 * @throws {TypeError} if a dimension is not an integer.
 * @throws {RangeError} if a dimension is negative.
 */
export function checkShape(shape: readonly number[], what: string): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d)) {
      throw new TypeError(
        `Cannot draw ${what}: dimensions must be integers, got shape [${
          shape.join(", ")
        }]`,
      );
    }
    if (d < 0) {
      throw new RangeError(
        `Cannot draw ${what}: dimensions must be non-negative, got shape [${
          shape.join(", ")
        }]`,
      );
    }
  }
  return [...shape];
}

/** A NumPy-style `size`: one dimension or a list of them. */
export type Size = number | readonly number[];

/** Normalizes a `size` (number or array) to a checked shape. */
export function sizeToShape(size: Size, what: string): number[] {
  return checkShape(typeof size === "number" ? [size] : size, what);
}

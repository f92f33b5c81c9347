/**
 * `checkFiniteLoss`: stops a training loop as soon as its loss is NaN or
 * infinite, naming the step, instead of letting it run on with garbage.
 *
 * @module
 */

/**
 * Throws when `loss` is not a finite number.
 *
 * @param loss The loss of this step.
 * @param step The step (or epoch) number, for the message.
 * @param what What is being trained, for the message (optional).
 * @returns `loss`, so it can wrap an expression.
 * @throws {RangeError} Naming the step and the loss, with what usually helps.
 *
 * @example
 * ```ts
 * import { checkFiniteLoss } from "./check_finite_loss.ts";
 * import { assertEquals, assertThrows } from "@std/assert";
 *
 * assertEquals(checkFiniteLoss(0.5, 3), 0.5);
 * assertThrows(() => checkFiniteLoss(NaN, 7), RangeError, "at step 7");
 * ```
 */
export function checkFiniteLoss(
  loss: number,
  step: number,
  what = "the loss",
): number {
  if (!Number.isFinite(loss)) {
    throw new RangeError(
      `${what} became ${loss} at step ${step}: training stopped (lower the learning rate, or clip the gradients with clipGradNorm)`,
    );
  }
  return loss;
}

/**
 * The stub that handouts put where a solution was: it fails clearly when run.
 *
 * @module
 */

/**
 * Marks code a learner still has to write. Typed `never`, so it fits in any
 * expression or statement position (`const n = todo("…");`, `return todo("…");`,
 * or a bare `todo("…")` as a function body).
 *
 * @param message What to write, e.g. `"Compute the loss"`.
 * @returns Never returns.
 * @throws {Error} Always: `TODO: <message>`.
 *
 * @example
 * ```ts
 * import { todo } from "./todo.ts";
 * import { assertThrows } from "@std/assert";
 *
 * assertThrows(() => todo("Compute the loss"), Error, "TODO: Compute the loss");
 * ```
 */
export function todo(message = "write this part"): never {
  const text = message.replace(/^\s*TODO:?\s*/, "");
  throw new Error(
    `TODO: ${text} (this part of the exercise is not written yet)`,
  );
}

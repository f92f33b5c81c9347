/**
 * Whether operations record the autograd graph, and `noGrad` to switch it off.
 *
 * @module
 */

let enabled = true;

/** Whether operations currently record gradients (PyTorch's `torch.is_grad_enabled()`). */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` without recording the autograd graph (PyTorch's `with torch.no_grad():`).
 *
 * @example
 * ```ts
 * import { noGrad, isGradEnabled } from "./grad_mode.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(noGrad(() => isGradEnabled()), false);
 * assertEquals(isGradEnabled(), true);
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  const previous = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/**
 * `showValue(value)`: a value as an output of the running cell, sent before the
 * cell ends (the Deno 2.9 kernel can drop a cell's last-expression value,
 * see `docs/kernel-notes.md`).
 *
 * @module
 */
import { jupyterApi } from "./jupyter.ts";

/**
 * Shows `value` as the kernel shows a cell's value (tensors as tables, other
 * values as text), then waits 100 ms so that the kernel forwards it before
 * the cell ends. Outside a Jupyter kernel it prints the value.
 *
 * @param value Anything.
 * @returns Resolves when the output has been sent.
 *
 * @example
 * ```ts
 * import { showValue, tensor } from "../mod.ts";
 *
 * await showValue(tensor([1, 2])); // in `deno run`: printed
 * ```
 */
export async function showValue(value: unknown): Promise<void> {
  const api = jupyterApi();
  if (api === null) {
    console.log(value);
    return;
  }
  await api.display(value);
  await new Promise((resolve) => setTimeout(resolve, 100));
}

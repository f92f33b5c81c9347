/**
 * `jupyterApi`: the Deno kernel's `Deno.jupyter` namespace, when there is one.
 *
 * @module
 */

/** Options of `Deno.jupyter.display`. */
export interface JupyterDisplayOptions {
  /** Send `obj` as a MIME bundle as is (default true). */
  raw?: boolean;
  /** Replace the output that has the same `display_id`. */
  update?: boolean;
  /** Identifier of an output that later displays can update. */
  display_id?: string;
}

/** The part of `Deno.jupyter` this library uses. */
export interface JupyterApi {
  /** Shows a value (or a raw MIME bundle) as an output of the running cell. */
  display(obj: unknown, options?: JupyterDisplayOptions): Promise<void>;
  /** Sends a message on the IOPub channel. */
  broadcast(msgType: string, content: Record<string, unknown>): Promise<void>;
}

/**
 * The kernel API when running inside `deno jupyter`, else `null`.
 * (`Deno.jupyter` throws when accessed outside the kernel, so code that
 * should also run under `deno run` and `deno test` asks here first.)
 *
 * @returns `Deno.jupyter` or `null`.
 *
 * @example
 * ```ts
 * import { jupyterApi } from "./jupyter.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(jupyterApi(), null); // `deno test` is not a kernel
 * ```
 */
export function jupyterApi(): JupyterApi | null {
  try {
    const api = (globalThis as { Deno?: { jupyter?: JupyterApi } }).Deno
      ?.jupyter;
    return api && typeof api.display === "function" ? api : null;
  } catch {
    return null;
  }
}

/**
 * The repository root, for the tools that start Deno processes in it.
 *
 * @example
 * ```ts
 * import { REPO_ROOT } from "./repo_root.ts";
 * import { assert } from "@std/assert";
 *
 * assert(REPO_ROOT.startsWith("/"));
 * ```
 *
 * @module
 */
import { fromFileUrl } from "@std/path";

/** Absolute path of the repository root, without a trailing slash. */
export const REPO_ROOT: string = fromFileUrl(new URL("../../", import.meta.url))
  .replace(/\/$/, "");

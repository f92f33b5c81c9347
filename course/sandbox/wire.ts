/**
 * The wire format between the trusted grader and the sandboxed notebook
 * process, shared by both sides (pure data, no behaviour).
 *
 * The child writes one report per line on stdout: a record separator, the
 * nonce the parent sent on stdin, then JSON. The parent writes one request per
 * line on the child's stdin. Values travel as JSON with these tagged forms:
 *
 * | form                         | meaning                                            |
 * | ---------------------------- | -------------------------------------------------- |
 * | `{ $t: [shape, dtype, data] }` | a tensor; non-finite entries as `"NaN"`, `"Infinity"`, `"-Infinity"` |
 * | `{ $n: "NaN" }`              | a non-finite number                                |
 * | `{ $u: 1 }`                  | `undefined`                                        |
 * | `{ $a: [numbers] }`          | a typed array                                      |
 * | `{ $o: { key: value } }`     | a plain object                                     |
 * | `{ $h: id, k, c }`           | a handle to a value kept in the child (kind, class) |
 * | `{ $g: seed }`               | (to the child) a new `Generator(seed)` (`rs: 1`: a `RandomState`) |
 * | `{ $fn: name }`              | (to the child) a named helper, e.g. `"tanh"`       |
 *
 * Nothing here is secret: the child may read this file.
 *
 * @example
 * ```ts
 * import { REPORT_SEPARATOR, NON_FINITE } from "./wire.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(REPORT_SEPARATOR, "\x1e");
 * assertEquals(NON_FINITE.includes("NaN"), true);
 * ```
 *
 * @module
 */

/** Starts every report line the child writes on stdout. */
export const REPORT_SEPARATOR = "\x1e";

/** How non-finite numbers are spelled on the wire. */
export const NON_FINITE: readonly string[] = ["NaN", "Infinity", "-Infinity"];

/** Names of the child-side helper functions a request may pass (`{ $fn }`). */
export const HELPER_FUNCTIONS: readonly string[] = ["identity", "tanh", "relu"];

/** A request from the grader to the notebook process. */
export type Request =
  & { id: number }
  & (
    | { op: "global"; name: string; ref?: boolean }
    | { op: "get"; h: number; key: string | number; ref?: boolean }
    | { op: "set"; h: number; key: string | number; value: unknown }
    | { op: "call"; h: number; args: unknown[]; ref?: boolean }
    | { op: "method"; h: number; name: string; args: unknown[]; ref?: boolean }
    | { op: "new"; h: number; args: unknown[]; ref?: boolean }
    | { op: "put"; value: unknown }
    | { op: "assign"; h: number; value: unknown }
    | { op: "release" }
  );

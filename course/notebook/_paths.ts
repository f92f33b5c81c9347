/**
 * File URL ↔ path conversion for POSIX paths (the std path module is not
 * vendored here).
 *
 * @module
 */

/**
 * Converts a `file:` URL to an absolute path.
 *
 * @param url A `file:` URL.
 * @returns The decoded path.
 *
 * @example
 * ```ts
 * import { fromFileUrl } from "./_paths.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(fromFileUrl(new URL("file:///a%20b/c.ts")), "/a b/c.ts");
 * ```
 */
export function fromFileUrl(url: URL | string): string {
  const u = url instanceof URL ? url : new URL(url);
  if (u.protocol !== "file:") {
    throw new TypeError(
      `Cannot convert ${u.href} to a path as it is not a file: URL`,
    );
  }
  return decodeURIComponent(u.pathname);
}

/**
 * Converts an absolute path to a `file:` URL.
 *
 * @param path An absolute path.
 * @returns The URL.
 *
 * @example
 * ```ts
 * import { toFileUrl } from "./_paths.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(toFileUrl("/a b/c.ts").href, "file:///a%20b/c.ts");
 * ```
 */
export function toFileUrl(path: string): URL {
  if (!path.startsWith("/")) {
    throw new TypeError(
      `Cannot convert "${path}" to a URL as it is not absolute`,
    );
  }
  const url = new URL("file:///");
  url.pathname = path.replace(/%/g, "%25").replace(/\\/g, "%5C").replace(
    /\n/g,
    "%0A",
  ).replace(/\t/g, "%09");
  return url;
}

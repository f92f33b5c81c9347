/**
 * `escapeHtml`: text made safe to place inside HTML elements and attributes.
 *
 * @module
 */

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes `& < > " '` so that text shows literally in HTML (element content
 * or quoted attribute values).
 *
 * @param text Any text.
 * @returns The escaped text.
 *
 * @example
 * ```ts
 * import { escapeHtml } from "./escape_html.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(escapeHtml('<b title="x">&</b>'), "&lt;b title=&quot;x&quot;&gt;&amp;&lt;/b&gt;");
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

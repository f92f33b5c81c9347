/**
 * Static HTML of a notebook that works offline: plots drawn by the bundled
 * plotly.js, math typeset by the bundled MathJax, nothing fetched from a CDN.
 *
 * @module
 */
import { injectPlotlyIntoHtml } from "../../lib/plot/plotly_loader.ts";
import { injectMathJaxIntoHtml } from "./mathjax_inline.ts";
import { writeTextAtomic } from "./ipynb.ts";

/** A `<script src>` on another machine (CDN) or a path of the exporting machine. */
const EXTERNAL_SCRIPT =
  /[ \t]*<script\b[^>]*\bsrc\s*=\s*["'](?:https?:|\/\/|file:)[^"']*["'][^>]*>\s*<\/script>\n?/gi;

/**
 * Removes the scripts that the template's `<head>` loads from elsewhere
 * (nbconvert's require.js and jQuery, from a CDN or, in Debian's build, from
 * `file:///usr/share/javascript/`): offline, a CDN script blocks the page
 * until it times out, and nothing in our pages needs them (plotly.js 3 and
 * MathJax 3 run without require.js). Scripts in cell outputs are kept.
 */
function removeExternalHeadScripts(html: string): string {
  const head = /<head(\s[^>]*)?>([\s\S]*?)<\/head\s*>/i.exec(html);
  if (head === null) return html;
  const start = head.index;
  const end = start + head[0].length;
  return html.slice(0, start) + head[0].replace(EXTERNAL_SCRIPT, "") +
    html.slice(end);
}

/**
 * nbconvert's lab template hides what overflows a code cell
 * (`.CodeMirror { overflow: hidden }`, meant for the live editor, which
 * scrolls by itself): in a static page the end of a long line could not be
 * read at all. A scroll bar keeps it reachable.
 */
const PAGE_STYLE =
  `<style type="text/css">/* rnnlab */ .jp-InputArea-editor .CodeMirror { overflow-x: auto; }</style>`;

function addPageStyle(html: string): string {
  if (html.includes(PAGE_STYLE)) return html;
  const end = /<\/head\s*>/i.exec(html);
  if (end === null) return html;
  return html.slice(0, end.index) + PAGE_STYLE + html.slice(end.index);
}

/**
 * Makes a page exported by `jupyter nbconvert --to html` self-contained:
 * inlines plotly.js (unless a loader output already carries it) and MathJax
 * (replacing nbconvert's CDN loader), and drops the other scripts its
 * `<head>` loads from a CDN or a local path (require.js, jQuery); long code
 * lines scroll instead of being cut off. Applying it twice changes nothing.
 *
 * @param html The exported page.
 * @returns The page with both bundles inlined, once each.
 *
 * @example
 * ```ts
 * import { makeOfflineHtml } from "./html_export.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const page = makeOfflineHtml(
 *   '<html><head><script src="https://cdn.example/MathJax.js"></script></head><body>$x$</body></html>',
 * );
 * assert(!page.includes("cdn.example"));
 * assert(page.includes("window.Plotly") && page.includes("MathJax"));
 * assertEquals(makeOfflineHtml(page), page);
 * ```
 */
export function makeOfflineHtml(html: string): string {
  return addPageStyle(injectMathJaxIntoHtml(
    injectPlotlyIntoHtml(removeExternalHeadScripts(html)),
  ));
}

/**
 * Rewrites an exported HTML file in place with {@linkcode makeOfflineHtml}
 * (atomically; an already offline file is not rewritten).
 *
 * @param path The `.html` file.
 * @returns Whether the file changed.
 *
 * @example
 * ```ts ignore
 * import { makeHtmlFileOffline } from "./html_export.ts";
 * await makeHtmlFileOffline("build/executed/00_tour.html");
 * ```
 */
export async function makeHtmlFileOffline(path: string): Promise<boolean> {
  const html = await Deno.readTextFile(path);
  const out = makeOfflineHtml(html);
  if (out === html) return false;
  await writeTextAtomic(path, out);
  return true;
}

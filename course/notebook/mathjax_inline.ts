/**
 * Offline math for exported notebooks: replaces the MathJax loader that
 * `jupyter nbconvert --to html` writes (a `<script src>` on a CDN, or on a
 * local path that other machines lack) with MathJax 3 inlined into the page,
 * configured like nbconvert's (`$…$`, `\(…\)`, `$$…$$`, `\[…\]`,
 * `\begin{align}` and other environments, `\$` for a dollar, AMS numbering).
 *
 * The bundle is `mathjax/es5/tex-svg-full.js` (pinned in `deno.json`): every
 * TeX extension included, SVG output, so it needs no font files and loads
 * nothing from the network.
 *
 * @module
 */
import MATHJAX from "mathjax/es5/tex-svg-full.js" with { type: "text" };

/** Version of the bundled MathJax (pinned in `deno.json`). */
export const MATHJAX_VERSION = "3.2.2";

/** Marks a page that already carries the bundle, so injection happens once. */
const MARKER = `<!-- MathJax ${MATHJAX_VERSION} inline -->`;

/**
 * The MathJax configuration of exported pages: the delimiters, escapes and
 * environments of nbconvert's MathJax 2 configuration, in MathJax 3 terms.
 * As in Jupyter, the whole page is typeset except `<pre>` and `<code>`
 * (code and console output).
 */
export const MATHJAX_CONFIG = {
  tex: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true,
    tags: "ams",
    useLabelIds: true,
  },
  svg: { fontCache: "global" },
} as const;

/**
 * The hidden MathML copy kept for screen readers is positioned absolutely;
 * browsers lay out its `mlabeledtr` rows (`\begin{align}` with equation
 * numbers) taller than the visible SVG, which gives the markdown cell (CSS
 * `overflow: auto` in nbconvert's lab template) a scroll bar. Screen readers
 * read it just as well at one pixel high.
 */
const STYLE = "mjx-assistive-mml { height: 1px !important; }";

/**
 * The MathJax configuration and bundle (about 2.3 MB) as `<script>` elements,
 * after a `<style>` that keeps the hidden MathML from adding scroll bars.
 * MathJax typesets the page once it has loaded.
 *
 * @returns HTML text.
 *
 * @example
 * ```ts
 * import { mathJaxScriptTags } from "./mathjax_inline.ts";
 * import { assert } from "@std/assert";
 *
 * const tags = mathJaxScriptTags();
 * assert(tags.includes("<script") && tags.length > 1_000_000);
 * ```
 */
export function mathJaxScriptTags(): string {
  // A literal "</script" inside the code would end the element early.
  const code = MATHJAX.replace(/<\/script/gi, "<\\/script");
  const config = JSON.stringify(MATHJAX_CONFIG).replace(/</g, "\\u003c");
  return `<style type="text/css">${STYLE}</style>` +
    `<script type="text/javascript">window.MathJax = ${config};</script>` +
    `<script type="text/javascript">${code}</script>`;
}

/** nbconvert's MathJax block (classic and lab templates, nbconvert 5 to 7). */
const NBCONVERT_BLOCK =
  /[ \t]*<!-- Load mathjax -->[\s\S]*?<!-- End of mathjax configuration -->/i;
/** A `<script src>` that loads MathJax (from a CDN or a local path). */
const LOADER_SCRIPT =
  /[ \t]*<script\b[^>]*\bsrc\s*=\s*["'][^"']*mathjax[^"']*["'][^>]*>\s*<\/script>/gi;
/** A MathJax 2 configuration script. */
const CONFIG_SCRIPT =
  /[ \t]*<script\b[^>]*type\s*=\s*["']text\/x-mathjax-config[^"']*["'][^>]*>[\s\S]*?<\/script>/gi;

/**
 * Removes the MathJax loader and configuration that nbconvert writes into a
 * page, so that the page neither waits on the network nor loads a second
 * MathJax.
 *
 * @param html An HTML page.
 * @returns The page without MathJax `<script src>` and MathJax 2 configuration elements.
 *
 * @example
 * ```ts
 * import { removeMathJaxLoaders } from "./mathjax_inline.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const page = '<head><script src="https://cdn.example/mathjax/2.7.7/MathJax.js"> </script></head>';
 * assertEquals(removeMathJaxLoaders(page), "<head></head>");
 * ```
 */
export function removeMathJaxLoaders(html: string): string {
  return html.replace(NBCONVERT_BLOCK, "")
    .replace(LOADER_SCRIPT, "")
    .replace(CONFIG_SCRIPT, "");
}

/**
 * Makes the math of an exported page render offline: removes nbconvert's
 * MathJax loader ({@linkcode removeMathJaxLoaders}) and inlines the bundled
 * MathJax 3 at the end of `<head>` (or at the start of the text if it has
 * none). Pages that already carry it are returned unchanged.
 *
 * @param html An HTML page, e.g. from `jupyter nbconvert --to html`.
 * @returns The page with MathJax inlined.
 *
 * @example
 * ```ts
 * import { injectMathJaxIntoHtml } from "./mathjax_inline.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const page = injectMathJaxIntoHtml("<html><head></head><body>$x^2$</body></html>");
 * assert(page.indexOf("MathJax") < page.indexOf("</head>"));
 * assertEquals(injectMathJaxIntoHtml(page), page);
 * ```
 */
export function injectMathJaxIntoHtml(html: string): string {
  if (html.includes(MARKER)) return html;
  const page = removeMathJaxLoaders(html);
  const inline = `${MARKER}${mathJaxScriptTags()}`;
  const end = /<\/head\s*>/i.exec(page);
  if (end === null) return inline + page;
  return page.slice(0, end.index) + inline + page.slice(end.index);
}

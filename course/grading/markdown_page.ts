/**
 * Markdown with LaTeX to HTML, and self-contained offline pages around it
 * (MathJax inlined: they open from disk with no network). Math is taken out
 * before the markdown is rendered and put back, escaped, for MathJax, so that
 * `_` and `*` inside formulas are not read as emphasis. Student text is
 * rendered with raw HTML escaped: nothing a student writes runs in the page.
 *
 * @module
 */
import { Marked } from "marked";
import { escape } from "@std/html";
import { mathJaxScriptTags } from "../notebook/mathjax_inline.ts";

const MATH =
  /\$\$[\s\S]+?\$\$|\\\[[\s\S]+?\\\]|\\\([\s\S]+?\\\)|\\begin\{([a-z*]+)\}[\s\S]+?\\end\{\1\}|(?<![\\$])\$(?!\s)(?:\\.|[^$\\\n])+?\$/g;

const marked = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    // Raw HTML in markdown is shown as text, never interpreted.
    html({ text }) {
      return escape(text);
    },
  },
});

/**
 * Renders markdown (with `$…$`, `$$…$$`, `\(…\)`, `\[…\]` math) to HTML.
 *
 * @param markdown The text.
 * @returns HTML; math stays as TeX for MathJax, HTML in the text is escaped.
 *
 * @example
 * ```ts
 * import { markdownHtml } from "./markdown_page.ts";
 * import { assertStringIncludes } from "@std/assert";
 *
 * const html = markdownHtml("**so** $a_1 * b_2$ <script>x</script>");
 * assertStringIncludes(html, "<strong>so</strong>");
 * assertStringIncludes(html, "$a_1 * b_2$");
 * assertStringIncludes(html, "&lt;script&gt;");
 * ```
 */
export function markdownHtml(markdown: string): string {
  const math: string[] = [];
  const held = markdown.replace(MATH, (m) => {
    math.push(m);
    return `@@MATH${math.length - 1}@@`;
  });
  const html = marked.parse(held, { async: false }) as string;
  return html.replace(
    /@@MATH(\d+)@@/g,
    (_, k: string) => escape(math[Number(k)]),
  );
}

/**
 * A complete offline page: a title, a style sheet and MathJax.
 *
 * @param title The page title (escaped here).
 * @param body HTML of the body.
 * @returns The page.
 *
 * @example
 * ```ts
 * import { offlinePage } from "./markdown_page.ts";
 * import { assert } from "@std/assert";
 *
 * const page = offlinePage("a < b", "<p>x</p>");
 * assert(page.includes("<title>a &lt; b</title>") && page.includes("MathJax"));
 * ```
 */
export function offlinePage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escape(title)}</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #ddd; }
h3 { font-size: 1.05em; margin-bottom: 0.3em; }
.answer, .reference { border-left: 4px solid #4c78a8; padding: 0.2em 1em; margin: 0.5em 0 1.5em; background: #f7f9fc; }
.reference { border-color: #59a14f; background: #f6fbf5; }
.missing { color: #a33; font-style: italic; }
.pass { color: #2a7; } .fail { color: #c33; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; vertical-align: top; }
pre { white-space: pre-wrap; background: #f4f4f4; padding: 0.5em; }
.comment { background: #fff8e1; border-left: 4px solid #f0b400; padding: 0.2em 1em; }
</style>
${mathJaxScriptTags()}
</head>
<body>
${body}
</body>
</html>
`;
}

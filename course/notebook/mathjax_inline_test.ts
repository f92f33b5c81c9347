import { assert, assertEquals } from "@std/assert";
import {
  injectMathJaxIntoHtml,
  MATHJAX_CONFIG,
  MATHJAX_VERSION,
  mathJaxScriptTags,
  removeMathJaxLoaders,
} from "./mathjax_inline.ts";

/** The MathJax block of `jupyter nbconvert --to html` (6.5, lab template; 7.x is the same with a CDN URL). */
function nbconvertHead(src: string): string {
  return `<!DOCTYPE html>
<html>
<head><meta charset="utf-8" />
<title>lab</title>
<style type="text/css">pre { line-height: 125%; }</style>

<!-- Load mathjax -->
    <script src="${src}"> </script>
    <!-- MathJax configuration -->
    <script type="text/x-mathjax-config">
    init_mathjax = function() {
        if (window.MathJax) {
            MathJax.Hub.Config({ tex2jax: { inlineMath: [ ['$','$'] ] } });
            MathJax.Hub.Queue(["Typeset", MathJax.Hub]);
        }
    }
    init_mathjax();
    </script>
    <!-- End of mathjax configuration --></head>
<body><p>$x^2$ and $$\\sum_t h_t$$</p></body>
</html>`;
}

const CDN =
  "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe";
const DEBIAN =
  "file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe";

Deno.test("mathJaxScriptTags() inlines the pinned MathJax bundle after its configuration", () => {
  const tags = mathJaxScriptTags();
  assert(tags.includes(`"${MATHJAX_VERSION}"`));
  assert(tags.length > 1_000_000);
  assertEquals((tags.match(/<\/script/gi) ?? []).length, 2);
  assert(tags.includes(`<script type="text/javascript">window.MathJax = {`));
});

Deno.test("MATHJAX_CONFIG keeps nbconvert's delimiters, escapes and environments", () => {
  assertEquals(MATHJAX_CONFIG.tex.inlineMath[0], ["$", "$"]);
  assertEquals(MATHJAX_CONFIG.tex.displayMath[0], ["$$", "$$"]);
  assert(MATHJAX_CONFIG.tex.processEscapes);
  assert(MATHJAX_CONFIG.tex.processEnvironments);
});

Deno.test("removeMathJaxLoaders() removes nbconvert's loader and configuration, CDN or local", () => {
  for (const src of [CDN, DEBIAN]) {
    const out = removeMathJaxLoaders(nbconvertHead(src));
    assert(!/mathjax/i.test(out), out);
    assert(out.includes("<title>lab</title>"));
    assert(out.includes("</style>\n\n</head>"));
    assert(out.includes("<p>$x^2$ and $$\\sum_t h_t$$</p>"));
  }
});

Deno.test("removeMathJaxLoaders() removes loose MathJax scripts but keeps other scripts", () => {
  const page = `<head>
<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml-full.js"></script>
<script type='text/x-mathjax-config'>MathJax.Hub.Config({});</script>
<script src="require.min.js"></script>
<script>var x = 1;</script>
</head>`;
  assertEquals(
    removeMathJaxLoaders(page),
    `<head>


<script src="require.min.js"></script>
<script>var x = 1;</script>
</head>`,
  );
});

Deno.test("injectMathJaxIntoHtml() replaces the CDN loader by the bundle at the end of <head>, once", () => {
  const out = injectMathJaxIntoHtml(nbconvertHead(CDN));
  assert(!out.includes("cdnjs.cloudflare.com"));
  assert(!out.includes("text/x-mathjax-config"));
  assertEquals(
    out.split(`<!-- MathJax ${MATHJAX_VERSION} inline -->`).length,
    2,
  );
  assert(out.indexOf("window.MathJax = ") < out.indexOf("</head>"));
  assert(out.indexOf("<title>lab</title>") < out.indexOf("window.MathJax = "));
  assert(
    out.endsWith(
      "</script></head>\n<body><p>$x^2$ and $$\\sum_t h_t$$</p></body>\n</html>",
    ),
  );
  assertEquals(injectMathJaxIntoHtml(out), out);
});

Deno.test("injectMathJaxIntoHtml() puts the bundle first in a page without <head>", () => {
  const out = injectMathJaxIntoHtml("<p>$a$</p>");
  assert(out.startsWith(`<!-- MathJax ${MATHJAX_VERSION} inline --><style`));
  assert(out.endsWith("</script><p>$a$</p>"));
});

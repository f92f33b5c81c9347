import { assert, assertEquals } from "@std/assert";
import { makeHtmlFileOffline, makeOfflineHtml } from "./html_export.ts";
import { MATHJAX_VERSION } from "./mathjax_inline.ts";
import { PLOTLY_VERSION, plotlyLoader } from "../../lib/plot/plotly_loader.ts";
import { needs } from "../../tests/_permissions.ts";

const PAGE = `<!DOCTYPE html>
<html>
<head><meta charset="utf-8" />
<title>lab</title>
<script src="https://cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>
<script src="file:///usr/share/javascript/jquery/jquery.min.js"></script>
<script src="custom.js"></script>
<!-- Load mathjax -->
    <script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe"> </script>
    <!-- MathJax configuration -->
    <script type="text/x-mathjax-config">MathJax.Hub.Config({});</script>
    <!-- End of mathjax configuration --></head>
<body>
<p>$$\\begin{align} h_t &amp;= \\tanh(a_t) \\end{align}$$</p>
<div id="fig"></div><script>window.Plotly.newPlot("fig", []);</script>
<script src="https://cdn.example/widget.js"></script>
</body>
</html>`;

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

Deno.test("makeOfflineHtml() inlines plotly.js and MathJax once each and drops the CDN loaders of <head>", () => {
  const out = makeOfflineHtml(PAGE);
  assertEquals(count(out, `<!-- plotly.js ${PLOTLY_VERSION} inline -->`), 1);
  assertEquals(count(out, `<!-- MathJax ${MATHJAX_VERSION} inline -->`), 1);
  assert(!out.includes("cdnjs.cloudflare.com"));
  assert(!out.includes("file:///usr/share"));
  // The head loads nothing from elsewhere; relative scripts and outputs stay.
  assert(out.includes('<script src="custom.js"></script>'));
  assert(out.includes('<script src="https://cdn.example/widget.js"></script>'));
  // plotly.js comes before the figures, MathJax before the body it typesets.
  assert(out.indexOf("plotly.js v") < out.indexOf('id="fig"'));
  assert(out.indexOf("window.MathJax = ") < out.indexOf("<body>"));
  assert(out.includes("\\begin{align} h_t &amp;= \\tanh(a_t) \\end{align}"));
  // Long code lines scroll rather than being cut off.
  assert(
    /\.CodeMirror \{ overflow-x: auto; \}<\/style><\/head>/
      .test(
        out,
      ),
  );
});

Deno.test("makeOfflineHtml() is idempotent", () => {
  const once = makeOfflineHtml(PAGE);
  assertEquals(makeOfflineHtml(once), once);
});

Deno.test("makeOfflineHtml() keeps a plotly loader output and adds no second copy", () => {
  const loader = String(
    plotlyLoader()[Symbol.for("Jupyter.display")]()["text/html"],
  );
  const page = PAGE.replace("<body>", `<body>${loader}`);
  const out = makeOfflineHtml(page);
  assertEquals(count(out, `<!-- plotly.js ${PLOTLY_VERSION} inline -->`), 1);
  assertEquals(count(out, `<!-- MathJax ${MATHJAX_VERSION} inline -->`), 1);
});

Deno.test({
  name: "makeHtmlFileOffline() rewrites a file once, then leaves it alone",
  ...needs({ name: "read" }, { name: "write", path: "/tmp" }),
  async fn() {
    const dir = await Deno.makeTempDir({ dir: "/tmp" });
    try {
      const path = `${dir}/lab.html`;
      await Deno.writeTextFile(path, PAGE);
      assert(await makeHtmlFileOffline(path));
      const first = await Deno.readTextFile(path);
      assertEquals(first, makeOfflineHtml(PAGE));
      assert(!await makeHtmlFileOffline(path));
      assertEquals(await Deno.readTextFile(path), first);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

import { assert, assertEquals } from "@std/assert";
import { exportHtml, hasJupyter } from "./_jupyter.ts";
import { makeNotebook, writeNotebook } from "../course/notebook/ipynb.ts";
import { makeOfflineHtml } from "../course/notebook/html_export.ts";
import { MATHJAX_VERSION } from "../course/notebook/mathjax_inline.ts";
import { Figure } from "../lib/plot/figure.ts";
import { PLOTLY_VERSION } from "../lib/plot/plotly_loader.ts";
import { needs } from "../tests/_permissions.ts";

const permitted = !needs(
  { name: "read" },
  { name: "write", path: "/tmp" },
  { name: "run" },
  { name: "env" },
).ignore;
const jupyter = permitted && await hasJupyter();

async function hasChromium(): Promise<boolean> {
  try {
    return (await new Deno.Command("chromium", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output()).success;
  } catch {
    return false;
  }
}

/** A notebook with inline, display and `align` math and an executed figure cell. */
function mathAndPlotNotebook() {
  const nb = makeNotebook([
    {
      markdown: "Inline $h_t = \\tanh(a_t)$, a dollar \\$5, and\n\n" +
        "$$L = \\frac{1}{2}\\sum_t (\\hat y_t - y_t)^2$$\n\n" +
        "\\begin{align}\nz_t &= W x_t + U h_{t-1} \\\\\nh_t &= \\tanh(z_t)\n\\end{align}",
    },
    { code: "fig" },
  ]);
  const bundle = new Figure({ title: "y = x²" }).line([0, 1, 2], [0, 1, 4])
    .toBundle();
  nb.cells[1].outputs = [{
    output_type: "execute_result",
    data: bundle,
    metadata: {},
    execution_count: 1,
  }];
  nb.cells[1].execution_count = 1;
  return nb;
}

Deno.test({
  name:
    "exportHtml() writes a page with plotly.js and MathJax inlined once and no CDN loader",
  ignore: !jupyter,
  async fn() {
    const dir = await Deno.makeTempDir({ dir: "/tmp" });
    try {
      await writeNotebook(`${dir}/lab.ipynb`, mathAndPlotNotebook());
      const r = await exportHtml(`${dir}/lab.ipynb`);
      assertEquals(r, { html: `${dir}/lab.html` });
      const html = await Deno.readTextFile(`${dir}/lab.html`);
      assertEquals(html.split(`plotly.js ${PLOTLY_VERSION} inline`).length, 2);
      assertEquals(html.split(`MathJax ${MATHJAX_VERSION} inline`).length, 2);
      assert(
        !/cdnjs|cdn\.jsdelivr\.net\/npm\/mathjax|usr\/share\/javascript/.test(
          html,
        ),
      );
      assert(!html.includes("text/x-mathjax-config"));
      assertEquals(makeOfflineHtml(html), html);

      if (!await hasChromium()) return;
      // Render it offline and read the DOM after MathJax and plotly ran.
      const out = await new Deno.Command("chromium", {
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--no-first-run",
          `--user-data-dir=${dir}/chromium`,
          "--virtual-time-budget=15000",
          "--dump-dom",
          `file://${dir}/lab.html`,
        ],
        stdout: "piped",
        stderr: "null",
      }).output();
      const dom = new TextDecoder().decode(out.stdout);
      assertEquals(
        (dom.match(/<mjx-container[^>]*jax="SVG"/g) ?? []).length,
        3,
        "inline, display and align math typeset",
      );
      assert(!/<g [^>]*data-mml-node="merror"/.test(dom), "no TeX errors");
      assert(!dom.includes("\\begin{align}") && !dom.includes("$h_t"));
      assert(/a dollar (<span>)?\$(<\/span>)?5/.test(dom), "\\$ is a dollar");
      assert(dom.includes('class="plot-container plotly"'), "figure drawn");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/**
 * Shipping plotly.js to the browser side of a notebook, offline, without
 * putting it into the notebook: figure outputs carry a small loader
 * ({@linkcode plotlyLoaderScript}) that loads plotly.js once per page from the
 * Jupyter server's file route (`/files/…/build/plotly/plotly-<v>.min.js`, a
 * copy {@linkcode initPlotly} or `deno task kernel` writes into the
 * repository); exported pages get it inline ({@linkcode injectPlotlyIntoHtml}).
 *
 * plotly.js cannot run in Deno (it touches `window` when loaded), so we import
 * its minified bundle as text.
 *
 * @module
 */
import PLOTLY from "plotly.js-dist-min/plotly.min.js" with { type: "text" };
import { jupyterApi } from "../display/jupyter.ts";
import { paceKernelOutput } from "../display/pace_output.ts";

/** Version of the bundled plotly.js (pinned in `deno.json`). */
export const PLOTLY_VERSION = "3.3.0";

/** Where the page loads plotly.js from, relative to the repository root (served by Jupyter's `/files/` route). */
export const PLOTLY_ASSET = `build/plotly/plotly-${PLOTLY_VERSION}.min.js`;

/** Marks a page that already carries the bundle, so injection happens once. */
const MARKER = `<!-- plotly.js ${PLOTLY_VERSION} inline -->`;

/** A displayable object: what the Deno kernel shows for it. */
export interface Displayable {
  /** Returns the MIME bundle to show. */
  [key: symbol]: () => Record<string, unknown>;
}

/**
 * The plotly.js bundle (about 4.8 MB) in a `<script>` element. Figures drawn
 * after it in the same page find `window.Plotly`.
 *
 * @returns HTML text.
 *
 * @example
 * ```ts
 * import { plotlyScriptTag } from "./plotly_loader.ts";
 * import { assert } from "@std/assert";
 *
 * const tag = plotlyScriptTag();
 * assert(tag.startsWith("<script") && tag.length > 1_000_000);
 * ```
 */
export function plotlyScriptTag(): string {
  // A literal "</script" inside the code would end the element early.
  const code = PLOTLY.replace(/<\/script/gi, "<\\/script");
  return `<script type="text/javascript">${code}</script>`;
}

/**
 * JavaScript (about 1.5 KB) that defines `window.rnnlabPlotly()`: a promise
 * of `window.Plotly`, loading it once per page when missing. It tries the
 * Jupyter server's `/files/` route, first relative to the notebook's folder
 * (`<folder>/../build/plotly/…`: `notebooks/` and `handouts/` sit in the
 * repository root), then from the server's root. It works in the classic
 * Notebook, Notebook 7 and JupyterLab; pages without a Jupyter server (an
 * exported HTML file) must carry plotly.js inline. require.js, if present,
 * is hidden while the bundle loads, so that plotly sets `window.Plotly`.
 *
 * @returns Script text (no `<script>` tags), safe to run several times.
 *
 * @example
 * ```ts
 * import { PLOTLY_ASSET, plotlyLoaderScript } from "./plotly_loader.ts";
 * import { assert } from "@std/assert";
 *
 * const js = plotlyLoaderScript();
 * assert(js.includes(PLOTLY_ASSET) && js.length < 3000);
 * ```
 */
export function plotlyLoaderScript(): string {
  return `(function () {
  if (window.rnnlabPlotly) return;
  var ASSET = ${JSON.stringify(PLOTLY_ASSET)};
  function candidates() {
    var out = [], base = null, cfg = document.getElementById("jupyter-config-data");
    if (cfg) { try { base = JSON.parse(cfg.textContent).baseUrl || "/"; } catch (e) { base = null; } }
    if (base === null && document.body) base = document.body.getAttribute("data-base-url");
    if (base === null) return out;
    if (base.charAt(base.length - 1) !== "/") base += "/";
    var m = /[/](?:notebooks|lab[/]tree|lab[/]workspaces[/][^/]+[/]tree|doc[/]tree|tree)[/](.+)[/][^/]+[.]ipynb$/.exec(decodeURIComponent(location.pathname));
    if (m) out.push(base + "files/" + m[1].split("/").map(encodeURIComponent).join("/") + "/../" + ASSET);
    out.push(base + "files/" + ASSET);
    return out;
  }
  var pending = null;
  window.rnnlabPlotly = function () {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (pending) return pending;
    pending = new Promise(function (resolve, reject) {
      var urls = candidates(), i = 0;
      function next() {
        if (window.Plotly) { resolve(window.Plotly); return; }
        if (i >= urls.length) { pending = null; reject(new Error("plotly.js not found")); return; }
        var s = document.createElement("script"), amd = window.define;
        s.src = urls[i++];
        s.onload = function () { window.define = amd; if (window.Plotly) resolve(window.Plotly); else next(); };
        s.onerror = function () { window.define = amd; next(); };
        window.define = undefined;
        document.head.appendChild(s);
      }
      next();
    });
    return pending;
  };
})();`;
}

/**
 * A displayable object whose `text/html` output starts loading plotly.js
 * into the page (see {@linkcode plotlyLoaderScript}); a few KB, not the bundle.
 *
 * @returns An object with `[Symbol.for("Jupyter.display")]`.
 *
 * @example
 * ```ts
 * import { plotlyLoader } from "./plotly_loader.ts";
 * import { assert } from "@std/assert";
 *
 * const bundle = plotlyLoader()[Symbol.for("Jupyter.display")]();
 * assert(String(bundle["text/html"]).length < 4000);
 * ```
 */
export function plotlyLoader(): Displayable {
  return {
    [Symbol.for("Jupyter.display")]: () => ({
      "text/html": `<script type="text/javascript">${plotlyLoaderScript()}
window.rnnlabPlotly().catch(function () {});</script>`,
      "text/plain":
        `plotly.js ${PLOTLY_VERSION} is served from ${PLOTLY_ASSET}`,
    }),
  };
}

/** The repository root as a path, from this file's location (`lib/plot/`). */
function repoRoot(): string | null {
  const url = new URL("../../", import.meta.url);
  return url.protocol === "file:" ? decodeURIComponent(url.pathname) : null;
}

/**
 * Writes plotly.js to {@linkcode PLOTLY_ASSET} under the repository root, if
 * it is not there yet and this process may write there (the Deno kernel
 * may; the graders' sandbox may not, and is not asked).
 *
 * @returns The file's path, or `null` when it could not be written.
 *
 * @example
 * ```ts ignore
 * import { writePlotlyAsset } from "./plotly_loader.ts";
 * console.log(await writePlotlyAsset()); // …/build/plotly/plotly-3.3.0.min.js
 * ```
 */
export async function writePlotlyAsset(): Promise<string | null> {
  const root = repoRoot();
  if (root === null) return null;
  const dir = `${root}build/plotly`;
  const path = `${root}${PLOTLY_ASSET}`;
  try {
    const may = (name: "read" | "write") =>
      Deno.permissions.querySync({ name, path: dir }).state === "granted";
    if (!may("read") || !may("write")) return null;
    const info = await Deno.stat(path).catch(() => null);
    if (info?.size === new TextEncoder().encode(PLOTLY).length) return path;
    await Deno.mkdir(dir, { recursive: true });
    const tmp = `${path}.${crypto.randomUUID()}.tmp`;
    await Deno.writeTextFile(tmp, PLOTLY);
    await Deno.rename(tmp, path);
    return path;
  } catch {
    return null;
  }
}

/**
 * Makes figures draw in this notebook's page: writes plotly.js into the
 * repository for Jupyter to serve (once), and shows a small loader. Also
 * paces console output so that the kernel does not drop a cell's last lines
 * (`paceKernelOutput`, docs/kernel-notes.md). Run
 * `await initPlotly();` once, in the cell after the imports; figures also
 * load plotly.js themselves, so a notebook reopened later still draws.
 * Outside a Jupyter kernel it does nothing.
 *
 * @returns Resolves when the loader output has been sent.
 *
 * @example
 * ```ts
 * import { initPlotly } from "./plotly_loader.ts";
 *
 * await initPlotly(); // no kernel here: returns at once
 * ```
 */
export async function initPlotly(): Promise<void> {
  const jupyter = jupyterApi();
  if (jupyter === null) return;
  paceKernelOutput();
  await writePlotlyAsset();
  await jupyter.display(plotlyLoader()[Symbol.for("Jupyter.display")](), {
    raw: true,
  });
  // Give the kernel time to forward the output before the cell ends (docs/kernel-notes.md).
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Puts the plotly.js bundle at the start of an HTML page's `<head>` (or of
 * the text if it has none), so that figure outputs of an exported notebook
 * draw without a loader cell. Pages that already carry it are returned
 * unchanged.
 *
 * @param html An HTML page, e.g. from `jupyter nbconvert --to html`.
 * @returns The page with the bundle inlined.
 *
 * @example
 * ```ts
 * import { injectPlotlyIntoHtml } from "./plotly_loader.ts";
 * import { assert, assertEquals } from "@std/assert";
 *
 * const page = injectPlotlyIntoHtml("<html><head><title>t</title></head></html>");
 * assert(page.indexOf("<script") < page.indexOf("<title>"));
 * assertEquals(injectPlotlyIntoHtml(page), page);
 * ```
 */
export function injectPlotlyIntoHtml(html: string): string {
  if (html.includes(MARKER)) return html;
  const inline = `${MARKER}${plotlyScriptTag()}`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head === null) return inline + html;
  const at = head.index + head[0].length;
  return html.slice(0, at) + inline + html.slice(at);
}

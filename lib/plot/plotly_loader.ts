/**
 * Shipping plotly.js to the browser side of a notebook, offline: a loader
 * output ({@linkcode initPlotly}, {@linkcode plotlyLoader}) or injection into
 * an exported HTML page ({@linkcode injectPlotlyIntoHtml}).
 *
 * plotly.js cannot run in Deno (it touches `window` when loaded), so we import
 * its bundle as text and hand it to the page in a `<script>`.
 *
 * @module
 */
import PLOTLY from "plotly.js-dist/plotly.js" with { type: "text" };
import { jupyterApi } from "../display/jupyter.ts";

/** Version of the bundled plotly.js (pinned in `deno.json`). */
export const PLOTLY_VERSION = "3.3.0";

/** Marks a page that already carries the bundle, so injection happens once. */
const MARKER = `<!-- plotly.js ${PLOTLY_VERSION} inline -->`;

/** A displayable object: what the Deno kernel shows for it. */
export interface Displayable {
  /** Returns the MIME bundle to show. */
  [key: symbol]: () => Record<string, unknown>;
}

/**
 * The plotly.js bundle (about 11 MB) in a `<script>` element. Figures drawn
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
 * A displayable object whose `text/html` output loads plotly.js into the
 * notebook page (one per notebook: each copy adds 11 MB to the `.ipynb`).
 * Prefer {@linkcode initPlotly}, which also waits for the large output to
 * arrive before the cell ends.
 *
 * @returns An object with `[Symbol.for("Jupyter.display")]`.
 *
 * @example
 * ```ts
 * import { plotlyLoader } from "./plotly_loader.ts";
 * import { assert } from "@std/assert";
 *
 * const bundle = plotlyLoader()[Symbol.for("Jupyter.display")]();
 * assert(String(bundle["text/html"]).includes("plotly.js"));
 * ```
 */
export function plotlyLoader(): Displayable {
  return {
    [Symbol.for("Jupyter.display")]: () => ({
      "text/html": `${MARKER}${plotlyScriptTag()}`,
      "text/plain":
        `plotly.js ${PLOTLY_VERSION} loaded into this notebook page`,
    }),
  };
}

/** Options of {@linkcode initPlotly}. */
export interface InitPlotlyOptions {
  /** Pause after sending the bundle, in ms (default 1500; see NOTES.md: large outputs arrive late). */
  waitMs?: number;
}

/**
 * Loads plotly.js into the notebook page so that figures draw offline, in
 * the live notebook and in HTML exports. Run `await initPlotly();` once,
 * in the cell after the imports. It waits 1.5 s because multi-MB outputs can
 * reach Jupyter after the kernel reports the cell finished, and would be
 * lost. Outside a Jupyter kernel it does nothing.
 *
 * @param opts `waitMs`.
 * @returns Resolves when the output has been sent (and the pause is over).
 *
 * @example
 * ```ts
 * import { initPlotly } from "./plotly_loader.ts";
 *
 * await initPlotly(); // no kernel here: returns at once
 * ```
 */
export async function initPlotly(opts: InitPlotlyOptions = {}): Promise<void> {
  const jupyter = jupyterApi();
  if (jupyter === null) return;
  await jupyter.display(plotlyLoader()[Symbol.for("Jupyter.display")](), {
    raw: true,
  });
  await new Promise((resolve) => setTimeout(resolve, opts.waitMs ?? 1500));
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

/**
 * Writes plotly.js into `build/plotly/` (part of `deno task kernel`), where
 * the Jupyter server serves it to figure outputs: notebooks then draw their
 * figures from the first cell on, offline, without carrying plotly.js.
 *
 * @module
 */
import { PLOTLY_ASSET, writePlotlyAsset } from "../lib/plot/plotly_loader.ts";

if (import.meta.main) {
  const path = await writePlotlyAsset();
  console.log(path ? `plotly.js: ${path}` : `could not write ${PLOTLY_ASSET}`);
  if (!path) Deno.exit(1);
}

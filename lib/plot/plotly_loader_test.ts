import { assert, assertEquals } from "@std/assert";
import {
  initPlotly,
  injectPlotlyIntoHtml,
  PLOTLY_ASSET,
  PLOTLY_VERSION,
  plotlyLoader,
  plotlyLoaderScript,
  plotlyScriptTag,
} from "./plotly_loader.ts";

Deno.test("plotlyScriptTag() inlines the pinned plotly.js bundle", () => {
  const tag = plotlyScriptTag();
  assert(tag.includes(`plotly.js v${PLOTLY_VERSION}`));
  assert(tag.length > 4_000_000);
  assertEquals((tag.match(/<\/script/gi) ?? []).length, 1);
});

Deno.test("plotlyLoader() displays a small loader, not the bundle", () => {
  const bundle = plotlyLoader()[Symbol.for("Jupyter.display")]();
  assertEquals(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert(String(bundle["text/plain"]).length < 100);
  assert(String(bundle["text/html"]).length < 4000);
  assert(String(bundle["text/html"]).includes(PLOTLY_ASSET));
});

Deno.test("initPlotly() does nothing outside a Jupyter kernel", async () => {
  const t0 = performance.now();
  await initPlotly();
  assert(performance.now() - t0 < 1000);
});

Deno.test("injectPlotlyIntoHtml() puts the bundle first in <head>, once", () => {
  const page =
    '<!DOCTYPE html><html><head lang="en"><script>x</script></head><body></body></html>';
  const out = injectPlotlyIntoHtml(page);
  assert(out.startsWith('<!DOCTYPE html><html><head lang="en"><!-- plotly.js'));
  assert(out.endsWith("<script>x</script></head><body></body></html>"));
  assertEquals(injectPlotlyIntoHtml(out), out);
  assert(
    injectPlotlyIntoHtml("<p>no head</p>").endsWith("</script><p>no head</p>"),
  );
});

Deno.test("the page-side loader parses, and finds the asset next to the notebook's folder", () => {
  // Compile the script as a browser would (syntax only), then run its URL logic on a fake page.
  new Function(plotlyLoaderScript());
  const seen: string[] = [];
  const fakeWindow: Record<string, unknown> = {};
  const document = {
    getElementById: () => null,
    body: { getAttribute: () => "/base/" },
    head: { appendChild: (s: { src: string }) => seen.push(s.src) },
    createElement: () => ({}),
  };
  const location = { pathname: "/base/notebooks/course/notebooks/01_x.ipynb" };
  new Function("window", "document", "location", plotlyLoaderScript())(
    fakeWindow,
    document,
    location,
  );
  (fakeWindow.rnnlabPlotly as () => Promise<unknown>)().catch(() => {});
  assertEquals(seen, [
    `/base/files/course/notebooks/../${PLOTLY_ASSET}`,
  ]);
});

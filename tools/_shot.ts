import { chromium } from "playwright-core";
const [url, out, sel] = Deno.args;
const b = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const p = await b.newPage({ viewport: { width: 1100, height: 1400 } });
await p.goto(url);
await p.waitForTimeout(3000);
if (sel) await (await p.$(sel))!.screenshot({ path: out });
else await p.screenshot({ path: out, fullPage: true });
await b.close();

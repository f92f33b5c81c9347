import { assert, assertEquals, assertThrows } from "@std/assert";
import type { JupyterApi, JupyterDisplayOptions } from "../display/jupyter.ts";
import { ProgressBar } from "./progress_bar.ts";
import { progress } from "./progress.ts";
import { formatBar, formatDuration, formatValue } from "./_format.ts";

/** A fake kernel that records display calls. */
function fakeJupyter() {
  const calls: {
    bundle: Record<string, string>;
    opts: JupyterDisplayOptions;
  }[] = [];
  const api: JupyterApi = {
    display(obj, opts) {
      calls.push({
        bundle: obj as Record<string, string>,
        opts: opts ?? {},
      });
      return Promise.resolve();
    },
    broadcast: () => Promise.resolve(),
  };
  return { api, calls };
}

Deno.test("ProgressBar renders in Jupyter at most once per 250 ms of the clock", async () => {
  const { api, calls } = fakeJupyter();
  let t = 0;
  const bar = new ProgressBar({ total: 1000, jupyter: api, now: () => t });
  assertEquals(bar.mode, "jupyter");
  for (let i = 1; i <= 1000; i++) {
    t += 1; // 1 ms per step: 1 s in all
    await bar.update(i);
  }
  await bar.close();
  // First render at t=1, then every 250 ms up to t=1000, plus the final one.
  assertEquals(calls.length, 5);
  assert(calls.length <= 1 + 1000 / 250 + 1);
});

Deno.test("ProgressBar updates one Jupyter output in place through its display_id", async () => {
  const { api, calls } = fakeJupyter();
  let t = 0;
  const bar = new ProgressBar({ total: 3, jupyter: api, now: () => t });
  for (let i = 1; i <= 3; i++) {
    t += 500;
    await bar.update(i, { loss: 0.5 / i });
  }
  await bar.close();
  const ids = new Set(calls.map((c) => c.opts.display_id));
  assertEquals(ids.size, 1);
  assertEquals(calls[0].opts.update, undefined);
  assert(calls.slice(1).every((c) => c.opts.update === true));
  assert(calls.every((c) => c.opts.raw === true));
  const last = calls[calls.length - 1].bundle;
  assert(last["text/plain"].includes("3/3"));
  assert(last["text/plain"].includes("loss=0.1667"));
  assert(last["text/html"].includes('<progress value="3" max="3"'));
});

Deno.test("ProgressBar writes about one terminal line per 10 %", async () => {
  const lines: string[] = [];
  let t = 0;
  const bar = new ProgressBar({
    label: "train",
    total: 500,
    mode: "terminal",
    now: () => t,
    write: (l) => lines.push(l),
  });
  for (let i = 1; i <= 500; i++) {
    t += 2;
    await bar.update(i);
  }
  await bar.close();
  assertEquals(lines.length, 11);
  assert(lines[0].startsWith("train   0%|"));
  assert(lines[10].startsWith("train 100%|"));
  assert(lines[10].includes("500/500"));
});

Deno.test("ProgressBar writes a terminal line after 10 s without one", async () => {
  const lines: string[] = [];
  let t = 0;
  const bar = new ProgressBar({
    mode: "terminal",
    now: () => t,
    write: (l) => lines.push(l),
  });
  for (let i = 1; i <= 30; i++) {
    t += 1000;
    await bar.update(i);
  }
  assertEquals(lines.length, 3); // at 1 s, 11 s, 21 s
  assert(lines[1].startsWith("11 [00:11"));
});

Deno.test("ProgressBar is silent under deno test by default", async () => {
  const bar = new ProgressBar({ total: 2 });
  assertEquals(bar.mode, "silent");
  await bar.update(2);
  await bar.close();
});

Deno.test("ProgressBar rejects a negative total", () => {
  assertThrows(
    () => new ProgressBar({ total: -1 }),
    RangeError,
    "total must be a non-negative integer, got -1",
  );
});

Deno.test("progress() takes its total from a count or an array", () => {
  assertEquals(progress(5, { mode: "silent" }).bar.total, 5);
  assertEquals(progress([1, 2], { mode: "silent" }).bar.total, 2);
  assertEquals(
    progress(new Set([1]).values(), { mode: "silent" }).bar.total,
    null,
  );
  assertThrows(
    () => progress(-2),
    RangeError,
    "expected a non-negative integer",
  );
});

Deno.test("progress() closes the bar when the loop breaks early", async () => {
  const { api, calls } = fakeJupyter();
  const steps = progress(100, { jupyter: api, now: () => 0 });
  for (const i of steps) if (i === 4) break;
  await Promise.resolve();
  assertEquals(steps.bar.done, 4);
  assert(calls[calls.length - 1].bundle["text/plain"].includes("4/100"));
});

Deno.test("progress text pieces format durations, values and bars", () => {
  assertEquals(formatDuration(61_000), "01:01");
  assertEquals(formatDuration(3_661_000), "1:01:01");
  assertEquals(formatValue(0.0123456), "0.01235");
  assertEquals(formatValue(12345.6), "12350");
  assertEquals(formatBar(0.5, 4), "██  ");
  assertEquals(formatBar(1, 3), "███");
  assertEquals([...formatBar(0.3, 5)].length, 5);
});

/**
 * `ProgressBar`: a throttled progress display for training loops — a bar
 * updated in place in Jupyter, a few plain lines in a terminal, nothing under
 * `deno test`.
 *
 * @module
 */
import { escapeHtml } from "../display/escape_html.ts";
import { type JupyterApi, jupyterApi } from "../display/jupyter.ts";
import {
  formatBar,
  formatDuration,
  formatInfo,
  type ProgressInfo,
} from "./_format.ts";

export type { ProgressInfo } from "./_format.ts";

/** Where a progress bar shows. */
export type ProgressMode = "jupyter" | "terminal" | "silent";

/** Options of {@linkcode ProgressBar} and `progress`. */
export interface ProgressOptions {
  /** Text before the bar, e.g. `"training"`. */
  label?: string;
  /** Number of steps (unknown: counts and rate only). */
  total?: number;
  /** Where to show (default: Jupyter in the kernel, silent under `deno test`, else terminal). */
  mode?: ProgressMode;
  /** Shortest time between two Jupyter renders, in ms (default 250: at most 4/s; see docs/kernel-notes.md). */
  minIntervalMs?: number;
  /** Terminal: write a line each time progress passes another such fraction (default 0.1). */
  lineEvery?: number;
  /** Terminal: also write a line after this many ms without one (default 10000). */
  lineEveryMs?: number;
  /** Clock in ms (default `performance.now`); tests inject one. */
  now?: () => number;
  /** Terminal sink (default: `console.error`, like tqdm's stderr). */
  write?: (line: string) => void;
  /** Kernel API (default `Deno.jupyter` when present); tests inject one. */
  jupyter?: JupyterApi | null;
}

const BAR_WIDTH = 20;

/** Whether this process runs `deno test` (the main module is a test or doc-test file). */
function underDenoTest(): boolean {
  try {
    const main = (globalThis as { Deno?: { mainModule?: string } }).Deno
      ?.mainModule ?? "";
    return /(?:[._]test\.[cm]?[jt]sx?|[$#]\d+-\d+\.[cm]?[jt]sx?)$/.test(main);
  } catch {
    return false;
  }
}

/**
 * A progress display you update as work proceeds.
 *
 * In Jupyter it draws a bar under the cell and updates that same output (at
 * most 10 times a second). Jupyter only receives updates while the code waits,
 * so in long synchronous loops write `await bar.update(...)` (or iterate
 * `for await (... of progress(...))`); otherwise the bar appears when the cell
 * ends. In a terminal it writes a line every 10 % (or every 10 s); under
 * `deno test` it stays silent.
 *
 * @example A bar in a terminal, with an injected clock
 * ```ts
 * import { ProgressBar } from "./progress_bar.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const lines: string[] = [];
 * let t = 0;
 * const bar = new ProgressBar({ label: "train", total: 4, mode: "terminal",
 *   now: () => t, write: (l) => lines.push(l) });
 * for (let i = 1; i <= 4; i++) { t += 1000; await bar.update(i, { loss: 1 / i }); }
 * await bar.close();
 * assertEquals(lines.length, 4);
 * assertEquals(lines[3].startsWith("train 100%|"), true);
 * ```
 */
export class ProgressBar {
  readonly label: string;
  readonly total: number | null;
  readonly mode: ProgressMode;
  #done = 0;
  #info: ProgressInfo = {};
  #now: () => number;
  #start: number;
  #lastRender = -Infinity;
  #lastLine = -Infinity;
  #nextLineAt = 0;
  #shownDone = -1;
  #opts: ProgressOptions;
  #jupyter: JupyterApi | null;
  #displayId: string;
  #displayed = false;
  #closed = false;

  /**
   * @param options Label, total, mode, throttling, and injected clock/sinks.
   * @throws {RangeError} if total is negative or not an integer.
   */
  constructor(options: ProgressOptions = {}) {
    const total = options.total;
    if (total !== undefined && (!Number.isInteger(total) || total < 0)) {
      throw new RangeError(
        `Cannot create a progress bar: total must be a non-negative integer, got ${total}`,
      );
    }
    this.label = options.label ?? "";
    this.total = total ?? null;
    this.#opts = options;
    this.#jupyter = options.jupyter !== undefined
      ? options.jupyter
      : jupyterApi();
    this.mode = options.mode ??
      (this.#jupyter ? "jupyter" : underDenoTest() ? "silent" : "terminal");
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#displayId = `progress-${
      Math.floor(Math.random() * 0xffffffff).toString(36)
    }-${Date.now().toString(36)}`;
  }

  /** Steps done so far. */
  get done(): number {
    return this.#done;
  }

  /** Sets values shown after the counts (e.g. the loss) from the next render on. */
  set(info: ProgressInfo): void {
    this.#info = { ...info };
  }

  /**
   * Records that `done` steps are finished (and optional info to show), and
   * renders if enough time has passed.
   *
   * @param done Steps finished (not the index of the current step).
   * @param info Values to show, e.g. `{ loss }`.
   * @returns Resolves when the render (if any) has been sent.
   */
  update(done: number, info?: ProgressInfo): Promise<void> {
    this.#done = done;
    if (info !== undefined) this.#info = { ...info };
    return this.#maybeRender(false);
  }

  /** Shows the final state (always rendered once). Later updates are ignored. */
  async close(): Promise<void> {
    if (this.#closed) return;
    const p = this.#maybeRender(true);
    this.#closed = true;
    await p;
    // In the kernel, give the final update time to be forwarded before the cell ends.
    if (this.mode === "jupyter" && !this.#opts.now) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The current progress as one line of text, tqdm style. */
  text(): string {
    const elapsed = this.#now() - this.#start;
    const rate = elapsed > 0 ? this.#done / (elapsed / 1000) : 0;
    const rateText = rate > 0
      ? rate >= 1 ? `${rate.toFixed(2)} it/s` : `${(1 / rate).toFixed(2)} s/it`
      : "? it/s";
    const info = formatInfo(this.#info);
    const tail = info ? `, ${info}` : "";
    const label = this.label ? `${this.label} ` : "";
    if (this.total === null) {
      return `${label}${this.#done} [${
        formatDuration(elapsed)
      }, ${rateText}${tail}]`;
    }
    const fraction = this.total > 0 ? this.#done / this.total : 1;
    const percent = `${Math.floor(fraction * 100)}`.padStart(3, " ");
    const remaining = rate > 0 ? (this.total - this.#done) / rate * 1000 : NaN;
    return `${label}${percent}%|${
      formatBar(fraction, BAR_WIDTH)
    }| ${this.#done}/${this.total} [${formatDuration(elapsed)}<${
      formatDuration(remaining)
    }, ${rateText}${tail}]`;
  }

  /** The HTML rendering used in Jupyter. */
  html(): string {
    const max = this.total ?? 0;
    const value = Math.min(this.#done, max);
    const bar = this.total !== null
      ? `<progress value="${value}" max="${max}" style="width:240px;vertical-align:middle;"></progress> `
      : "";
    const text = escapeHtml(this.text().replace(/\|[^|]*\|/, " "));
    return `<div style="font-family:monospace;font-size:12px;white-space:pre;">${bar}${text}</div>`;
  }

  #maybeRender(final: boolean): Promise<void> {
    if (this.#closed || this.mode === "silent") return Promise.resolve();
    const now = this.#now();
    if (this.mode === "jupyter") {
      const due = now - this.#lastRender >=
        (this.#opts.minIntervalMs ?? 250);
      if (!final && !due) return Promise.resolve();
      this.#lastRender = now;
      return this.#sendToJupyter();
    }
    // Terminal: a line per passed fraction, or after a quiet period.
    const every = this.#opts.lineEvery ?? 0.1;
    const fraction = this.total ? this.#done / this.total : 0;
    const byFraction = this.total !== null && fraction >= this.#nextLineAt;
    const byTime = now - this.#lastLine >= (this.#opts.lineEveryMs ?? 10000);
    const finalNew = final && this.#shownDone !== this.#done;
    if (!finalNew && !byFraction && !(byTime && this.#done > 0)) {
      return Promise.resolve();
    }
    if (this.#shownDone === this.#done && !final) return Promise.resolve();
    this.#lastLine = now;
    this.#shownDone = this.#done;
    if (this.total !== null) {
      this.#nextLineAt = (Math.floor(fraction / every + 1e-9) + 1) * every;
    }
    (this.#opts.write ?? ((l: string) => console.error(l)))(this.text());
    return Promise.resolve();
  }

  #sendToJupyter(): Promise<void> {
    const api = this.#jupyter;
    if (api === null) return Promise.resolve();
    const bundle = { "text/plain": this.text(), "text/html": this.html() };
    const options = this.#displayed
      ? { raw: true, update: true, display_id: this.#displayId }
      : { raw: true, display_id: this.#displayId };
    this.#displayed = true;
    return api.display(bundle, options);
  }
}

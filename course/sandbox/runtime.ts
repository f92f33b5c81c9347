/**
 * Runs inside the sandboxed subprocess that executes a compiled notebook
 * (see `course/notebook/compile.ts`): captures each cell's console output,
 * displayed values and errors, shims `Deno.jupyter`, and reports them to the
 * parent as JSON lines on stdout (`wire.ts`). After the last cell it serves
 * the grader's requests: look up a top-level name, call a function, construct
 * a class, read or set a property, always on inputs the grader chose, and
 * answers with plain data.
 *
 * This file holds no check, no expected value and no verdict: the notebook's
 * code runs in this process and may patch anything here, which can only
 * change its own answers. The grader decides what they are worth.
 *
 * @module
 */

import { REPORT_SEPARATOR, type Request } from "./wire.ts";
import { answer, makeServer, type Namespace } from "./server.ts";

/** Configuration compiled into the generated module. */
export interface RuntimeConfig {
  /** Cell indices not to execute (tagged skip, or timed out/crashed earlier). */
  skipCells?: number[];
  /** Cell index → line of the generated module where its body starts. */
  cellStarts?: Record<string, number>;
}

const DISPLAY = Symbol.for("Jupyter.display");
const encoder = new TextEncoder();
const decoder = new TextDecoder();
// Captured before any notebook code runs: notebooks may replace these.
const stdoutWrite = Deno.stdout.writeSync.bind(Deno.stdout);
const inspect = Deno.inspect;
const stringify = JSON.stringify;
const now = performance.now.bind(performance);
const exit = Deno.exit;
const parse = JSON.parse;

function writeAll(bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += stdoutWrite(bytes.subarray(off));
}

let cellStarts: Record<string, number> = {};

// Frames in the generated module become `<cell N>:line:col`; the runtime's own frames go.
function cleanStack(stack: string): string[] {
  const out: string[] = [];
  for (const line of stack.split("\n")) {
    if (line.includes("/course/sandbox/")) continue;
    out.push(line.replace(
      /file:\/\/\S*\/notebook_\d+\.js:(\d+):(\d+)/,
      (m, l: string, c: string) => {
        let best = -1;
        for (const [cell, start] of Object.entries(cellStarts)) {
          if (start <= Number(l) && (best < 0 || start > cellStarts[best])) {
            best = Number(cell);
          }
        }
        return best < 0
          ? m
          : `<cell ${best + 1}>:${Number(l) - cellStarts[best]}:${c}`;
      },
    ));
  }
  return out;
}

function errorOutput(e: unknown): Record<string, unknown> {
  if (e instanceof Error) {
    const stack = cleanStack(e.stack ?? `${e.name}: ${e.message}`);
    return {
      output_type: "error",
      ename: e.name,
      evalue: e.message,
      traceback: stack,
    };
  }
  return {
    output_type: "error",
    ename: "Error",
    evalue: String(e),
    traceback: [String(e)],
  };
}

function formatArgs(args: unknown[]): string {
  const out: string[] = [];
  let rest = args;
  if (typeof args[0] === "string" && args[0].includes("%")) {
    let k = 1;
    const first = args[0].replace(/%([sdifoOjc%])/g, (m, f: string) => {
      if (f === "%") return "%";
      if (k >= args.length) return m;
      const a = args[k++];
      switch (f) {
        case "s":
          return typeof a === "string" ? a : inspect(a);
        case "d":
        case "i":
          return String(
            typeof a === "number" ? (f === "i" ? Math.trunc(a) : a) : Number(a),
          );
        case "f":
          return String(Number(a));
        case "c":
          return "";
        default:
          return inspect(a);
      }
    });
    out.push(first);
    rest = args.slice(k);
  } else if (args.length) {
    out.push(typeof args[0] === "string" ? args[0] : inspect(args[0]));
    rest = args.slice(1);
  }
  for (const a of rest) out.push(typeof a === "string" ? a : inspect(a));
  return out.join(" ");
}

function bundleOf(value: unknown): Record<string, unknown> {
  const v = value as Record<symbol, unknown>;
  if (
    v !== null && (typeof v === "object" || typeof v === "function") &&
    typeof v[DISPLAY] === "function"
  ) {
    return (v[DISPLAY] as () => Record<string, unknown>)();
  }
  return { "text/plain": inspect(value, { colors: true }) };
}

/**
 * Replaces `localStorage` by a storage in memory, before any notebook code
 * runs: Deno's own would write to disk (without any permission) and outlive
 * the notebook. The property cannot be deleted or redefined afterwards.
 */
function installMemoryStorage(): void {
  const items = new Map<string, string>();
  const storage = {
    get length() {
      return items.size;
    },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(String(k)) ?? null,
    setItem: (k: string, v: string) => void items.set(String(k), String(v)),
    removeItem: (k: string) => void items.delete(String(k)),
    clear: () => items.clear(),
  };
  Object.defineProperty(globalThis, "localStorage", {
    value: storage,
    writable: false,
    configurable: false,
    enumerable: true,
  });
}

/** The per-process runtime; one instance per executed notebook. */
export class NotebookRuntime {
  #cfg: RuntimeConfig;
  #nonce = "";
  #cell = -1;
  #reader?: ReadableStreamDefaultReader<Uint8Array>;
  #pending = "";

  /** Creates the runtime from its configuration. */
  constructor(config: RuntimeConfig) {
    this.#cfg = config;
    cellStarts = config.cellStarts ?? {};
  }

  #emit(event: Record<string, unknown>): void {
    writeAll(
      encoder.encode(`${REPORT_SEPARATOR}${this.#nonce}${stringify(event)}\n`),
    );
  }

  #out(output: Record<string, unknown>): void {
    this.#emit({ e: "out", i: this.#cell, o: output });
  }

  #stream(name: "stdout" | "stderr", text: string): void {
    this.#out({ output_type: "stream", name, text: text + "\n" });
  }

  /** Reads the nonce from stdin and installs the console and `Deno.jupyter` shims. */
  async start(): Promise<void> {
    this.#reader = Deno.stdin.readable.getReader();
    this.#nonce = (await this.#readLine() ?? "").trim();
    this.#installConsole();
    this.#installJupyter();
    installMemoryStorage();
    globalThis.addEventListener("unhandledrejection", (ev) => {
      ev.preventDefault();
      this.#out(errorOutput(ev.reason));
    });
    globalThis.addEventListener("error", (ev) => {
      ev.preventDefault();
      this.#out(errorOutput(ev.error));
    });
  }

  // console.log & co. keep Deno's own formatting (tables, groups, counters):
  // what they print to stdout is attributed by the parent to the running cell,
  // in order with the reports. Only stderr goes through reports, since the
  // separate stderr pipe would lose the cell it came from.
  #installConsole(): void {
    const c = console as unknown as Record<string, (...a: unknown[]) => void>;
    const err = (...a: unknown[]) => this.#stream("stderr", formatArgs(a));
    c.warn = c.error = err;
    c.trace = (...a: unknown[]) =>
      this.#stream(
        "stderr",
        `Trace: ${formatArgs(a)}\n${
          new Error().stack?.split("\n").slice(2).join("\n")
        }`,
      );
    c.assert = (cond: unknown, ...a: unknown[]) => {
      if (!cond) {
        this.#stream(
          "stderr",
          `Assertion failed${a.length ? ": " + formatArgs(a) : ""}`,
        );
      }
    };
  }

  #installJupyter(): void {
    const display = (
      obj: unknown,
      opts: { raw?: boolean; update?: boolean; display_id?: string } = {},
    ) => {
      const data = opts.raw ? obj as Record<string, unknown> : bundleOf(obj);
      if (opts.update && opts.display_id) {
        this.#emit({ e: "update", id: opts.display_id, data });
        return Promise.resolve();
      }
      this.#out({
        output_type: "display_data",
        data,
        metadata: {},
        ...(opts.display_id
          ? { transient: { display_id: opts.display_id } }
          : {}),
      });
      return Promise.resolve();
    };
    const bundle =
      (mime: string) =>
      (strings: TemplateStringsArray | string, ...values: unknown[]) => {
        const text = typeof strings === "string"
          ? strings
          : strings.reduce((acc, s, k) =>
            acc + s + (k < values.length ? String(values[k]) : ""), "");
        return { [DISPLAY]: () => ({ [mime]: text }) };
      };
    const jupyter = {
      // Tells the lib this is the graders' headless runner, not the kernel (lib/display/pace_output.ts).
      headless: true,
      $display: DISPLAY,
      display,
      html: bundle("text/html"),
      md: bundle("text/markdown"),
      svg: bundle("image/svg+xml"),
      format: bundleOf,
      image: (data: Uint8Array | string) => ({
        [DISPLAY]: () => ({
          "text/plain": typeof data === "string"
            ? data
            : `<image ${data.length} bytes>`,
        }),
      }),
      broadcast: (msgType: string, content: Record<string, unknown>) => {
        const transient = content.transient as
          | { display_id?: string }
          | undefined;
        if (msgType === "update_display_data" && transient?.display_id) {
          this.#emit({
            e: "update",
            id: transient.display_id,
            data: content.data,
          });
        } else if (msgType === "display_data") {
          this.#out({
            output_type: "display_data",
            data: content.data,
            metadata: content.metadata ?? {},
            ...(transient ? { transient } : {}),
          });
        } else if (msgType === "stream") {
          this.#out({
            output_type: "stream",
            name: content.name,
            text: content.text,
          });
        }
        return Promise.resolve();
      },
    };
    // `Deno.jupyter` is an accessor whose getter throws outside the kernel; its setter replaces it.
    (Deno as unknown as { jupyter: unknown }).jupyter = jupyter;
  }

  /** Runs one cell: its outputs, its displayed value, its error. */
  async cell(
    index: number,
    body: () => Promise<{ value: unknown } | undefined>,
  ): Promise<void> {
    if (this.#cfg.skipCells?.includes(index)) {
      this.#emit({ e: "skip", i: index });
      return;
    }
    this.#cell = index;
    this.#emit({ e: "start", i: index });
    const t0 = now();
    let ok = true;
    try {
      const result = await body();
      if (result && result.value !== undefined) {
        this.#out({
          output_type: "execute_result",
          data: bundleOf(result.value),
          metadata: {},
        });
      }
    } catch (e) {
      ok = false;
      this.#out(errorOutput(e));
    }
    this.#emit({ e: "end", i: index, ms: now() - t0, ok });
  }

  /** Reports a cell that did not compile. */
  syntaxError(index: number, message: string): Promise<void> {
    if (this.#cfg.skipCells?.includes(index)) {
      this.#emit({ e: "skip", i: index });
      return Promise.resolve();
    }
    this.#cell = index;
    this.#emit({ e: "start", i: index });
    const [ename, ...rest] = message.split(": ");
    this.#out({
      output_type: "error",
      ename,
      evalue: rest.join(": "),
      traceback: [message],
    });
    this.#emit({ e: "end", i: index, ms: 0, ok: false });
    return Promise.resolve();
  }

  async #readLine(): Promise<string | undefined> {
    while (!this.#pending.includes("\n")) {
      const chunk = await this.#reader?.read();
      if (!chunk || chunk.done) {
        if (!this.#pending) return undefined;
        const rest = this.#pending;
        this.#pending = "";
        return rest;
      }
      this.#pending += decoder.decode(chunk.value, { stream: true });
    }
    const nl = this.#pending.indexOf("\n");
    const line = this.#pending.slice(0, nl);
    this.#pending = this.#pending.slice(nl + 1);
    return line;
  }

  /**
   * After the last cell: answers the grader's requests on the namespace until
   * stdin closes, then exits.
   */
  async serve(ns: Namespace): Promise<void> {
    this.#cell = -1;
    this.#emit({ e: "ready" });
    const server = makeServer(ns);
    while (true) {
      const line = await this.#readLine();
      if (line === undefined) break;
      if (!line.trim()) continue;
      let req: Request;
      try {
        req = parse(line);
      } catch {
        continue;
      }
      try {
        const v = await answer(server, req);
        this.#emit({ e: "reply", id: req.id, ok: true, v });
      } catch (e) {
        this.#emit({
          e: "reply",
          id: req.id,
          ok: false,
          error: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        });
      }
    }
    // Timers or intervals a notebook left running must not keep the process alive.
    exit(0);
  }
}

/**
 * One sandboxed `deno run` process executing a compiled notebook, seen from
 * the grader: it starts the process behind the permission broker, at an
 * origin of its own (its `localStorage` is deleted with it), reads its reports
 * line by line within a size limit, and sends it requests with a time limit.
 *
 * Nothing the process sends is trusted: reports only fill in the notebook's
 * own outputs, and replies are validated by `wire_decode.ts`.
 *
 * @module
 */
import { join } from "@std/path";
import { type Broker, startBroker } from "./broker.ts";
import { readLines } from "./line_reader.ts";
import { REPO_ROOT } from "./repo_root.ts";
import { REPORT_SEPARATOR, type Request } from "../sandbox/wire.ts";

/** Longest report line read from the notebook process (64 MiB). */
export const MAX_LINE_BYTES = 64 << 20;

const BROKER_WARNING =
  // deno-lint-ignore no-control-regex
  /(\x1b\[[0-9;]*m)*Warning(\x1b\[[0-9;]*m)* Permission broker is an experimental feature\n?/;

/** A report of the notebook process (untrusted). */
export type Report = Record<string, unknown> & { e?: unknown };

/** Why a request got no valid reply. */
export class NoAnswer extends Error {
  /**
   * @param kind `timeout`, `gone` (the process ended) or `oversized`.
   * @param message Explanation for the check's result.
   */
  constructor(
    readonly kind: "timeout" | "gone" | "oversized",
    message: string,
  ) {
    super(message);
    this.name = "NoAnswer";
  }
}

/** Options of {@linkcode NotebookProcess.start}. */
export interface ProcessOptions {
  /** The compiled module to run. */
  modulePath: string;
  /** Working directory (the notebook's folder). */
  cwd: string;
  /** Folders it may read. */
  readRoots: string[];
  /** Private folder for the broker socket. */
  workDir: string;
  /** Extra `deno run` flags. */
  denoFlags?: string[];
  /** Called for each report that is not a reply. */
  onReport(report: Report): void;
  /** Called for text printed outside reports. */
  onStray(name: "stdout" | "stderr", text: string): void;
}

function realDenoDir(): string {
  const env = Deno.env.get("DENO_DIR");
  if (env) return env;
  const cache = Deno.env.get("XDG_CACHE_HOME") ??
    join(Deno.env.get("HOME") ?? "/root", ".cache");
  return join(cache, "deno");
}

/**
 * The origin a notebook process runs at (`--location`): unique per process,
 * so its `localStorage` is its own, and deleted when it ends.
 */
async function privateOrigin(): Promise<
  { location: string; storageDir: string }
> {
  const origin = `http://grading-${crypto.randomUUID()}.invalid`;
  // Deno keeps an origin's storage in location_data/<sha-256 of the origin>.
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(origin),
  );
  const hex = Array.from(
    new Uint8Array(digest),
    (b) => b.toString(16).padStart(2, "0"),
  ).join("");
  return {
    location: `${origin}/`,
    storageDir: join(realDenoDir(), "location_data", hex),
  };
}

/** A running notebook process. */
export class NotebookProcess {
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #broker: Broker;
  #nextId = 1;
  #pending = new Map<number, (reply: Report | NoAnswer) => void>();
  #stderrTail = "";
  #exitedFlag = false;
  /** Resolves true when the notebook reported it finished its cells, false if it ended first. */
  readonly ready: Promise<boolean>;
  /** Resolves when the process ended. */
  readonly exited: Promise<Deno.CommandStatus>;

  private constructor(
    child: Deno.ChildProcess,
    broker: Broker,
    nonce: string,
    options: ProcessOptions,
    storageDir: string,
  ) {
    this.#child = child;
    this.#broker = broker;
    this.#writer = child.stdin.getWriter();
    let readyResolve!: (v: boolean) => void;
    this.ready = new Promise((r) => readyResolve = r);
    const prefix = `${REPORT_SEPARATOR}${nonce}`;
    const stdout = (async () => {
      for await (const item of readLines(child.stdout, MAX_LINE_BYTES)) {
        if ("oversized" in item) {
          this.#failPending(
            new NoAnswer(
              "oversized",
              `the notebook sent a line of ${item.oversized} bytes, over the limit of ${MAX_LINE_BYTES}`,
            ),
          );
          continue;
        }
        const line = item.line;
        const at = line.indexOf(prefix);
        if (at < 0) {
          options.onStray("stdout", line + "\n");
          continue;
        }
        if (at > 0) options.onStray("stdout", line.slice(0, at));
        let report: Report;
        try {
          report = JSON.parse(line.slice(at + prefix.length));
        } catch {
          continue; // garbage: it can only cost the notebook's own answers
        }
        if (typeof report !== "object" || report === null) continue;
        if (report.e === "reply") {
          const resolve = this.#pending.get(report.id as number);
          if (resolve) {
            this.#pending.delete(report.id as number);
            resolve(report);
          }
        } else if (report.e === "ready") readyResolve(true);
        else options.onReport(report);
      }
    })();
    const stderr = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of child.stderr) {
        let text = decoder.decode(chunk, { stream: true });
        // Deno's own start-up warning about the broker is not the notebook's output.
        text = text.replace(BROKER_WARNING, "");
        this.#stderrTail = (this.#stderrTail + text).slice(-4000);
        if (text) options.onStray("stderr", text);
      }
    })();
    this.exited = (async () => {
      const status = await child.status;
      await Promise.allSettled([stdout, stderr]);
      this.#exitedFlag = true;
      readyResolve(false);
      this.#failPending(
        new NoAnswer(
          "gone",
          `the notebook process ended (${describe(status)})`,
        ),
      );
      broker.close();
      // Whatever the notebook put in localStorage goes with it.
      await Deno.remove(storageDir, { recursive: true }).catch(() => {});
      return status;
    })();
  }

  /**
   * Starts the process and sends it its nonce.
   *
   * @param options Module, folders and callbacks.
   * @returns The running process.
   */
  static async start(options: ProcessOptions): Promise<NotebookProcess> {
    const nonce = crypto.randomUUID();
    const broker = startBroker(join(options.workDir, `broker-${nonce}.sock`), {
      readRoots: options.readRoots,
      cwd: options.cwd,
    });
    const origin = await privateOrigin();
    const env: Record<string, string> = {
      DENO_PERMISSION_BROKER_PATH: broker.path,
      DENO_NO_UPDATE_CHECK: "1",
      NO_COLOR: "1",
    };
    for (
      const k of [
        "HOME",
        "PATH",
        "DENO_DIR",
        "XDG_CACHE_HOME",
        "NPM_CONFIG_REGISTRY",
      ]
    ) {
      const v = Deno.env.get(k);
      if (v !== undefined) env[k] = v;
    }
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--no-prompt",
        "--no-lock",
        "--no-remote",
        `--location=${origin.location}`,
        `--config=${REPO_ROOT}/deno.json`,
        `--allow-read=${options.readRoots.join(",")}`,
        "--v8-flags=--max-old-space-size=4096",
        ...(options.denoFlags ?? []),
        options.modulePath,
      ],
      cwd: options.cwd,
      clearEnv: true,
      env,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const p = new NotebookProcess(
      child,
      broker,
      nonce,
      options,
      origin.storageDir,
    );
    await p.#send(nonce);
    return p;
  }

  /** Denials the broker recorded for this process. */
  get denials(): Broker["denials"] {
    return this.#broker.denials;
  }

  /** Whether the process has ended. */
  get gone(): boolean {
    return this.#exitedFlag;
  }

  /** The last lines the process wrote on stderr (Deno's own messages). */
  get stderrTail(): string {
    return this.#stderrTail;
  }

  /** Attributes later denials to a cell or a check. */
  setPhase(phase: { cell?: number; check?: string }): void {
    this.#broker.setPhase(phase);
  }

  async #send(line: string): Promise<void> {
    await this.#writer.write(new TextEncoder().encode(line + "\n"));
  }

  #failPending(why: NoAnswer): void {
    const all = [...this.#pending.values()];
    this.#pending.clear();
    for (const resolve of all) resolve(why);
  }

  /**
   * Sends one request and waits for its reply.
   *
   * @param req The request, without its id.
   * @param timeoutMs Time limit; the process is killed when it expires.
   * @returns The raw reply (`{ ok, v }` or `{ ok: false, error }`), untrusted.
   * @throws {NoAnswer} On timeout, end of the process or an oversized reply.
   */
  async request(
    req: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<Report> {
    if (this.#exitedFlag) {
      throw new NoAnswer("gone", "the notebook process ended");
    }
    const id = this.#nextId++;
    const reply = new Promise<Report | NoAnswer>((resolve) =>
      this.#pending.set(id, resolve)
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<NoAnswer>((resolve) => {
      timer = setTimeout(
        () =>
          resolve(
            new NoAnswer(
              "timeout",
              `no answer within ${Math.round(timeoutMs)} ms`,
            ),
          ),
        Math.max(0, timeoutMs),
      );
    });
    await this.#send(JSON.stringify({ ...req, id } as Request)).catch(() => {});
    const r = await Promise.race([reply, timeout]);
    clearTimeout(timer);
    this.#pending.delete(id);
    if (r instanceof NoAnswer) {
      if (r.kind === "timeout") this.kill();
      throw r;
    }
    return r;
  }

  /** Kills the process (idempotent). */
  kill(): void {
    try {
      this.#child.kill("SIGKILL");
    } catch { /* already gone */ }
  }

  /** Closes stdin (the child then exits) and waits for the end. */
  async close(): Promise<Deno.CommandStatus> {
    await this.#writer.close().catch(() => {});
    const t = setTimeout(() => this.kill(), 5000);
    const s = await this.exited;
    clearTimeout(t);
    return s;
  }
}

function describe(s: Deno.CommandStatus): string {
  return s.signal ? `signal ${s.signal}` : `exit code ${s.code}`;
}

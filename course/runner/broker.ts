/**
 * A Deno permission broker (`DENO_PERMISSION_BROKER_PATH`): the sandboxed
 * notebook process asks it about every permission check, including the ones
 * Deno's audit log does not record (starting a process, sending a signal).
 * It allows reading under a few folders, denies everything else, and records
 * each denial with the phase the grader was in (a cell, a check).
 *
 * The broker runs in the grader's process; the notebook cannot reach its
 * socket (it has no `net` or `write` permission, and the socket lives in a
 * folder it cannot read).
 *
 * @module
 */

/** A permission the notebook asked for and was denied. */
export interface Denial {
  /** `read`, `write`, `net`, `env`, `run`, `ffi`, `sys`, `import`. */
  permission: string;
  /** What it tried to access (path, host, variable, command); `""` if Deno gave none. */
  value: string;
  /** Cell index, when a cell was running. */
  cell?: number;
  /** Check id, when the grader was asking the notebook for a check. */
  check?: string;
}

/** Where the notebook process is, as the grader sees it. */
export type Phase = { cell?: number; check?: string };

/** A running broker. */
export interface Broker {
  /** The socket path to give the child in `DENO_PERMISSION_BROKER_PATH`. */
  path: string;
  /** Every denied request so far, in order. */
  denials: Denial[];
  /** Sets the phase that later denials are attributed to. */
  setPhase(phase: Phase): void;
  /** Stops listening and closes connections. */
  close(): void;
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return "/" + parts.join("/");
}

/**
 * Whether `path` (absolute, or relative to `cwd`) lies under one of `roots`.
 *
 * @param path Path Deno asked about.
 * @param roots Allowed folders (absolute).
 * @param cwd The child's working directory.
 * @returns True if inside a root.
 *
 * @example
 * ```ts
 * import { isUnder } from "./broker.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(isUnder("../data/x.csv", ["/r/data"], "/r/notebooks"), true);
 * assertEquals(isUnder("/r/data/../secret", ["/r/data"], "/r"), false);
 * ```
 */
export function isUnder(path: string, roots: string[], cwd: string): boolean {
  const p = normalize(path.startsWith("/") ? path : `${cwd}/${path}`);
  return roots.some((r) => {
    const root = normalize(r);
    return p === root || p.startsWith(root + "/");
  });
}

const MAX_REQUEST = 1 << 16;
const MAX_DENIALS = 1000;

/**
 * Starts a broker on a Unix socket at `path`.
 *
 * @param path Socket path (its folder must exist).
 * @param policy `readRoots`: folders the child may read; `cwd`: its working
 * directory, for relative paths.
 * @returns The broker.
 *
 * @example
 * ```ts ignore
 * import { startBroker } from "./broker.ts";
 * const broker = startBroker("/tmp/x/broker.sock", { readRoots: ["/repo/lib"], cwd: "/repo" });
 * // … run `deno run` with DENO_PERMISSION_BROKER_PATH=broker.path …
 * broker.close();
 * ```
 */
export function startBroker(
  path: string,
  policy: { readRoots: string[]; cwd: string },
): Broker {
  const listener = Deno.listen({ transport: "unix", path });
  const conns = new Set<Deno.Conn>();
  let phase: Phase = {};
  const denials: Denial[] = [];
  const encoder = new TextEncoder();
  const serve = async (conn: Deno.Conn) => {
    conns.add(conn);
    const decoder = new TextDecoder();
    let buf = "";
    try {
      for await (const chunk of conn.readable) {
        buf += decoder.decode(chunk, { stream: true });
        if (buf.length > MAX_REQUEST && !buf.includes("\n")) break;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const req = JSON.parse(line) as {
            id: number;
            permission: string;
            value?: string | null;
          };
          const value = typeof req.value === "string" ? req.value : "";
          const allow = req.permission === "read" &&
            value !== "" && isUnder(value, policy.readRoots, policy.cwd);
          if (!allow && denials.length < MAX_DENIALS) {
            const isPath = req.permission === "read" ||
              req.permission === "write";
            const shown = isPath && value && !value.startsWith("/")
              ? normalize(`${policy.cwd}/${value}`)
              : value;
            denials.push({
              permission: String(req.permission).slice(0, 20),
              value: shown.slice(0, 300),
              ...phase,
            });
          }
          await conn.write(encoder.encode(
            JSON.stringify(
              allow ? { id: req.id, result: "allow" } : {
                id: req.id,
                result: "deny",
                reason: `Requires ${req.permission} access${
                  value ? ` to "${value.slice(0, 200)}"` : ""
                }: not allowed while grading`,
              },
            ) + "\n",
          ));
        }
      }
    } catch { /* the child went away */ }
    conns.delete(conn);
    try {
      conn.close();
    } catch { /* closed */ }
  };
  (async () => {
    try {
      for await (const conn of listener) serve(conn);
    } catch { /* closed */ }
  })();
  return {
    path,
    denials,
    setPhase(p) {
      phase = { ...p };
    },
    close() {
      try {
        listener.close();
      } catch { /* closed */ }
      for (const c of conns) {
        try {
          c.close();
        } catch { /* closed */ }
      }
    },
  };
}

/**
 * The notebook side of the grader's requests: keeps the values the grader
 * refers to by handle, turns the grader's arguments into the lib's values
 * (tensors, generators, helper functions) and the notebook's answers into
 * plain wire data (`wire.ts`). `runtime.ts` serves it over stdin/stdout after
 * the last cell; tests of a rubric may serve it in their own process.
 *
 * @module
 */
import { Tensor } from "../../lib/tensor/mod.ts";
import { Generator } from "../../lib/random/generator.ts";
import { RandomState } from "../../lib/random/random_state.ts";
import { HELPER_FUNCTIONS, type Request } from "./wire.ts";

/** The executed notebook's top-level names and their values. */
export type Namespace = Record<string, unknown>;

/** A request server over one namespace. */
export interface Server {
  ns: Namespace;
  handles: Map<number, unknown>;
  keep(v: unknown): number;
}

/**
 * A server over `ns` with an empty handle table.
 *
 * @param ns The notebook's top-level names.
 * @returns The server, for {@linkcode answer}.
 *
 * @example
 * ```ts
 * import { answer, makeServer } from "./server.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const s = makeServer({ n: 3 });
 * assertEquals(await answer(s, { id: 1, op: "global", name: "n" }), { $o: { defined: true, v: 3 } });
 * ```
 */
export function makeServer(ns: Namespace): Server {
  const handles = new Map<number, unknown>();
  let next = 1;
  return {
    ns,
    handles,
    keep(v) {
      handles.set(next, v);
      return next++;
    },
  };
}

const HELPERS: Record<string, (z: Tensor) => Tensor> = {
  identity: (z) => z,
  tanh: (z) => z.tanh(),
  relu: (z) => z.relu(),
};

function handleOf(s: Server, h: number): unknown {
  if (!s.handles.has(h)) throw new ReferenceError(`no value #${h}`);
  return s.handles.get(h);
}

function fromWire(s: Server, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => fromWire(s, x));
  if (v === null || typeof v !== "object") return v;
  const o = v as Record<string, unknown>;
  if ("$t" in o) {
    const [shape, dtype, data] = o.$t as [number[], string, unknown[]];
    const values = data.map(Number);
    return new Tensor(
      dtype === "float32"
        ? Float32Array.from(values)
        : Float64Array.from(values),
      shape,
    );
  }
  if ("$n" in o) return Number(o.$n);
  if ("$u" in o) return undefined;
  if ("$h" in o) return handleOf(s, o.$h as number);
  if ("$g" in o) {
    return o.rs
      ? new RandomState(o.$g as number)
      : new Generator(o.$g as number);
  }
  if ("$fn" in o) {
    const name = String(o.$fn);
    if (!HELPER_FUNCTIONS.includes(name)) {
      throw new TypeError(`no helper ${name}`);
    }
    return HELPERS[name];
  }
  if ("$a" in o) return Float64Array.from(o.$a as number[]);
  if ("$o" in o) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o.$o as Record<string, unknown>)) {
      out[k] = fromWire(s, x);
    }
    return out;
  }
  throw new TypeError("unknown wire value");
}

function num(x: number): unknown {
  return Number.isFinite(x) ? x : String(x);
}

function toWire(s: Server, v: unknown, depth = 0): unknown {
  if (v === undefined) return { $u: 1 };
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : { $n: String(v) };
  if (v instanceof Tensor) {
    return { $t: [v.shape, v.dtype, Array.from(v.data, num)] };
  }
  if (depth < 8 && Array.isArray(v)) {
    return v.map((x) => toWire(s, x, depth + 1));
  }
  if (
    ArrayBuffer.isView(v) && !(v instanceof DataView) &&
    !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array)
  ) {
    return { $a: Array.from(v as Float64Array, num) };
  }
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v);
    if (depth < 8 && (proto === Object.prototype || proto === null)) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        out[k] = toWire(s, x, depth + 1);
      }
      return { $o: out };
    }
  }
  return refTo(s, v);
}

function refTo(s: Server, v: unknown): unknown {
  const kind = typeof v;
  const cls = kind === "function"
    ? String((v as { name?: unknown }).name ?? "")
    : String(
      (v as { constructor?: { name?: unknown } })?.constructor?.name ?? "",
    );
  return { $h: s.keep(v), k: kind, c: cls.slice(0, 100) };
}

/**
 * Answers one request: evaluates it on the namespace and returns wire data.
 *
 * @param s The server.
 * @param req The request.
 * @returns The answer as wire data (throws what the notebook's code throws).
 */
export async function answer(s: Server, req: Request): Promise<unknown> {
  const out = (v: unknown, ref?: boolean) =>
    ref && (typeof v === "object" || typeof v === "function") && v !== null
      ? refTo(s, v)
      : toWire(s, v);
  switch (req.op) {
    case "global":
      return {
        $o: {
          defined: req.name in s.ns && s.ns[req.name] !== undefined,
          v: out(s.ns[req.name], req.ref),
        },
      };
    case "get": {
      const target = handleOf(s, req.h) as Record<string | number, unknown>;
      return out(await target[req.key], req.ref);
    }
    case "set": {
      const target = handleOf(s, req.h) as Record<string | number, unknown>;
      target[req.key] = fromWire(s, req.value);
      return null;
    }
    case "call": {
      const f = handleOf(s, req.h) as (...a: unknown[]) => unknown;
      return out(await f(...req.args.map((a) => fromWire(s, a))), req.ref);
    }
    case "method": {
      const target = handleOf(s, req.h) as Record<
        string,
        (...a: unknown[]) => unknown
      >;
      const f = target[req.name];
      if (typeof f !== "function") {
        throw new TypeError(`${req.name} is not a method`);
      }
      return out(
        await f.apply(target, req.args.map((a) => fromWire(s, a))),
        req.ref,
      );
    }
    case "new": {
      const C = handleOf(s, req.h) as new (...a: unknown[]) => unknown;
      return out(new C(...req.args.map((a) => fromWire(s, a))), req.ref);
    }
    case "put":
      return refTo(s, fromWire(s, req.value));
    case "assign": {
      const target = handleOf(s, req.h) as Tensor;
      const value = fromWire(s, req.value) as Tensor;
      target.data.set(value.data);
      return null;
    }
    case "release":
      s.handles.clear();
      return null;
  }
}

/**
 * Reads the notebook process's answers on the trusted side. The bytes come
 * from a process the student controls, so every answer is validated: plain
 * JSON values only, tensors with a well-formed shape and exactly as many
 * numbers, bounded depth, size and string lengths. What passes becomes the
 * grader's own values (its own `Tensor`s); anything else is a
 * {@linkcode MalformedAnswer}.
 *
 * @module
 */
import { Tensor } from "../../lib/tensor/tensor.ts";
import { NON_FINITE } from "../sandbox/wire.ts";

/** An answer that is not valid data. */
export class MalformedAnswer extends Error {
  /** @param why What was wrong. */
  constructor(why: string) {
    super(`the notebook answered malformed data (${why})`);
    this.name = "MalformedAnswer";
  }
}

/** A value kept in the notebook process, known here by its handle. */
export interface Handle {
  readonly id: number;
  /** `typeof` the value in the child (`"function"`, `"object"`). */
  readonly kind: string;
  /** Its class or function name, as the child says (untrusted, for messages). */
  readonly className: string;
}

/** Limits of one decoded answer. */
export interface DecodeLimits {
  /** Most numbers in all tensors and arrays together. */
  maxNumbers: number;
  /** Deepest nesting. */
  maxDepth: number;
  /** Longest string. */
  maxString: number;
}

/** The default limits: 2·10⁷ numbers, depth 16, strings of 100 000 chars. */
export const DEFAULT_LIMITS: DecodeLimits = {
  maxNumbers: 20_000_000,
  maxDepth: 16,
  maxString: 100_000,
};

/** A decoded answer: JSON-like data, the grader's own tensors, or handles. */
export type Value =
  | number
  | string
  | boolean
  | null
  | undefined
  | Tensor
  | Float64Array
  | Handle
  | Value[]
  | { [key: string]: Value };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function onlyKey(o: Record<string, unknown>, allowed: string[]): string {
  const keys = Object.keys(o);
  const tag = keys.find((k) => k.startsWith("$"));
  if (!tag || keys.some((k) => !allowed.includes(k))) {
    throw new MalformedAnswer(`unexpected object keys ${keys.slice(0, 5)}`);
  }
  return tag;
}

function number(x: unknown): number {
  if (typeof x === "number") return x;
  if (typeof x === "string" && NON_FINITE.includes(x)) return Number(x);
  throw new MalformedAnswer("a tensor entry is not a number");
}

/**
 * Decodes and validates one answer (already parsed from JSON by the grader).
 *
 * @param raw The parsed JSON.
 * @param makeHandle Builds the grader's handle for `{ $h }`.
 * @param limits Size limits (default {@linkcode DEFAULT_LIMITS}).
 * @returns The grader's value.
 * @throws {MalformedAnswer} On anything that is not valid data.
 *
 * @example
 * ```ts
 * import { decodeAnswer, MalformedAnswer } from "./wire_decode.ts";
 * import { Tensor } from "../../lib/tensor/tensor.ts";
 * import { assert, assertThrows } from "@std/assert";
 *
 * const t = decodeAnswer({ $t: [[2], "float64", [1, "NaN"]] }, () => { throw 0; });
 * assert(t instanceof Tensor && Number.isNaN(t.data[1]));
 * assertThrows(() => decodeAnswer({ $t: [[3], "float64", [1]] }, () => { throw 0; }), MalformedAnswer);
 * ```
 */
export function decodeAnswer(
  raw: unknown,
  makeHandle: (id: number, kind: string, className: string) => Handle,
  limits: DecodeLimits = DEFAULT_LIMITS,
): Value {
  let numbers = 0;
  const count = (n: number) => {
    numbers += n;
    if (numbers > limits.maxNumbers) {
      throw new MalformedAnswer(`more than ${limits.maxNumbers} numbers`);
    }
  };
  const walk = (v: unknown, depth: number): Value => {
    if (depth > limits.maxDepth) throw new MalformedAnswer("nested too deep");
    if (v === null || typeof v === "boolean") return v;
    if (typeof v === "number") {
      count(1);
      return v;
    }
    if (typeof v === "string") {
      if (v.length > limits.maxString) {
        throw new MalformedAnswer("a string is too long");
      }
      return v;
    }
    if (Array.isArray(v)) {
      count(v.length);
      return v.map((x) => walk(x, depth + 1));
    }
    if (!isRecord(v)) throw new MalformedAnswer(`a ${typeof v}`);
    const tag = onlyKey(v, ["$t", "$n", "$u", "$a", "$o", "$h", "k", "c"]);
    switch (tag) {
      case "$u":
        return undefined;
      case "$n":
        return number(v.$n);
      case "$t": {
        const t = v.$t;
        if (!Array.isArray(t) || t.length !== 3) {
          throw new MalformedAnswer("a tensor is not [shape, dtype, data]");
        }
        const [shape, dtype, data] = t;
        if (
          !Array.isArray(shape) || shape.length > 8 ||
          !shape.every((d) => Number.isInteger(d) && d >= 0)
        ) throw new MalformedAnswer("a tensor shape is not a list of sizes");
        if (dtype !== "float64" && dtype !== "float32") {
          throw new MalformedAnswer("a tensor dtype is not float64/float32");
        }
        if (!Array.isArray(data)) {
          throw new MalformedAnswer("tensor data is not a list");
        }
        const n = shape.reduce((a: number, b: number) => a * b, 1);
        count(data.length);
        if (n !== data.length) {
          throw new MalformedAnswer(
            `a tensor of shape [${shape}] came with ${data.length} numbers`,
          );
        }
        const values = dtype === "float32"
          ? new Float32Array(n)
          : new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = number(data[i]);
        return new Tensor(values, shape);
      }
      case "$a": {
        if (!Array.isArray(v.$a)) throw new MalformedAnswer("a typed array");
        count(v.$a.length);
        return Float64Array.from(v.$a, number);
      }
      case "$o": {
        if (!isRecord(v.$o)) throw new MalformedAnswer("an object");
        const out: { [key: string]: Value } = Object.create(null);
        const entries = Object.entries(v.$o);
        count(entries.length);
        for (const [k, x] of entries) {
          if (k.length > 200) throw new MalformedAnswer("a key is too long");
          out[k] = walk(x, depth + 1);
        }
        return out;
      }
      case "$h": {
        const id = v.$h;
        if (!Number.isSafeInteger(id) || (id as number) < 1) {
          throw new MalformedAnswer("a handle is not a positive integer");
        }
        const kind = typeof v.k === "string" ? v.k.slice(0, 20) : "object";
        const cls = typeof v.c === "string" ? v.c.slice(0, 100) : "";
        return makeHandle(id as number, kind, cls);
      }
    }
    throw new MalformedAnswer("unknown tag");
  };
  return walk(raw, 0);
}

/**
 * The checks' view of a student's notebook: values and functions that live
 * in the sandboxed process, driven from the grader by requests. A check asks
 * for a name, calls a function or constructs a class on inputs it chose, and
 * gets back validated data (the grader's own `Tensor`s) or a {@linkcode Remote}
 * handle to keep working with a value that stays in the child.
 *
 * @example
 * ```ts ignore
 * const double = await nb.need("double", "function");   // a Remote
 * const y = await double.call(tensor([1, 2]));          // a Tensor, validated
 * ```
 *
 * @module
 */
import { Tensor } from "../../lib/tensor/tensor.ts";
import { NoAnswer, type Report } from "./notebook_process.ts";
import {
  decodeAnswer,
  type Handle,
  MalformedAnswer,
  type Value,
} from "./wire_decode.ts";

export type { Value } from "./wire_decode.ts";

/** The student's code threw while answering (its message is untrusted text). */
export class StudentError extends Error {
  /** @param message The notebook's error, sanitized and shortened. */
  constructor(message: string) {
    super(`the notebook's code threw ${message}`);
    this.name = "StudentError";
  }
}

/** Ask the child for a fresh `Generator(seed)` of the lib (`nb.generator` is shorter). */
export class GeneratorSeed {
  /**
   * @param seed The seed.
   * @param kind `"Generator"` (torch-style) or `"RandomState"` (NumPy legacy).
   */
  constructor(
    readonly seed: number,
    readonly kind: "Generator" | "RandomState" = "Generator",
  ) {}
}

/** A child-side helper function passed as an argument (e.g. a nonlinearity). */
export class Helper {
  /** @param name `"identity"`, `"tanh"` or `"relu"`. */
  constructor(readonly name: "identity" | "tanh" | "relu") {}
}

/**
 * Untrusted text made safe to show: control characters removed, shortened.
 *
 * @param text Any text from the notebook.
 * @param max Longest result.
 * @returns The cleaned text.
 *
 * @example
 * ```ts
 * import { untrustedText } from "./remote.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(untrustedText("a\u001b[31mb\nc", 100), "a [31mb c");
 * ```
 */
export function untrustedText(text: unknown, max = 300): string {
  // deno-lint-ignore no-control-regex
  const s = String(text).replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ")
    .replace(/\s+/g, " ").trim();
  return s.length > max ? s.slice(0, max) + " …" : s;
}

function toWire(v: unknown, depth = 0): unknown {
  if (depth > 16) throw new RangeError("argument nested too deep");
  if (v === undefined) return { $u: 1 };
  if (v === null || typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : { $n: String(v) };
  if (v instanceof Tensor) {
    return {
      $t: [
        v.shape,
        v.dtype,
        Array.from(v.data, (x) => Number.isFinite(x) ? x : String(x)),
      ],
    };
  }
  if (v instanceof Remote) return { $h: v.id };
  if (v instanceof GeneratorSeed) {
    return v.kind === "RandomState" ? { $g: v.seed, rs: 1 } : { $g: v.seed };
  }
  if (v instanceof Helper) return { $fn: v.name };
  if (v instanceof Float64Array || v instanceof Float32Array) {
    return { $a: Array.from(v) };
  }
  if (Array.isArray(v)) return v.map((x) => toWire(x, depth + 1));
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toWire(x, depth + 1);
    return { $o: out };
  }
  throw new TypeError(`cannot send a ${typeof v}`);
}

/** A value kept in the notebook process. */
export class Remote implements Handle {
  /** @internal */
  constructor(
    readonly notebook: StudentNotebook,
    readonly id: number,
    readonly kind: string,
    readonly className: string,
  ) {}

  /** The property `key`, as data (objects other than plain data come back as handles). */
  get(key: string | number): Promise<Value> {
    return this.notebook.ask({ op: "get", h: this.id, key });
  }
  /** The property `key`, always as a handle (or a primitive). */
  ref(key: string | number): Promise<Remote> {
    return this.notebook.askRef(
      { op: "get", h: this.id, key, ref: true },
      `.${key}`,
    );
  }
  /** Sets the property `key` (tensors are sent as fresh tensors of the child's lib). */
  async set(key: string | number, value: unknown): Promise<void> {
    await this.notebook.ask({
      op: "set",
      h: this.id,
      key,
      value: toWire(value),
    });
  }
  /** Calls the value as a function. */
  call(...args: unknown[]): Promise<Value> {
    return this.notebook.ask({
      op: "call",
      h: this.id,
      args: args.map((a) => toWire(a)),
    });
  }
  /** Calls it and keeps the result in the child. */
  callRef(...args: unknown[]): Promise<Remote> {
    return this.notebook.askRef(
      { op: "call", h: this.id, args: args.map((a) => toWire(a)), ref: true },
      "()",
    );
  }
  /** Calls the method `name`. */
  method(name: string, ...args: unknown[]): Promise<Value> {
    return this.notebook.ask({
      op: "method",
      h: this.id,
      name,
      args: args.map((a) => toWire(a)),
    });
  }
  /** Calls the method `name` and keeps the result in the child. */
  methodRef(name: string, ...args: unknown[]): Promise<Remote> {
    return this.notebook.askRef({
      op: "method",
      h: this.id,
      name,
      args: args.map((a) => toWire(a)),
      ref: true,
    }, `.${name}()`);
  }
  /** `new` on the value (a class). */
  construct(...args: unknown[]): Promise<Remote> {
    return this.notebook.askRef(
      { op: "new", h: this.id, args: args.map((a) => toWire(a)), ref: true },
      "new",
    );
  }
  /** Overwrites the elements of this tensor (in the child) with `t`'s. */
  async assign(t: Tensor): Promise<void> {
    await this.notebook.ask({ op: "assign", h: this.id, value: toWire(t) });
  }
}

type Kind = "function" | "number" | "string" | "object" | "boolean";

/** Where a {@linkcode StudentNotebook} sends its requests (the sandboxed process, or a test's stand-in). */
export interface RequestChannel {
  /** Sends one request; resolves to the raw reply or throws `NoAnswer`. */
  request(req: Record<string, unknown>, timeoutMs: number): Promise<Report>;
}

/** The student's notebook, as a check sees it. */
export class StudentNotebook {
  #proc: RequestChannel;
  /** `performance.now()` by which the current check must end. */
  deadline = Infinity;

  /** @param proc The running notebook process (its cells have run). */
  constructor(proc: RequestChannel) {
    this.#proc = proc;
  }

  /** @internal Sends a request and decodes the reply. */
  async ask(req: Record<string, unknown>): Promise<Value> {
    const left = this.deadline - performance.now();
    const raw = await this.#proc.request(
      req,
      Number.isFinite(left) ? left : 30_000,
    );
    if (raw.ok !== true) {
      if (raw.ok === false) throw new StudentError(untrustedText(raw.error));
      throw new MalformedAnswer("a reply without ok");
    }
    return decodeAnswer(
      raw.v,
      (id, kind, cls) => new Remote(this, id, kind, cls),
    );
  }

  /** @internal Like `ask`, for requests whose answer must be a handle. */
  async askRef(req: Record<string, unknown>, what: string): Promise<Remote> {
    const v = await this.ask(req);
    if (!(v instanceof Remote)) {
      throw new TypeError(`${what} gave ${describeValue(v)}, not an object`);
    }
    return v;
  }

  /**
   * A top-level name of the notebook, failing with a message a learner
   * understands when it is missing or of the wrong kind.
   *
   * @param name The variable, function or class name.
   * @param kind Expected kind (`"function"` also covers classes).
   * @returns Functions and objects as {@linkcode Remote}s (tensors and plain
   * data as values); numbers, strings and booleans as themselves.
   */
  async need(name: string, kind?: Kind): Promise<Value> {
    const v = await this.#defined(name, kind === "function");
    const got = v instanceof Remote
      ? v.kind
      : v instanceof Tensor
      ? "object"
      : typeof v;
    if (kind && got !== kind && !(kind === "object" && v === null)) {
      throw new TypeError(`\`${name}\` must be a ${kind}, got ${got}`);
    }
    return v;
  }

  /** A top-level function or class of the notebook, as a handle. */
  async needFunction(name: string): Promise<Remote> {
    return await this.need(name, "function") as Remote;
  }

  /** A top-level number of the notebook. */
  async needNumber(name: string): Promise<number> {
    return await this.need(name, "number") as number;
  }

  /** A top-level tensor of the notebook (its data, validated). */
  async needTensor(name: string): Promise<Tensor> {
    const v = await this.need(name, "object");
    if (!(v instanceof Tensor)) {
      throw new TypeError(
        `\`${name}\` must be a Tensor, got ${describeValue(v)}`,
      );
    }
    return v;
  }

  /** A top-level value kept in the child, as a handle. */
  async needRef(name: string): Promise<Remote> {
    const v = await this.#defined(name, true);
    if (!(v instanceof Remote)) {
      throw new TypeError(
        `\`${name}\` must be an object, got ${describeValue(v)}`,
      );
    }
    return v;
  }

  /** A top-level name's value, or `undefined` when missing or unreadable (for figures). */
  async maybe(name: string): Promise<Value> {
    try {
      return (await this.#global(name, false)).v;
    } catch (e) {
      if (e instanceof NoAnswer) throw e;
      return undefined;
    }
  }

  /** Asks for a top-level name: whether it is defined, and its value (a handle when `ref`). */
  async #global(
    name: string,
    ref: boolean,
  ): Promise<{ defined: boolean; v: Value }> {
    const res = await this.ask({ op: "global", name, ref }) as
      | { defined?: Value; v?: Value }
      | null;
    return { defined: res?.defined === true, v: res?.v };
  }

  /** A top-level name's value, failing with a message a learner understands when it is missing. */
  async #defined(name: string, ref: boolean): Promise<Value> {
    const { defined, v } = await this.#global(name, ref);
    if (!defined) {
      throw new ReferenceError(
        `The notebook does not define \`${name}\` (was its cell deleted, moved below its use, or did it fail?)`,
      );
    }
    return v;
  }

  /** A new lib `Generator(seed)` in the child. */
  generator(seed: number): GeneratorSeed {
    return new GeneratorSeed(seed);
  }

  /** A new lib `RandomState(seed)` (NumPy's legacy generator) in the child. */
  randomState(seed: number): GeneratorSeed {
    return new GeneratorSeed(seed, "RandomState");
  }

  /** Sends a value to keep in the child (e.g. a large tensor used by several calls). */
  put(value: unknown): Promise<Remote> {
    return this.askRef({ op: "put", value: toWire(value) }, "put");
  }

  /** Drops every handle the child keeps for this check. */
  async release(): Promise<void> {
    await this.ask({ op: "release" });
  }
}

/**
 * A short description of a value for messages.
 *
 * @param v Any decoded value.
 * @returns E.g. `"a Tensor of shape [2, 3]"`, `"a number (3)"`.
 *
 * @example
 * ```ts
 * import { describeValue } from "./remote.ts";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(describeValue(3), "a number (3)");
 * ```
 */
export function describeValue(v: unknown): string {
  if (v instanceof Tensor) return `a Tensor of shape [${v.shape.join(", ")}]`;
  if (v instanceof Remote) {
    return `a ${v.kind} ${untrustedText(v.className, 40)}`.trim();
  }
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v === null) return "null";
  if (typeof v === "number") return `a number (${v})`;
  return `a ${typeof v}`;
}

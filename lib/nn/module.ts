/**
 * `Module`: the base class of every layer and model (PyTorch's `nn.Module`).
 *
 * @module
 */
import { noGrad } from "../autograd/grad_mode.ts";
import { formatShape, Tensor } from "../tensor/tensor.ts";

/** Parameter tensors by dotted name, as returned by {@linkcode Module.stateDict}. */
export type StateDict = Record<string, Tensor>;

/**
 * Base class of layers and models. Parameters and sub-modules are found by
 * looking at the instance's own properties in the order they were assigned
 * (as PyTorch registers them): a leaf tensor with `requiresGrad` is a
 * parameter, a `Module` is a child, and an array of modules is a list of
 * children named `name.0`, `name.1`, … (PyTorch's `nn.ModuleList`). Other
 * properties (numbers, functions, cached hidden states) are ignored.
 *
 * Subclasses define `forward(...)`; there is no `__call__`, so call
 * `model.forward(x)`.
 *
 * @example A two-parameter module
 * ```ts
 * import { Module } from "./module.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import { assertEquals } from "@std/assert";
 *
 * class Affine extends Module {
 *   weight = tensor([2], { requiresGrad: true });
 *   bias = tensor([1], { requiresGrad: true });
 * }
 * const m = new Affine();
 * assertEquals(m.namedParameters().map(([k]) => k), ["weight", "bias"]);
 * assertEquals(m.numParameters(), 2);
 * ```
 */
export class Module {
  /** Whether the module is in training mode (see {@linkcode Module.train}). */
  training = true;

  /**
   * Direct children `[name, module]`, in assignment order.
   *
   * @example
   * ```ts
   * import { Module } from "./module.ts";
   * import { assertEquals } from "@std/assert";
   *
   * class Outer extends Module { inner = new Module(); layers = [new Module(), new Module()]; }
   * assertEquals(new Outer().namedChildren().map(([k]) => k), ["inner", "layers.0", "layers.1"]);
   * ```
   */
  namedChildren(): [string, Module][] {
    const out: [string, Module][] = [];
    for (const [key, value] of Object.entries(this)) {
      if (value instanceof Module) out.push([key, value]);
      else if (
        Array.isArray(value) && value.length > 0 &&
        value.every((v) => v instanceof Module)
      ) {
        value.forEach((m, i) => out.push([`${key}.${i}`, m as Module]));
      }
    }
    return out;
  }

  /**
   * Every parameter with its PyTorch-style dotted name (`linear.weight`,
   * `recurrentNet.weight_ih_l0`),
   * own parameters first, then each child's; a tensor shared by two
   * modules is listed once.
   *
   * @example
   * ```ts
   * import { Linear } from "./linear.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new Linear(3, 2).namedParameters().map(([k, p]) => [k, p.shape]), [
   *   ["weight", [2, 3]],
   *   ["bias", [2]],
   * ]);
   * ```
   */
  namedParameters(): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const visit = (m: Module, prefix: string) => {
      for (const [key, value] of m.ownEntries()) {
        if (
          value instanceof Tensor && value.requiresGrad && value.isLeaf &&
          !seen.has(value)
        ) {
          seen.add(value);
          out.push([prefix + key, value]);
        }
      }
      for (const [key, child] of m.namedChildren()) {
        visit(child, `${prefix}${key}.`);
      }
    };
    visit(this, "");
    return out;
  }

  /**
   * The module's own `[name, value]` pairs that may hold parameters: its
   * properties. A module that names its parameters otherwise (as PyTorch's
   * `weight_ih_l0` of `RNNBase`) overrides it.
   *
   * @example
   * ```ts
   * import { Linear } from "./mod.ts";
   * import { assertEquals } from "@std/assert";
   *
   * class Probe extends Linear { keys() { return this.ownEntries().map(([k]) => k); } }
   * assertEquals(new Probe(1, 1).keys().includes("weight"), true);
   * ```
   */
  protected ownEntries(): [string, unknown][] {
    return Object.entries(this);
  }

  /**
   * The parameter of a dotted name (PyTorch's `get_parameter`).
   *
   * @throws {RangeError} naming the module's parameters if there is none.
   *
   * @example
   * ```ts
   * import { RNN } from "./mod.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new RNN(2, 3, 2).getParameter("weight_hh_l1").shape, [3, 3]);
   * ```
   */
  getParameter(name: string): Tensor {
    const found = this.namedParameters().find(([k]) => k === name);
    if (found === undefined) {
      throw new RangeError(
        `${this.constructor.name} has no parameter "${name}"; it has ${
          this.namedParameters().map(([k]) => k).join(", ")
        }`,
      );
    }
    return found[1];
  }

  /**
   * The parameters, in the order of {@linkcode Module.namedParameters}.
   *
   * @example
   * ```ts
   * import { Linear } from "./linear.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new Linear(3, 2).parameters().length, 2);
   * ```
   */
  parameters(): Tensor[] {
    return this.namedParameters().map(([, p]) => p);
  }

  /**
   * Total number of parameter elements (`sum(p.numel() for p in parameters())`).
   *
   * @example
   * ```ts
   * import { Linear } from "./linear.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new Linear(3, 4).numParameters(), 16);
   * ```
   */
  numParameters(): number {
    let n = 0;
    for (const p of this.parameters()) n += p.numel();
    return n;
  }

  /**
   * Copies of the parameters by dotted name. Unlike PyTorch's (which share
   * storage), the copies survive later training and `loadStateDict`, so no
   * deep copy is needed to keep original weights.
   *
   * @example Set every weight to 0.1, as the lab's tests do
   * ```ts
   * import { Linear } from "./linear.ts";
   * import "../tensor/methods.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const lin = new Linear(2, 1);
   * const sd = lin.stateDict();
   * lin.loadStateDict(Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, v.mul(0).add(0.1)])));
   * assertEquals(Array.from(lin.weight.data), [0.1, 0.1]);
   * ```
   */
  stateDict(): StateDict {
    const out: StateDict = {};
    for (const [k, p] of this.namedParameters()) {
      out[k] = new Tensor(p.data.slice(), p.shape);
    }
    return out;
  }

  /**
   * Copies `dict`'s values into the parameters of the same names (in place,
   * outside the autograd graph; values are converted to each parameter's
   * dtype).
   *
   * @param dict Tensors by dotted name.
   * @param strict When true (default), every parameter must be given and no
   *   other key may appear.
   * @throws {RangeError} one error listing every missing and unexpected key
   *   and every shape mismatch, with the shapes, and the expected keys; the
   *   module is then unchanged.
   *
   * @example
   * ```ts
   * import { Linear } from "./linear.ts";
   * import { tensor } from "../tensor/creation.ts";
   * import { assertThrows } from "@std/assert";
   *
   * const lin = new Linear(2, 1);
   * assertThrows(
   *   () => lin.loadStateDict({ weight: tensor([[1, 2, 3]]), bias: tensor([0]) }),
   *   RangeError,
   *   "size mismatch for weight: copying a param with shape [1, 3] from checkpoint, the shape in current model is [1, 2]",
   * );
   * ```
   */
  loadStateDict(dict: StateDict, strict = true): void {
    const params = this.namedParameters();
    const names = new Set(params.map(([k]) => k));
    const shapeOf = (v: unknown) =>
      v instanceof Tensor
        ? formatShape(v.shape)
        : `(not a Tensor: ${typeof v})`;
    const problems: string[] = [];
    if (strict) {
      const missing = params.filter(([k]) => !(k in dict));
      const unexpected = Object.keys(dict).filter((k) => !names.has(k));
      if (missing.length > 0) {
        problems.push(
          `Missing key(s) in state_dict: ${
            missing.map(([k, p]) => `"${k}" ${formatShape(p.shape)}`).join(", ")
          }.`,
        );
      }
      if (unexpected.length > 0) {
        problems.push(
          `Unexpected key(s) in state_dict: ${
            unexpected.map((k) => `"${k}" ${shapeOf(dict[k])}`).join(", ")
          }.`,
        );
      }
    }
    for (const [k, p] of params) {
      const v: unknown = dict[k];
      if (v === undefined) continue;
      if (
        !(v instanceof Tensor) || v.shape.length !== p.shape.length ||
        v.shape.some((d, i) => d !== p.shape[i])
      ) {
        problems.push(
          `size mismatch for ${k}: copying a param with shape ${
            shapeOf(v)
          } from checkpoint, the shape in current model is ${
            formatShape(p.shape)
          }.`,
        );
      }
    }
    if (problems.length > 0) {
      throw new RangeError(
        `Error(s) in loading state_dict for ${this.constructor.name}:\n  ${
          problems.join("\n  ")
        }\nExpected: ${
          params.map(([k, p]) => `"${k}" ${formatShape(p.shape)}`).join(", ")
        }`,
      );
    }
    // Checked in full before anything is copied: a refused dict changes nothing.
    for (const [k, p] of params) {
      const v = dict[k];
      if (v !== undefined) noGrad(() => p.data.set(v.data));
    }
  }

  /**
   * Sets every parameter's `.grad` to `null` (PyTorch's default
   * `set_to_none=True`).
   *
   * @example
   * ```ts
   * import { Linear } from "./linear.ts";
   * import { assertEquals } from "@std/assert";
   *
   * const lin = new Linear(2, 1);
   * lin.zeroGrad();
   * assertEquals(lin.weight.grad, null);
   * ```
   */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  /**
   * Switches this module and its children to training (`true`) or
   * evaluation mode; returns `this`. (No layer here behaves differently
   * yet; the flag is kept for PyTorch parity.)
   *
   * @example
   * ```ts
   * import { Module } from "./module.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new Module().train(false).training, false);
   * ```
   */
  train(mode = true): this {
    this.training = mode;
    for (const [, child] of this.namedChildren()) child.train(mode);
    return this;
  }

  /**
   * Same as `train(false)`.
   *
   * @example
   * ```ts
   * import { Module } from "./module.ts";
   * import { assertEquals } from "@std/assert";
   *
   * assertEquals(new Module().eval().training, false);
   * ```
   */
  eval(): this {
    return this.train(false);
  }
}

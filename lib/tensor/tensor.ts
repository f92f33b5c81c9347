/**
 * The `Tensor` class: an n-dimensional array in contiguous row-major storage,
 * with an optional autograd node. Operations live in their own files and are
 * attached as methods in `methods.ts`.
 *
 * @module
 */

/** Element type of a tensor's storage. */
export type DType = "float64" | "float32";

/** Contiguous storage of a tensor. */
export type Storage = Float64Array | Float32Array;

/**
 * A node of the autograd graph: the inputs an operation read and how to map
 * the gradient of its output to gradients of those inputs.
 */
export interface GradNode {
  /** Name of the operation, for error messages and printing (`grad_fn`). */
  readonly name: string;
  /** Inputs that took part in the operation. */
  readonly inputs: readonly Tensor[];
  /**
   * Given dL/d(output) (same length as the output), returns dL/d(input) for
   * each input (or `null` where an input needs no gradient).
   */
  backward(gradOutput: Float64Array): (Float64Array | null)[];
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Formats a shape like PyTorch's `torch.Size`, e.g. `[24, 6]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * An n-dimensional array of float64 (default) or float32 values.
 *
 * @example Build a tensor from storage and a shape
 * ```ts
 * import { Tensor } from "./tensor.ts";
 * import { assertEquals } from "@std/assert";
 *
 * const t = new Tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [2, 3]);
 * assertEquals(t.shape, [2, 3]);
 * assertEquals(t.numel(), 6);
 * ```
 */
export class Tensor {
  /** Row-major storage; its length equals the product of `shape`. */
  data: Storage;
  /** Size of each dimension. */
  readonly shape: number[];
  /** Whether gradients flow to this tensor in `backward()`. */
  requiresGrad: boolean;
  /** Accumulated gradient after `backward()` (leaves and `retainGrad()` tensors). */
  grad: Tensor | null = null;
  /** The operation that produced this tensor, when it is part of a graph. */
  gradFn: GradNode | null = null;
  /** Whether a non-leaf tensor keeps its `.grad` during `backward()`. */
  retainsGrad = false;

  /**
   * @param data Row-major storage (kept, not copied).
   * @param shape Dimensions; their product must equal `data.length`.
   * @param requiresGrad Whether this leaf tracks gradients.
   * @throws {RangeError} if the shape does not match the storage length.
   */
  constructor(data: Storage, shape: readonly number[], requiresGrad = false) {
    const n = shapeSize(shape);
    if (n !== data.length) {
      throw new RangeError(
        `Cannot create a tensor of shape ${
          formatShape(shape)
        } (${n} elements) from storage of length ${data.length}`,
      );
    }
    this.data = data;
    this.shape = [...shape];
    this.requiresGrad = requiresGrad;
  }

  /** Element type: `"float64"` or `"float32"`. */
  get dtype(): DType {
    return this.data instanceof Float32Array ? "float32" : "float64";
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }

  /** Number of dimensions (PyTorch's `dim()`). */
  dim(): number {
    return this.shape.length;
  }

  /** Number of elements. */
  numel(): number {
    return this.data.length;
  }

  /** Size of dimension `d` (negative counts from the end), or the whole shape. */
  size(): number[];
  size(d: number): number;
  size(d?: number): number | number[] {
    if (d === undefined) return [...this.shape];
    return this.shape[normalizeDim(d, this.shape.length)];
  }

  /** Whether this tensor was created by the user rather than by an operation. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * The single value of a one-element tensor.
   * @throws {RangeError} if the tensor has more than one element.
   */
  item(): number {
    if (this.data.length !== 1) {
      throw new RangeError(
        `a Tensor with ${this.data.length} elements cannot be converted to Scalar (shape ${
          formatShape(this.shape)
        })`,
      );
    }
    return this.data[0];
  }

  /** Nested JavaScript arrays (PyTorch's `tolist()`); a number for 0-d tensors. */
  tolist(): number | NestedArray {
    if (this.shape.length === 0) return this.data[0];
    const build = (dim: number, offset: number): NestedArray => {
      const n = this.shape[dim];
      const out: NestedArray = [];
      if (dim === this.shape.length - 1) {
        for (let i = 0; i < n; i++) out.push(this.data[offset + i]);
        return out;
      }
      const stride = shapeSize(this.shape.slice(dim + 1));
      for (let i = 0; i < n; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** Keeps `.grad` on this non-leaf tensor during `backward()`. Returns `this`. */
  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  /** Sets `requiresGrad` on a leaf tensor and returns it (PyTorch's `requires_grad_`). */
  requiresGrad_(flag = true): this {
    if (!this.isLeaf) {
      throw new TypeError(
        "you can only change requiresGrad flags of leaf variables",
      );
    }
    this.requiresGrad = flag;
    return this;
  }
}

/** Nested number arrays as returned by `tolist()`. */
export type NestedArray = (number | NestedArray)[];

/**
 * Maps a possibly negative dimension to `0..ndim-1`.
 * @throws {RangeError} naming the valid range.
 */
export function normalizeDim(dim: number, ndim: number): number {
  const lo = -Math.max(ndim, 1), hi = Math.max(ndim, 1) - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(
      `Dimension out of range (expected to be in range of [${lo}, ${hi}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

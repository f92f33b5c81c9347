/**
 * `recurrentSequence`: one recurrent layer of any cell spec over a batch of
 * sequences as one autograd node, computed by the recurrent kernel.
 *
 * @module
 */
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { formatShape, Tensor } from "../tensor/tensor.ts";
import type { CellSpec } from "./cell_spec.ts";
import {
  sequenceBackward,
  sequenceForward,
  type SequenceSizes,
  sequenceStates,
} from "./recurrent_kernel.ts";

/** A layer's parameters; biases `null` for a layer without them. */
export interface RecurrentLayerWeights {
  /** `(gates·H, D)`. */
  weightIh: Tensor;
  /** `(gates·H, H)`. */
  weightHh: Tensor;
  /** `(gates·H)` or `null`. */
  biasIh: Tensor | null;
  /** `(gates·H)` or `null`. */
  biasHh: Tensor | null;
}

const sameShape = (t: Tensor, shape: number[]) =>
  t.shape.length === shape.length && t.shape.every((v, i) => v === shape[i]);

function checkInputs(
  spec: CellSpec,
  x: Tensor,
  h0: Tensor | null,
  c0: Tensor | null,
  w: RecurrentLayerWeights,
): SequenceSizes {
  const where = `${spec.mode} layer`;
  const tensors: [string, Tensor | null][] = [
    ["input", x],
    ["h0", h0],
    ["c0", c0],
    ["weightIh", w.weightIh],
    ["weightHh", w.weightHh],
    ["biasIh", w.biasIh],
    ["biasHh", w.biasHh],
  ];
  const given = tensors.filter((e): e is [string, Tensor] => e[1] !== null);
  const other = given.find(([, t]) => t.dtype !== x.dtype);
  if (other !== undefined) {
    throw new TypeError(
      `${where}: expected all tensors to have the same dtype, got input ${x.dtype} ${
        formatShape(x.shape)
      } and ${other[0]} ${other[1].dtype} ${
        formatShape(other[1].shape)
      } (convert with .to("${other[1].dtype}"))`,
    );
  }
  if (x.shape.length !== 3) {
    throw new TypeError(
      `${where}: input must be 3-D (batch, seq_len, input_size), got shape ${
        formatShape(x.shape)
      }`,
    );
  }
  const [batch, steps, input] = x.shape;
  const hidden = w.weightHh.shape[1] ?? 0;
  const gh = spec.gates * hidden;
  const want: [string, Tensor | null, number[]][] = [
    ["weightIh", w.weightIh, [gh, input]],
    ["weightHh", w.weightHh, [gh, hidden]],
    ["biasIh", w.biasIh, [gh]],
    ["biasHh", w.biasHh, [gh]],
    ["h0", h0, [batch, hidden]],
    ["c0", c0, [batch, hidden]],
  ];
  const bad = want.filter(([, t, s]) => t !== null && !sameShape(t, s));
  if (bad.length > 0) {
    throw new TypeError(
      `${where}: shapes do not fit input ${
        formatShape(x.shape)
      } (B, T, D) and ${
        spec.gates > 1 ? `${spec.gates} gates · ` : ""
      }H = ${hidden} hidden units: ${
        bad.map(([k, t, s]) =>
          `${k} ${formatShape(t!.shape)} should be ${formatShape(s)}`
        ).join(", ")
      }`,
    );
  }
  if (steps === 0) {
    throw new RangeError(`${where}: seq_len must be at least 1, got 0`);
  }
  return { batch, steps, input, hidden };
}

/**
 * One recurrent layer over `x (B, T, D)` from `h0` (and `c0`), as one
 * autograd node: the forward pass and back-propagation through time of
 * {@linkcode sequenceForward}/{@linkcode sequenceBackward}.
 *
 * @param spec The cell (`rnnCellSpec("tanh")`, `lstmCellSpec`, `gruCellSpec`).
 * @param x `(B, T, D)`.
 * @param h0 `(B, H)` or `null` for zeros.
 * @param c0 `(B, H)` or `null` for zeros (cells with a cell state).
 * @param weights The layer's parameters.
 * @param stepStates When given, receives `[h_1 … h_T]` (each `(B, H)`, not
 *   part of the graph); after `backward()` each one that called
 *   `retainGrad()` holds the total dL/dh_t in `.grad`.
 * @returns `(B, T, H)` hidden states, or `(2, B, T, H)` hidden and cell
 *   states for a cell with a cell state.
 * @throws {TypeError} on a shape or dtype mismatch, naming them.
 *
 * @example A GRU layer's states stay in (−1, 1)
 * ```ts
 * import { gruCellSpec, recurrentSequence } from "./mod.ts";
 * import { Generator } from "../random/generator.ts";
 * import { assert } from "@std/assert";
 *
 * const g = new Generator(0);
 * const h = recurrentSequence(gruCellSpec, g.randn(2, 5, 3), null, null, {
 *   weightIh: g.randn(12, 3), weightHh: g.randn(12, 4), biasIh: null, biasHh: null,
 * });
 * assert(h.data.every((v) => Math.abs(v) < 1));
 * ```
 */
export function recurrentSequence(
  spec: CellSpec,
  x: Tensor,
  h0: Tensor | null,
  c0: Tensor | null,
  weights: RecurrentLayerWeights,
  stepStates?: Tensor[],
): Tensor {
  if (!spec.hasCell) c0 = null;
  const sizes = checkInputs(spec, x, h0, c0, weights);
  const { batch: b, steps, hidden: h } = sizes;
  const { weightIh, weightHh, biasIh, biasHh } = weights;
  const tape = sequenceForward(
    spec,
    sizes,
    {
      weightIh: weightIh.data,
      weightHh: weightHh.data,
      biasIh: biasIh?.data ?? null,
      biasHh: biasHh?.data ?? null,
    },
    x.data,
    h0?.data ?? null,
    c0?.data ?? null,
  );
  const n = b * steps * h;
  const out = resultStorage(spec.hasCell ? 2 * n : n, x, weightIh, weightHh);
  sequenceStates(tape, "h", out.subarray(0, n));
  if (spec.hasCell) sequenceStates(tape, "c", out.subarray(n));
  if (stepStates) {
    const all = new Float64Array(n);
    sequenceStates(tape, "h", all, true);
    stepStates.length = 0;
    for (let t = 0; t < steps; t++) {
      stepStates.push(
        new Tensor(all.subarray(t * b * h, (t + 1) * b * h), [b, h]),
      );
    }
  }
  const retained = stepStates ? [...stepStates] : null;
  const inputs: Tensor[] = [x];
  for (const t of [h0, c0, weightIh, weightHh, biasIh, biasHh]) {
    if (t !== null) inputs.push(t);
  }
  const shape = spec.hasCell ? [2, b, steps, h] : [b, steps, h];
  return fromOp(out, shape, `${spec.mode}Sequence`, inputs, (grad) => {
    const wantStates = retained?.some((s) => s.retainsGrad) ?? false;
    const g = sequenceBackward(
      tape,
      grad.subarray(0, n),
      spec.hasCell ? grad.subarray(n) : null,
      {
        x: x.requiresGrad,
        h0: h0?.requiresGrad ?? false,
        c0: c0?.requiresGrad ?? false,
        weightIh: weightIh.requiresGrad,
        weightHh: weightHh.requiresGrad,
        biasIh: biasIh?.requiresGrad ?? false,
        biasHh: biasHh?.requiresGrad ?? false,
        states: wantStates,
      },
    );
    if (g.states !== null) {
      retained!.forEach((st, t) => {
        if (!st.retainsGrad) return;
        const gr = g.states!.subarray(t * b * h, (t + 1) * b * h);
        if (st.grad === null) st.grad = new Tensor(gr, [b, h]);
        else st.grad.data.forEach((v, i, a) => a[i] = v + gr[i]);
      });
    }
    const grads: (Float64Array | null)[] = [g.x];
    if (h0 !== null) grads.push(g.h0);
    if (c0 !== null) grads.push(g.c0);
    grads.push(g.weightIh, g.weightHh);
    if (biasIh !== null) grads.push(g.biasIh);
    if (biasHh !== null) grads.push(g.biasHh);
    return grads;
  });
}

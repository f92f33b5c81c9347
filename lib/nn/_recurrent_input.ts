/** Shared argument checks of the recurrent layers. */
import { formatShape, Tensor } from "../tensor/tensor.ts";

/** Checks `x (B, T, D)` against `inputSize` (and the weights' dtype); returns `[B, T]`. */
export function checkSequence(
  layer: string,
  x: Tensor,
  inputSize: number,
  weight?: Tensor,
): [number, number] {
  if (weight && x.dtype !== weight.dtype) {
    throw new TypeError(
      `${layer}: input and weights must have the same dtype, got input ${x.dtype} ${
        formatShape(x.shape)
      } and weights ${weight.dtype} (convert with x.to("${weight.dtype}"))`,
    );
  }
  if (x.shape.length !== 3) {
    throw new TypeError(
      `${layer}: input must be 3-D (batch, seq_len, input_size), got shape ${
        formatShape(x.shape)
      }`,
    );
  }
  if (x.shape[2] !== inputSize) {
    throw new TypeError(
      `${layer}: input.size(-1) must be equal to inputSize. Expected ${inputSize}, got ${
        x.shape[2]
      }`,
    );
  }
  return [x.shape[0], x.shape[1]];
}

/** Checks an initial state against `(B, H)`. */
export function checkState(
  layer: string,
  what: string,
  s: Tensor,
  batch: number,
  hidden: number,
): void {
  if (s.shape.length !== 2 || s.shape[0] !== batch || s.shape[1] !== hidden) {
    throw new TypeError(
      `${layer}: Expected ${what} size [${batch}, ${hidden}], got ${
        formatShape(s.shape)
      }`,
    );
  }
}

/** A `(B, H)` zero state of the parameters' dtype. */
export function zeroState(b: number, nh: number, like: Tensor): Tensor {
  const data = like.data instanceof Float32Array
    ? new Float32Array(b * nh)
    : new Float64Array(b * nh);
  return new Tensor(data, [b, nh]);
}

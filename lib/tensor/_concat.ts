/**
 * The shared core of `cat` and `stack`: interleaving row-major blocks of
 * several tensors, and splitting a gradient back into them.
 *
 * @module
 */
import { allocFloat64 } from "./_alloc.ts";
import { fromOp, resultStorage } from "../autograd/from_op.ts";
import { copyBlock } from "./_copy.ts";
import type { Tensor } from "./tensor.ts";

/**
 * Joins `tensors` into one tensor of `shape`: for each of `outer` rows, the
 * row is block 0 of tensor 0 (`blocks[0]` elements), then of tensor 1, ...
 */
export function concatBlocks(
  tensors: readonly Tensor[],
  blocks: readonly number[],
  outer: number,
  shape: readonly number[],
  name: string,
): Tensor {
  let rowLen = 0;
  for (const b of blocks) rowLen += b;
  const out = resultStorage(outer * rowLen, ...tensors);
  const k = tensors.length;
  let o = 0;
  for (let i = 0; i < outer; i++) {
    for (let j = 0; j < k; j++) {
      copyBlock(tensors[j].data, i * blocks[j], out, o, blocks[j]);
      o += blocks[j];
    }
  }
  return fromOp(out, shape, name, tensors, (g) => {
    const grads = tensors.map((x) =>
      x.requiresGrad ? allocFloat64(x.data.length) : null
    );
    let p = 0;
    for (let i = 0; i < outer; i++) {
      for (let j = 0; j < k; j++) {
        const gj = grads[j];
        if (gj !== null) copyBlock(g, p, gj, i * blocks[j], blocks[j]);
        p += blocks[j];
      }
    }
    return grads;
  });
}

/**
 * Optimizers (PyTorch's `torch.optim`): `SGD`, `Adam`, and `clipGradNorm`.
 *
 * @example One Adam step on a quadratic
 * ```ts
 * import { Adam } from "./mod.ts";
 * import { tensor } from "../tensor/creation.ts";
 * import "../tensor/methods.ts";
 * import { assert } from "@std/assert";
 *
 * const w = tensor([2], { requiresGrad: true });
 * const opt = new Adam([w], { lr: 0.1 });
 * opt.zeroGrad();
 * w.mul(w).sum().backward();
 * opt.step();
 * assert(w.item() < 2);
 * ```
 *
 * @module
 */
export * from "./optimizer.ts";
export * from "./sgd.ts";
export * from "./adam.ts";
export * from "./clip_grad_norm.ts";
export * from "./check_finite_loss.ts";

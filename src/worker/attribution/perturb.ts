/**
 * Forward passes of perturbed copies of one input, batched: row i shows the baseline where its mask
 * is 1 and the input where it is 0 (x (1 - m) + b m, the mask shared by the channels). The perturbation
 * methods (Occlusion, Feature Ablation, Shapley sampling, LIME, Kernel SHAP) differ only in their
 * masks, so the chunking, progress and cancellation (ctx.step after every chunk) live here once.
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from './gradients';
import type { AttributionContext } from './types';

export interface PerturbedRows {
  /** How many perturbed copies. */
  count: number;
  /** Writes row i's mask (H x W, 1 = baseline) into `mask`, which starts zeroed. */
  fill(i: number, mask: Float32Array): void;
}

/**
 * logits[target] of every perturbed row, ctx.batchSize rows per pass; progress counts `done` rows
 * before these of `total` (both default to this call's own).
 */
export async function perturbedLogits(
  ctx: AttributionContext,
  input: tf.Tensor4D,
  baseline: tf.Tensor4D,
  target: number,
  rows: PerturbedRows,
  progress: { done: number; total: number } = { done: 0, total: rows.count },
): Promise<Float32Array> {
  const [, H, W] = input.shape;
  const out = new Float32Array(rows.count);
  for (let start = 0; start < rows.count; start += ctx.batchSize) {
    const n = Math.min(ctx.batchSize, rows.count - start);
    const mask = new Float32Array(n * H * W);
    for (let i = 0; i < n; i++) rows.fill(start + i, mask.subarray(i * H * W, (i + 1) * H * W));
    const perturbed = tf.tidy(() => {
      const m = tf.tensor4d(mask, [n, H, W, 1]);
      return tf.add(tf.mul(input, tf.sub(1, m)), tf.mul(baseline, m)) as tf.Tensor4D;
    });
    out.set(await targetLogits(ctx, perturbed, target).finally(() => perturbed.dispose()), start);
    await ctx.step(progress.done + start + n, progress.total);
  }
  return out;
}

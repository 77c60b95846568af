/**
 * Kernel SHAP over segments (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model
 * Predictions", https://arxiv.org/abs/1705.07874), as Captum's KernelShap (captum/attr/_core/kernel_shap.py,
 * LIME's machinery of lime.py): the first two coalitions are all segments and none, weighted 1e6
 * (Captum's inf_weight, standing in for the Shapley kernel's infinite end weights); every further one
 * draws its size k in 1..M-1 with probability proportional to (M - 1) / (k (M - k)) and then k segments
 * uniformly (kernel_shap_perturb_generator), weight 1: sampling sizes that way is the Shapley kernel
 * (M - 1) / (C(M, k) k (M - k)). A weighted linear regression with intercept (SkLearnLinearRegression,
 * minimum-norm least squares, ../lime/linear-fit.ts) is fitted to the target logits, and each segment's
 * coefficient is written into all its scalars. Forward passes: n_samples (default 25), batched, plus f(x).
 * Where we differ: coalitions come from the app's seeded generator (not torch's Categorical and randn
 * thresholding; the same distribution); the default baseline is black, not Captum's zero tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import type { Rng } from '../../shared/rng';
import type { SegmentParams } from '../feature_ablation/feature-ablation';
import { weightedLeastSquares } from '../lime/linear-fit';
import { checkShapes, coalitionLogits, segmentResult } from '../segments/coalitions';

export const INF_WEIGHT = 1e6;

/** Captum's sampling: all ones, all zeros, then size k ~ (M-1)/(k(M-k)) for k = 1..M-1 and a uniform k-subset. */
export function kernelShapCoalitions(M: number, n: number, rng: Rng): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (n >= 1) out.push(new Uint8Array(M).fill(1));
  if (n >= 2) out.push(new Uint8Array(M));
  const probs = Array.from({ length: M }, (_, k) => (k === 0 ? 0 : (M - 1) / (k * (M - k))));
  const total = probs.reduce((a, v) => a + v, 0);
  while (out.length < n) {
    if (total === 0) throw new Error('Kernel SHAP needs at least 2 segments to sample coalitions.');
    let u = rng.uniform() * total, k = 1;
    while (k < M - 1 && u >= probs[k]) u -= probs[k++];
    const order = Array.from({ length: M }, (_, i) => i);
    const z = new Uint8Array(M);
    for (let i = 0; i < k; i++) {
      const j = i + rng.int(M - i);
      [order[i], order[j]] = [order[j], order[i]];
      z[order[i]] = 1;
    }
    out.push(z);
  }
  return out;
}

/** kernel_shap_similarity_kernel: 1e6 for the empty and the full coalition, else 1. */
export function kernelShapWeight(z: Uint8Array): number {
  const k = z.reduce((a, v) => a + v, 0);
  return k === 0 || k === z.length ? INF_WEIGHT : 1;
}

export async function kernelShap(
  input: tf.Tensor4D,
  target: number,
  { baseline, segments, samples }: SegmentParams & { samples: number },
  ctx: AttributionContext,
): Promise<AttributionResult> {
  checkShapes(input, baseline, segments, 'Kernel SHAP');
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`Kernel SHAP needs n_samples >= 1, not ${samples}.`);
  const M = segments.count;
  const fx = (await targetLogits(ctx, input, target))[0];
  const coalitions = kernelShapCoalitions(M, samples, ctx.rng);
  const outputs = await coalitionLogits(ctx, input, baseline, target, segments, coalitions);
  const fit = weightedLeastSquares(coalitions, outputs, coalitions.map(kernelShapWeight));
  return segmentResult(input, fit.coef, segments, fx, { notes: { segments: M, samples, intercept: fit.intercept, forwardPasses: samples + 1 } });
}

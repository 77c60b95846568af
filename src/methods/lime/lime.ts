/**
 * LIME over segments (Ribeiro et al. 2016, "Why Should I Trust You?", https://arxiv.org/abs/1602.04938),
 * as Captum's Lime with its defaults (captum/attr/_core/lime.py): n_samples coalitions z, each segment
 * kept with probability 0.5 (default_perturb_func); the perturbed input shows the input where z = 1
 * and the baseline where z = 0 (default_from_interp_rep_transform); each sample is weighted by
 * exp(-d^2 / 2) with d = 1 - cosine(x, perturbed x), both flattened in model-input space
 * (get_exp_kernel_similarity_function('cosine', kernel_width=1.0)); a Lasso (SkLearnLasso(alpha=0.01),
 * intercept fitted, ./linear-fit.ts) is fitted to the target logits with those weights, and each
 * segment's coefficient is written into all its scalars (return_input_shape). Forward passes:
 * n_samples, batched (perturbations_per_eval = ctx.batchSize), plus f(x) for the readout. No delta.
 * Where we differ: coalitions come from the app's seeded generator, not torch.bernoulli; the cosine is
 * computed in float64 from per-segment dot products (the same number as on the flattened tensors); the
 * default baseline is black, not Captum's zero tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import type { Rng } from '../../shared/rng';
import type { SegmentParams } from '../feature_ablation/feature-ablation';
import { checkShapes, coalitionLogits, segmentResult } from '../segments/coalitions';
import type { Segmentation } from '../segments/segmentation';
import { weightedLasso } from './linear-fit';

/** Captum's SkLearnLasso(alpha=0.01) and the exponential kernel's width 1.0. */
export const LIME_ALPHA = 0.01;
export const KERNEL_WIDTH = 1.0;

/** default_perturb_func: every segment kept with probability 0.5. */
export const bernoulliCoalition = (M: number, rng: Rng): Uint8Array => Uint8Array.from({ length: M }, () => (rng.uniform() < 0.5 ? 1 : 0));

/**
 * The exponential cosine kernel of every coalition, from the per-segment sums x.x, x.b and b.b over
 * the segment's pixels and channels (x, b: [H * W * C] model input and baseline).
 */
export function cosineKernel(x: ArrayLike<number>, b: ArrayLike<number>, { labels, count }: Segmentation, coalitions: readonly Uint8Array[], width = KERNEL_WIDTH): Float64Array {
  const C = x.length / labels.length;
  const xx = new Float64Array(count), xb = new Float64Array(count), bb = new Float64Array(count);
  for (let i = 0; i < x.length; i++) {
    const s = labels[Math.floor(i / C)];
    xx[s] += x[i] * x[i];
    xb[s] += x[i] * b[i];
    bb[s] += b[i] * b[i];
  }
  const xNorm = Math.sqrt(xx.reduce((a, v) => a + v, 0));
  return Float64Array.from(coalitions, (z) => {
    let d = 0, p = 0;
    for (let s = 0; s < count; s++) {
      d += z[s] ? xx[s] : xb[s];
      p += z[s] ? xx[s] : bb[s];
    }
    const distance = 1 - d / Math.max(xNorm * Math.sqrt(p), 1e-8);
    return Math.exp(-(distance ** 2) / (2 * width ** 2));
  });
}

export async function lime(
  input: tf.Tensor4D,
  target: number,
  { baseline, segments, samples, alpha = LIME_ALPHA }: SegmentParams & { samples: number; alpha?: number },
  ctx: AttributionContext,
): Promise<AttributionResult> {
  checkShapes(input, baseline, segments, 'LIME');
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`LIME needs n_samples >= 1, not ${samples}.`);
  const M = segments.count;
  const fx = (await targetLogits(ctx, input, target))[0];
  const coalitions = Array.from({ length: samples }, () => bernoulliCoalition(M, ctx.rng));
  const weights = cosineKernel(await input.data(), await baseline.data(), segments, coalitions);
  const outputs = await coalitionLogits(ctx, input, baseline, target, segments, coalitions);
  const fit = weightedLasso(coalitions, outputs, weights, alpha);
  return segmentResult(input, fit.coef, segments, fx, { notes: { segments: M, samples, intercept: fit.intercept, forwardPasses: samples + 1 } });
}

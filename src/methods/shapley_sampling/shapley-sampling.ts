/**
 * Shapley Value Sampling over segments (Castro et al. 2009, "Polynomial calculation of the Shapley
 * value based on sampling", https://doi.org/10.1016/j.cor.2008.04.004; Štrumbelj & Kononenko 2010), as
 * Captum's ShapleyValueSampling with a feature_mask (captum/attr/_core/shapley_value.py): n_samples
 * random permutations of the segments; along each, the segments are added one by one to the baseline
 * (starting from f(baseline), Captum's initial_eval), and each segment gets the change of the target
 * logit it caused; the attribution is the mean over the permutations, written into every scalar of the
 * segment. Forward passes: 1 + n_samples * M, batched (perturbations_per_eval = ctx.batchSize). Along
 * every permutation the changes add up to f(x) - f(baseline), so the segments' values do too.
 * Where we differ: permutations come from the app's seeded generator (Fisher-Yates), not torch.randperm;
 * the default baseline is black, not Captum's zero tensor.
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import type { Rng } from '../../shared/rng';
import type { SegmentParams } from '../feature_ablation/feature-ablation';
import { checkShapes, coalitionLogits, segmentResult } from '../segments/coalitions';

/** A uniformly random permutation of 0..M-1 (Fisher-Yates). */
export function permutation(M: number, rng: Rng): number[] {
  const p = Array.from({ length: M }, (_, i) => i);
  for (let i = M - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

export async function shapleySampling(
  input: tf.Tensor4D,
  target: number,
  { baseline, segments, samples }: SegmentParams & { samples: number },
  ctx: AttributionContext,
): Promise<AttributionResult> {
  checkShapes(input, baseline, segments, 'Shapley Value Sampling');
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`Shapley Value Sampling needs n_samples >= 1, not ${samples}.`);
  const M = segments.count;
  const fx = (await targetLogits(ctx, input, target))[0];
  const fb = (await targetLogits(ctx, baseline, target))[0];
  const orders = Array.from({ length: samples }, () => permutation(M, ctx.rng));
  const coalitions: Uint8Array[] = [];
  for (const order of orders) {
    const z = new Uint8Array(M);
    for (const s of order) {
      z[s] = 1;
      coalitions.push(z.slice());
    }
  }
  const values = await coalitionLogits(ctx, input, baseline, target, segments, coalitions);
  const totals = new Float64Array(M);
  orders.forEach((order, k) => {
    let prev = fb;
    order.forEach((s, i) => {
      const v = values[k * M + i];
      totals[s] += v - prev;
      prev = v;
    });
  });
  const phi = totals.map((t) => t / samples);
  return segmentResult(input, phi, segments, fx, { outputDifference: fx - fb, notes: { segments: M, permutations: samples, forwardPasses: 2 + samples * M } }); // Captum's 1 + n M, and f(x)
}

/**
 * Feature Ablation over segments, as Captum's FeatureAblation with a feature_mask
 * (captum/attr/_core/feature_ablation.py; the ablation idea as in Zeiler & Fergus 2014,
 * https://arxiv.org/abs/1311.2901): segment s is replaced by the baseline, all its pixels and channels
 * together, and every scalar of the segment gets f(x) - f(x with s ablated) for the target logit.
 * One forward pass per segment, batched (Captum's perturbations_per_eval = ctx.batchSize). No delta.
 * Where we differ: Captum's default baseline is 0 in model-input space; the app passes its baseline
 * (black pixels by default).
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { checkShapes, coalitionLogits, segmentResult } from '../segments/coalitions';
import type { Segmentation } from '../segments/segmentation';

export interface SegmentParams {
  /** What an ablated segment shows, [1, H, W, C] in model-input space. */
  baseline: tf.Tensor4D;
  segments: Segmentation;
}

export async function featureAblation(input: tf.Tensor4D, target: number, { baseline, segments }: SegmentParams, ctx: AttributionContext): Promise<AttributionResult> {
  checkShapes(input, baseline, segments, 'Feature Ablation');
  const M = segments.count;
  const fx = (await targetLogits(ctx, input, target))[0];
  const coalitions = Array.from({ length: M }, (_, s) => Uint8Array.from({ length: M }, (_, j) => (j === s ? 0 : 1)));
  const ablated = await coalitionLogits(ctx, input, baseline, target, segments, coalitions);
  const drops = Float64Array.from(ablated, (v) => fx - v);
  return segmentResult(input, drops, segments, fx, { notes: { segments: M, forwardPasses: M + 1 } });
}

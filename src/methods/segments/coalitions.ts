/**
 * What the four segment methods share: a coalition z in {0,1}^M (1 = the segment shows the input, 0 =
 * the baseline; Captum's interpretable representation) becomes a perturbed copy through the feature
 * mask, and a value per segment is spread to every pixel and channel of the segment (Captum's output
 * for a feature_mask: "each input scalar in the group is given the same attribution value").
 */
import * as tf from '@tensorflow/tfjs';
import { perturbedLogits } from '../../worker/attribution/perturb';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import type { Segmentation } from './segmentation';

/** logits[target] of x with the segments where z = 0 replaced by the baseline, for every coalition. */
export function coalitionLogits(
  ctx: AttributionContext,
  input: tf.Tensor4D,
  baseline: tf.Tensor4D,
  target: number,
  { labels }: Segmentation,
  coalitions: readonly Uint8Array[],
  progress?: { done: number; total: number },
): Promise<Float32Array> {
  return perturbedLogits(ctx, input, baseline, target, {
    count: coalitions.length,
    fill: (i, mask) => {
      const z = coalitions[i];
      for (let p = 0; p < labels.length; p++) mask[p] = 1 - z[labels[p]];
    },
  }, progress);
}

/** A value per segment written into every pixel and channel of the segment, [H * W * C]. */
export function spread(values: ArrayLike<number>, { labels }: Segmentation, channels: number): Float32Array {
  const out = new Float32Array(labels.length * channels);
  for (let p = 0; p < labels.length; p++) out.fill(values[labels[p]], p * channels, (p + 1) * channels);
  return out;
}

export function checkShapes(input: tf.Tensor4D, baseline: tf.Tensor4D, segments: Segmentation, name: string): void {
  const [n, H, W] = input.shape;
  if (n !== 1) throw new Error(`${name} takes one input.`);
  if (baseline.shape.join() !== input.shape.join()) throw new Error(`${name}: baseline ${baseline.shape} does not match the input ${input.shape}.`);
  if (segments.labels.length !== H * W) throw new Error(`${name}: the feature mask has ${segments.labels.length} pixels, the input ${H * W}.`);
  if (segments.count < 1) throw new Error(`${name}: no segments.`);
}

/** A segment method's result: one value per segment spread over its pixels and channels, the segments, notes. */
export function segmentResult(
  input: tf.Tensor4D,
  values: ArrayLike<number>,
  segments: Segmentation,
  targetLogit: number,
  extra: Pick<AttributionResult, 'notes'> & Partial<Pick<AttributionResult, 'outputDifference'>>,
): AttributionResult {
  const [, H, W, C] = input.shape;
  return { attributions: tf.tensor4d(spread(values, segments, C), [1, H, W, C]), targetLogit, segments: segments.labels, ...extra };
}

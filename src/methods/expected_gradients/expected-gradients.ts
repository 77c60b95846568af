/**
 * Expected Gradients (Erion, Janizek, Sturmfels, Lundberg & Lee 2021, "Improving performance of deep
 * learning models with axiomatic attribution priors and expected gradients", Nature Machine
 * Intelligence; https://arxiv.org/abs/1906.10670): integrated gradients averaged over baselines drawn
 * from the data,
 *   EG(x) = E_{b ~ D, alpha ~ U(0, 1)} [ (x - b) * grad f_target(b + alpha (x - b)) ],
 * estimated with one random (b, alpha) pair per sample. That is exactly Captum's GradientShap estimator
 * (captum/attr/_core/gradient_shap.py: baselines drawn uniformly with replacement from the given set,
 * alpha ~ U(0, 1), no input noise here), so this file chooses the data set and reuses ../gradshap:
 * D = `photos` distinct ImageNet sample photos the app ships (seeded choice, never the photo being
 * explained), n_samples pairs drawn from them. Units are GradientShap's (shares of the target logit),
 * with Captum's per-sample deltas delta_i = sum(attr_i) - (f(x) - f(b_i)).
 * Where we differ from the paper's code (github.com/suinleelab/path_explain, and `shap`'s GradientExplainer):
 * the reference set is a seeded handful of photos, not the training set; randomness is ctx.rng's.
 * Shapes: input [1, H, W, C]; photos [K, H, W, C] in model-input space; attributions [1, H, W, C].
 */
import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../../shared/rng';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { gradientShap } from '../gradshap/gradient-shap';

/**
 * `count` distinct indices of 0..available-1, never `exclude`, drawn from `rng` (a partial Fisher–Yates
 * shuffle: every subset equally likely, in the order drawn). Fewer if fewer exist.
 */
export function choosePhotos(rng: Rng, count: number, available: number, exclude: number | null): number[] {
  const pool = Array.from({ length: available }, (_, i) => i).filter((i) => i !== exclude);
  const k = Math.min(count, pool.length);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

export interface ExpectedGradientsParams {
  /** The reference photos, [K, H, W, C] in model-input space (the caller owns them). */
  photos: tf.Tensor4D;
  /** n_samples (photo, alpha) pairs. */
  samples: number;
}

export async function expectedGradients(
  input: tf.Tensor4D,
  target: number,
  { photos, samples }: ExpectedGradientsParams,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const r = await gradientShap(input, target, { baselines: photos, samples, stdevs: 0 }, ctx);
  return { ...r, notes: { samples, photos: photos.shape[0] } };
}

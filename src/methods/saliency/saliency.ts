/**
 * Saliency, the vanilla gradient (Simonyan et al. 2013, "Deep Inside Convolutional Networks",
 * https://arxiv.org/abs/1312.6034), as Captum's Saliency (captum/attr/_core/saliency.py):
 * attributions = d f_target / d x, one backward pass, no convergence delta.
 * Where we differ: Captum's default is abs=True (|gradient|); ours is abs=false, the signed gradient,
 * so the sign-aware views can show it. Shapes: input [1, H, W, C] in model-input space, attributions
 * [1, H, W, C] in logit units per input unit.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientAndLogit } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { DEFAULT_PARAMS } from '../params';

export interface SaliencyParams {
  /** Absolute value of the gradient (Captum's `abs`, whose default there is true). */
  abs: boolean;
}

/** The app's defaults (meta.ts's parameter specs). */
export const SALIENCY_DEFAULTS: SaliencyParams = { abs: DEFAULT_PARAMS.abs };

export async function saliency(
  input: tf.Tensor4D,
  target: number,
  params: Partial<SaliencyParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  if (input.shape[0] !== 1) throw new Error(`Saliency takes one input [1, H, W, C], got ${input.shape}.`);
  const { abs } = { ...SALIENCY_DEFAULTS, ...params };
  const { gradient, logit } = await gradientAndLogit(ctx, input, target);
  if (!abs) return { attributions: gradient, targetLogit: logit };
  const attributions = tf.abs(gradient);
  gradient.dispose();
  return { attributions, targetLogit: logit };
}

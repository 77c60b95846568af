/**
 * Input x Gradient (Shrikumar et al. 2016, "Not Just a Black Box", https://arxiv.org/abs/1605.01713),
 * as Captum's InputXGradient (captum/attr/_core/input_x_gradient.py): attributions = x * d f_target / d x,
 * one backward pass. Captum defines no convergence delta for it and neither do we (for a ReLU network
 * without biases it would equal f(x) - f(0), but real networks have biases).
 * Shapes: input [1, H, W, C] in model-input space; attributions [1, H, W, C] in logit units.
 */
import * as tf from '@tensorflow/tfjs';
import { gradientAndLogit } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';

/** No parameters; kept so every method has the same (input, target, params, ctx) shape. */
export type InputXGradientParams = Record<string, never>;

export const INPUT_X_GRADIENT_DEFAULTS: InputXGradientParams = {};

export async function inputXGradient(
  input: tf.Tensor4D,
  target: number,
  _params: Partial<InputXGradientParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  if (input.shape[0] !== 1) throw new Error(`Input x Gradient takes one input [1, H, W, C], got ${input.shape}.`);
  const { gradient, logit } = await gradientAndLogit(ctx, input, target);
  const attributions = tf.mul(input, gradient) as tf.Tensor4D;
  gradient.dispose();
  return { attributions, targetLogit: logit };
}

/**
 * Guided Backpropagation (Springenberg et al. 2015, "Striving for Simplicity: The All Convolutional
 * Net", https://arxiv.org/abs/1412.6806), as Captum's GuidedBackprop
 * (captum/attr/_core/guided_backprop_deconvnet.py): the gradient of the target logit with respect to
 * the input, with every rectifier's backward pass replaced by relu(grad_input): a signal goes down
 * only where it is positive AND the unit was in its linear range in the forward pass. One forward and
 * one backward pass; no convergence delta (Captum defines none).
 * Where we differ: the rule covers ReLU6 too (grad flows where 0 < x < 6); Captum hooks nn.ReLU only,
 * so on MobileNet (ReLU6 throughout) it would return the plain gradient. The rules themselves are in
 * worker/attribution/relu-rules.ts, shared with Deconvolution.
 * Shapes: input [1, H, W, C] in model-input space; attributions [1, H, W, C], logit per input unit.
 */
import type * as tf from '@tensorflow/tfjs';
import { gradientAndLogit } from '../../worker/attribution/gradients';
import { reluRuleNonlinearities, type ReluRule } from '../../worker/attribution/relu-rules';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';

/** The target logit's gradient with `rule`'s backward passes at every ReLU and ReLU6. */
export async function modifiedReluGradient(
  input: tf.Tensor4D,
  target: number,
  rule: ReluRule,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  if (input.shape[0] !== 1) throw new Error(`Modified-ReLU gradients take one input [1, H, W, C], got ${input.shape}.`);
  const { gradient, logit } = await gradientAndLogit(ctx, input, target, { nonlinearities: reluRuleNonlinearities(rule) });
  return { attributions: gradient, targetLogit: logit };
}

/** No parameters (Captum's attribute takes none beyond the target). */
export type GuidedBackpropParams = Record<string, never>;

export function guidedBackprop(
  input: tf.Tensor4D,
  target: number,
  _params: Partial<GuidedBackpropParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  return modifiedReluGradient(input, target, 'guided', ctx);
}

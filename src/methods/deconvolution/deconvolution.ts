/**
 * Deconvolution (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks",
 * https://arxiv.org/abs/1311.2901; Mahendran & Vedaldi 2016 for the gradient view), as Captum's
 * Deconvolution (captum/attr/_core/guided_backprop_deconvnet.py): the target logit is propagated
 * back to the input with every rectifier's backward pass replaced by relu(grad_output), whatever the
 * unit's forward input (the deconvnet rectifies the signal coming down and ignores the forward gate);
 * max-pool keeps its gradient (the deconvnet's "switches"). One forward and one backward pass; no
 * convergence delta.
 * Where we differ: ReLU6 gets the same rule, relu(grad_output) whatever x, ignoring its cap at 6 as
 * well as its gate at 0 (both are the forward gate); Captum hooks nn.ReLU only, so on MobileNet it
 * would pass the plain gradient, negative signal included, through every ReLU6.
 * The rules are in worker/attribution/relu-rules.ts, shared with Guided Backprop.
 * Shapes: input [1, H, W, C] in model-input space; attributions [1, H, W, C], logit per input unit.
 */
import type * as tf from '@tensorflow/tfjs';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { modifiedReluGradient } from '../guided_backprop/guided-backprop';

/** No parameters (Captum's attribute takes none beyond the target). */
export type DeconvolutionParams = Record<string, never>;

export function deconvolution(
  input: tf.Tensor4D,
  target: number,
  _params: Partial<DeconvolutionParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  return modifiedReluGradient(input, target, 'deconv', ctx);
}

/**
 * Integrated Gradients (Sundararajan et al. 2017, "Axiomatic Attribution for Deep Networks",
 * https://arxiv.org/abs/1703.01365), as Captum's IntegratedGradients
 * (captum/attr/_core/integrated_gradients.py, quadrature from ../approximation.ts):
 *   attributions = (x - b) * sum_i stepSize_i * grad f_target(b + alpha_i (x - b)),
 *   delta = sum(attributions) - (f(x) - f(b))   (compute_convergence_delta, completeness axiom).
 * The path points are built chunk by chunk (ctx.batchSize rows), never all at once; progress is one
 * ctx.step per chunk. Where we differ: Captum's default baseline is 0; ours is always given by the
 * caller (0 in model space means mean colour for ResNet-50 and gray for MobileNet), and Captum only
 * returns delta when asked; we always compute it (two extra forward rows).
 * Shapes: input and baseline [1, H, W, C] in model-input space; attributions [1, H, W, C] in logit units.
 */
import * as tf from '@tensorflow/tfjs';
import { quadrature, type ApproximationMethod } from './approximation';
import { accumulateGradients, sumOf, targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { DEFAULT_PARAMS } from '../params';

export interface IntegratedGradientsParams {
  /** Start of the path, [1, H, W, C] in model-input space (the caller owns it). */
  baseline: tf.Tensor4D;
  /** Number of quadrature points (Captum's n_steps). */
  steps: number;
  method: ApproximationMethod;
}

/** The app's defaults (meta.ts's parameter specs). */
export const INTEGRATED_GRADIENTS_DEFAULTS: Omit<IntegratedGradientsParams, 'baseline'> = {
  steps: DEFAULT_PARAMS.steps,
  method: DEFAULT_PARAMS.igMethod,
};

export async function integratedGradients(
  input: tf.Tensor4D,
  target: number,
  params: Pick<IntegratedGradientsParams, 'baseline'> & Partial<IntegratedGradientsParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const { baseline, steps, method } = { ...INTEGRATED_GRADIENTS_DEFAULTS, ...params };
  if (input.shape[0] !== 1 || baseline.shape[0] !== 1 || !tf.util.arraysEqual(input.shape, baseline.shape)) {
    throw new Error(`Integrated Gradients needs input and baseline [1, H, W, C]; got ${input.shape} and ${baseline.shape}.`);
  }
  const { alphas, stepSizes } = quadrature(method, steps);
  const diff = tf.sub(input, baseline) as tf.Tensor4D;
  try {
    const column = (v: number[]) => tf.tensor4d(v, [v.length, 1, 1, 1]);
    const totalGrad = await accumulateGradients(ctx, steps, target, (start, end) => ({
      // baseline + alpha_i (x - baseline), rows [start, end)
      points: tf.add(baseline, tf.mul(column(alphas.slice(start, end)), diff)) as tf.Tensor4D,
      combine: (g) => tf.sum(tf.mul(g, column(stepSizes.slice(start, end))), 0, true),
    }));
    const attributions = tf.mul(totalGrad, diff) as tf.Tensor4D;
    totalGrad.dispose();
    try {
      const ends = tf.concat([input, baseline], 0);
      const [fx, fb] = await targetLogits(ctx, ends, target).finally(() => ends.dispose());
      const delta = (await sumOf(attributions)) - (fx - fb);
      return { attributions, targetLogit: fx, delta, outputDifference: fx - fb, notes: { steps, method } };
    } catch (e) {
      attributions.dispose();
      throw e;
    }
  } finally {
    diff.dispose();
  }
}

/**
 * Blur IG (Xu et al. 2020, "Attribution in Scale and Space", https://arxiv.org/abs/2004.03383), as
 * PAIR saliency's BlurIG (saliency/core/blur_ig.py @7b72b67, `GetMask`; blur in ./gaussian.ts):
 *   sigma_i = i max_sigma / steps (sqrt: sqrt(i max_sigma / steps)), i = 0..steps,
 *   x_i = blur(x, sigma_i),  dx_i/dsigma ~ (blur(x, sigma_i + grad_step) - x_i) / grad_step,
 *   attributions = -sum_{i<steps} (sigma_{i+1} - sigma_i) * dx_i/dsigma * grad f_target(x_i).
 * A left Riemann sum of the path integral from x (sigma 0) to the blurred image (max_sigma) with the
 * sign flipped, so sum(attributions) ~ f(x) - f(blur(x, max_sigma)); `delta` is measured against that
 * (two extra forward rows; PAIR computes none). PAIR multiplies a whole batch by the step size of its
 * last row, which equals every row's only without sqrt; we weight each row by its own step (PAIR's
 * result at batch_size=1). PAIR pads the blur with 0 in the space of its x (pixels: black); we pad
 * with `pad`, the model input of a black pixel, which is the same blur (gaussian.ts).
 * Shapes: input [1, H, W, C] in model-input space; attributions [1, H, W, C] in logit units.
 */
import * as tf from '@tensorflow/tfjs';
import { accumulateGradients, sumOf, targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { gaussianBlur } from './gaussian';

export interface BlurIgParams {
  /** The model input of a black pixel, per channel: what the blur's zero padding stands for. */
  pad: readonly number[];
  maxSigma: number;
  steps: number;
  gradStep: number;
  sqrt: boolean;
}

/** PAIR's GetMask defaults. */
export const BLUR_IG_DEFAULTS = { maxSigma: 50, steps: 100, gradStep: 0.01, sqrt: false } as const;

/** PAIR's sigma schedule, steps + 1 values from 0 to max_sigma. */
export function blurSigmas(maxSigma: number, steps: number, sqrt: boolean): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => (sqrt ? Math.sqrt((i * maxSigma) / steps) : (i * maxSigma) / steps));
}

export async function blurIg(
  input: tf.Tensor4D,
  target: number,
  params: Pick<BlurIgParams, 'pad'> & Partial<BlurIgParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const { pad, maxSigma, steps, gradStep, sqrt } = { ...BLUR_IG_DEFAULTS, ...params };
  if (input.shape[0] !== 1 || pad.length !== input.shape[3]) throw new Error(`Blur IG needs one input [1, H, W, C] and a pad per channel; got ${input.shape}.`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`Blur IG needs a positive integer number of steps, got ${steps}.`);
  const sigmas = blurSigmas(maxSigma, steps, sqrt);
  const total = await accumulateGradients(ctx, steps, target, (start, end) => {
    const rows = sigmas.slice(start, end);
    const xs = rows.map((s) => gaussianBlur(input, s, pad));
    // -(sigma_{i+1} - sigma_i) * (blur(x, sigma_i + h) - x_i) / h, one row per step.
    const weights = rows.map((s, k) =>
      tf.mul(tf.sub(gaussianBlur(input, s + gradStep, pad), xs[k]), -(sigmas[start + k + 1] - s) / gradStep),
    );
    return { points: tf.concat(xs, 0), combine: (g) => tf.sum(tf.mul(g, tf.concat(weights, 0)), 0, true) };
  });
  try {
    const ends = tf.tidy(() => tf.concat([input, gaussianBlur(input, sigmas[steps], pad)], 0));
    const [fx, fb] = await targetLogits(ctx, ends, target).finally(() => ends.dispose());
    const delta = (await sumOf(total)) - (fx - fb);
    return { attributions: total, targetLogit: fx, delta, outputDifference: fx - fb, notes: { steps, max_sigma: maxSigma } };
  } catch (e) {
    total.dispose();
    throw e;
  }
}

/**
 * Guided Integrated Gradients (Kapishnikov et al. 2021, https://arxiv.org/abs/2106.09788), as PAIR
 * saliency's GuidedIG (saliency/core/guided_ig.py @7b72b67; the path in ./guided-path.ts). Defaults are
 * PAIR's GetMask: x_steps 200, fraction 0.25, max_dist 0.02. The path is adaptive, so each step needs the
 * gradient at the point the previous one reached: one gradient row per step, never batched (ctx.step
 * after each, so progress and Cancel work). attributions = sum over moves of (x - x_old) * grad f(x_old),
 * a Riemann sum of a path from the baseline to x, so sum(attributions) ~ f(x) - f(baseline) (delta, two
 * extra forward rows; PAIR computes none). max_dist 0 is IG with riemann_left (test).
 * Where we differ: PAIR's baseline defaults to zeros in the space of its x (pixels: black); ours is the
 * request's pixel-space baseline, black by default. Shapes: [1, H, W, C] model input; logit units.
 */
import * as tf from '@tensorflow/tfjs';
import { sumOf, targetGradient, targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { guidedStep, l1Distance } from './guided-path';

export interface GuidedIgParams {
  baseline: tf.Tensor4D;
  steps: number;
  fraction: number;
  maxDist: number;
}

export const GUIDED_IG_DEFAULTS = { steps: 200, fraction: 0.25, maxDist: 0.02 } as const;

export async function guidedIg(
  input: tf.Tensor4D,
  target: number,
  params: Pick<GuidedIgParams, 'baseline'> & Partial<GuidedIgParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const { baseline, steps, fraction, maxDist } = { ...GUIDED_IG_DEFAULTS, ...params };
  if (input.shape[0] !== 1 || !tf.util.arraysEqual(input.shape, baseline.shape)) {
    throw new Error(`Guided IG needs input and baseline [1, H, W, C]; got ${input.shape} and ${baseline.shape}.`);
  }
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`Guided IG needs a positive integer number of steps, got ${steps}.`);
  const xIn = Float64Array.from(await input.data());
  const xB = Float64Array.from(await baseline.data());
  const x = xB.slice();
  const attr = new Float64Array(xIn.length);
  const l1Total = l1Distance(xIn, xB);
  if (l1Total !== 0) {
    for (let step = 0; step < steps; step++) {
      const g = tf.tidy(() => targetGradient(ctx, tf.tensor4d(Float32Array.from(x), input.shape), target));
      const gradient = await g.data();
      g.dispose();
      guidedStep({ input: xIn, baseline: xB, x, attr, gradient, l1Total, step, steps, fraction, maxDist });
      await ctx.step(step + 1, steps);
    }
  }
  const attributions = tf.tensor4d(Float32Array.from(attr), input.shape);
  try {
    const ends = tf.concat([input, baseline], 0);
    const [fx, fb] = await targetLogits(ctx, ends, target).finally(() => ends.dispose());
    const delta = (await sumOf(attributions)) - (fx - fb);
    return { attributions, targetLogit: fx, delta, outputDifference: fx - fb, notes: { steps, fraction, max_dist: maxDist } };
  } catch (e) {
    attributions.dispose();
    throw e;
  }
}

/**
 * DeepLift, Rescale rule (Shrikumar et al. 2017, "Learning Important Features Through Propagating
 * Activation Differences", https://arxiv.org/abs/1704.02685), as Captum's DeepLift
 * (captum/attr/_core/deep_lift.py): one forward/backward pass over the batch [x; baseline] with the
 * nonlinearities' gradients replaced by multipliers Δout/Δin (../deeplift-rules.ts), then
 * attributions = (x - baseline) * multipliers (multiply_by_inputs=True) and
 * delta = sum(attributions) - (f(x) - f(baseline)).
 * Where we differ: the max-pool rule adds overlapping windows' shares (Captum's max_unpool drops
 * them), so summation-to-delta holds on ResNet-50 too, and splits a window's share equally among
 * tied maxima (an argmax picks one by scan order; with a constant baseline every reference window is
 * tied), so the map does not depend on the implementation; Captum has no ReLU6 rule (MobileNet's
 * nonlinearity), we do; and f(x), f(baseline) come from the same forward pass rather than a second one.
 */
import * as tf from '@tensorflow/tfjs';
import type { Nonlinearities } from '../../worker/runtime/compile';
import { deepLiftNonlinearities } from './deeplift-rules';
import { sumOf } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';

export interface DeepLiftParams {
  /** Reference input [1, H, W, C] in model-input space. */
  baseline: tf.Tensor4D;
  /** Gradient overrides; default the Rescale rules. `{}` gives plain gradients (for comparisons). */
  nonlinearities?: Partial<Nonlinearities>;
}

/**
 * One forward/backward pass over `pairs` = [inputs (k rows); references (k rows)]: the multipliers
 * of the inputs' half [k, H, W, C] and the target logits of all 2k rows. Call inside tf.tidy.
 */
export function pairMultipliers(
  ctx: AttributionContext,
  pairs: tf.Tensor4D,
  target: number,
  nonlinearities: Partial<Nonlinearities>,
): { multipliers: tf.Tensor4D; outputs: tf.Tensor } {
  const k = pairs.shape[0] / 2;
  const f = (x: tf.Tensor4D) => tf.gather(ctx.logits(x, { nonlinearities }), [target], 1);
  const { value, grad } = tf.valueAndGrad(f)(pairs); // gradient of the sum of all rows' target logits
  const multipliers = tf.slice(grad, [0, 0, 0, 0], [k, -1, -1, -1]);
  return { multipliers, outputs: tf.reshape(value, [2 * k]) };
}

export function checkReference(input: tf.Tensor4D, ref: tf.Tensor4D, name: string): void {
  if (!tf.util.arraysEqual(input.shape.slice(1), ref.shape.slice(1))) {
    throw new Error(`${name} shape ${ref.shape} does not match the input ${input.shape}.`);
  }
}

export async function deepLift(
  input: tf.Tensor4D,
  target: number,
  params: DeepLiftParams,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const { baseline } = params;
  checkReference(input, baseline, 'Baseline');
  if (input.shape[0] !== 1 || baseline.shape[0] !== 1) throw new Error('DeepLift takes one input and one baseline.');
  const rules = params.nonlinearities ?? deepLiftNonlinearities();
  const { attributions, outputs } = tf.tidy(() => {
    const { multipliers, outputs } = pairMultipliers(ctx, tf.concat([input, baseline], 0), target, rules);
    return { attributions: tf.mul(tf.sub(input, baseline), multipliers) as tf.Tensor4D, outputs };
  });
  try {
    const [fx, fb] = await outputs.data();
    const total = await sumOf(attributions);
    await ctx.step(1, 1);
    return { attributions, targetLogit: fx, delta: total - (fx - fb), outputDifference: fx - fb };
  } catch (e) {
    attributions.dispose();
    throw e;
  } finally {
    outputs.dispose();
  }
}

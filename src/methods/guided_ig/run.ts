import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { guidedIg } from './guided-ig';

export const run: MethodRun = (params, inputs) => {
  let baseline: tf.Tensor4D | undefined;
  return (x, t, ctx) =>
    guidedIg(x, t, { baseline: (baseline ??= inputs.baseline()), steps: params.gigSteps, fraction: params.gigFraction, maxDist: params.gigMaxDist }, ctx);
};

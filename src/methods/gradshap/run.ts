import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { gradientShap } from './gradient-shap';

export const run: MethodRun = (params, inputs) => {
  let baselines: tf.Tensor4D | undefined;
  return (x, t, ctx) => gradientShap(x, t, { baselines: (baselines ??= inputs.distribution()), samples: params.samples, stdevs: params.stdevs }, ctx);
};

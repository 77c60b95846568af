import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { deepLiftShap } from './deeplift-shap';

export const run: MethodRun = (_params, inputs) => {
  let baselines: tf.Tensor4D | undefined;
  return (x, t, ctx) => deepLiftShap(x, t, { baselines: (baselines ??= inputs.distribution()) }, ctx);
};

import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { integratedGradients } from './integrated-gradients';

export const run: MethodRun = (params, inputs) => {
  let baseline: tf.Tensor4D | undefined;
  return (x, t, ctx) => integratedGradients(x, t, { baseline: (baseline ??= inputs.baseline()), steps: params.steps, method: params.igMethod }, ctx);
};

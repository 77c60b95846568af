import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { occlusion } from './occlusion';

export const run: MethodRun = (params, inputs) => {
  let baseline: tf.Tensor4D | undefined;
  return (x, t, ctx) => occlusion(x, t, { window: params.window, stride: params.stride, baseline: (baseline ??= inputs.baseline()) }, ctx);
};

import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { deepLift } from './deeplift';

export const run: MethodRun = (_params, inputs) => {
  let baseline: tf.Tensor4D | undefined;
  return (x, t, ctx) => deepLift(x, t, { baseline: (baseline ??= inputs.baseline()) }, ctx);
};

import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { segmentsOf } from '../segments/run-segments';
import { shapleySampling } from './shapley-sampling';

export const run: MethodRun = (params, inputs) => {
  let baseline: tf.Tensor4D | undefined;
  const segments = segmentsOf(params, inputs);
  return (x, t, ctx) => shapleySampling(x, t, { baseline: (baseline ??= inputs.baseline()), segments: segments(), samples: params.segSamples }, ctx);
};

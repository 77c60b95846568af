import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { segmentsOf } from '../segments/run-segments';
import { kernelShap } from './kernel-shap';

export const run: MethodRun = (params, inputs) => {
  let baseline: tf.Tensor4D | undefined;
  const segments = segmentsOf(params, inputs);
  return (x, t, ctx) => kernelShap(x, t, { baseline: (baseline ??= inputs.baseline()), segments: segments(), samples: params.segSamples }, ctx);
};

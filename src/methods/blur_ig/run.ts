import { toModelInput } from '../../shared/image/pixels';
import type { MethodRun } from '../run-types';
import { blurIg } from './blur-ig';

export const run: MethodRun = (params, inputs) => {
  const pad = Array.from(toModelInput([0, 0, 0], inputs.spec.preprocessing)); // a black pixel's model input
  return (x, t, ctx) =>
    blurIg(x, t, { pad, maxSigma: params.blurMaxSigma, steps: params.blurSteps, gradStep: params.blurGradStep, sqrt: params.blurSqrt }, ctx);
};

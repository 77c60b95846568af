import type { MethodRun } from '../run-types';
import { CAPTUM, CONSERVING } from './lrp-rules';
import { inputBounds, lrp } from './lrp';

export const run: MethodRun = (params, inputs) => {
  const bounds = inputBounds(inputs.spec.preprocessing);
  const variant = params.lrpBias === 'captum' ? CAPTUM : CONSERVING;
  return (x, t, ctx) => lrp(x, t, { rule: params.lrpRule, ...bounds }, ctx, variant);
};

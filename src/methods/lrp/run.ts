import type { MethodRun } from '../run-types';
import { inputBounds, lrp } from './lrp';

export const run: MethodRun = (params, inputs) => {
  const bounds = inputBounds(inputs.spec.preprocessing);
  return (x, t, ctx) => lrp(x, t, { rule: params.lrpRule, ...bounds }, ctx);
};

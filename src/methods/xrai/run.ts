import { toModelInput } from '../../shared/image/pixels';
import type { MethodRun } from '../run-types';
import { xrai } from './xrai';

export const run: MethodRun = (params, inputs) => {
  const black = Array.from(toModelInput([0, 0, 0], inputs.spec.preprocessing));
  const white = Array.from(toModelInput([255, 255, 255], inputs.spec.preprocessing));
  return (x, t, ctx) => xrai(x, t, { black, white, pixels: inputs.pixels, steps: params.xraiSteps, areaThreshold: params.xraiArea }, ctx);
};

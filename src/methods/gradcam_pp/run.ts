import type { MethodRun } from '../run-types';
import { camLayerOf } from '../cam-layer';
import { gradCamPP } from './grad-cam-pp';

export const run: MethodRun = (params, inputs) => {
  const layer = camLayerOf(inputs.spec, params).name;
  return (x, t, ctx) => gradCamPP(x, t, { layer }, ctx);
};

import type { MethodRun } from '../run-types';
import { camLayerOf } from '../cam-layer';
import { gradCam } from './grad-cam';

export const run: MethodRun = (params, inputs) => {
  const layer = camLayerOf(inputs.spec, params).name;
  return (x, t, ctx) => gradCam(x, t, { layer }, ctx);
};

import type { MethodRun } from '../run-types';
import { camLayerOf } from '../cam-layer';
import { scoreCam } from './score-cam';

export const run: MethodRun = (params, inputs) => {
  const layer = camLayerOf(inputs.spec, params).name;
  return (x, t, ctx) => scoreCam(x, t, { layer }, ctx);
};

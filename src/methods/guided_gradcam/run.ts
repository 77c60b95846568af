import type { MethodRun } from '../run-types';
import { camLayerOf } from '../cam-layer';
import { guidedGradCam } from './guided-gradcam';

export const run: MethodRun = (params, inputs) => {
  const layer = camLayerOf(inputs.spec, params).name;
  return (x, t, ctx) => guidedGradCam(x, t, { layer }, ctx);
};

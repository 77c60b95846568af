import type { MethodRun } from '../run-types';
import { guidedGradCam } from './guided-gradcam';

export const run: MethodRun = (_params, inputs) => (x, t, ctx) => guidedGradCam(x, t, { layer: inputs.spec.gradCamLayer }, ctx);

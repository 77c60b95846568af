import type { MethodRun } from '../run-types';
import { gradCam } from './grad-cam';

export const run: MethodRun = (_params, inputs) => (x, t, ctx) => gradCam(x, t, { layer: inputs.spec.gradCamLayer }, ctx);

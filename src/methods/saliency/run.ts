import type { MethodRun } from '../run-types';
import { saliency } from './saliency';

export const run: MethodRun = (params) => (x, t, ctx) => saliency(x, t, { abs: params.abs }, ctx);

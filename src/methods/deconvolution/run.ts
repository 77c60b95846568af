import type { MethodRun } from '../run-types';
import { deconvolution } from './deconvolution';

export const run: MethodRun = () => (x, t, ctx) => deconvolution(x, t, {}, ctx);

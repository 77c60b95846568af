import type { MethodRun } from '../run-types';
import { guidedBackprop } from './guided-backprop';

export const run: MethodRun = () => (x, t, ctx) => guidedBackprop(x, t, {}, ctx);

import type { MethodRun } from '../run-types';
import { inputXGradient } from './input-x-gradient';

export const run: MethodRun = () => (x, t, ctx) => inputXGradient(x, t, {}, ctx);

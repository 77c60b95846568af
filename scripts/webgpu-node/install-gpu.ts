/**
 * Installs Dawn's WebGPU (npm package `webgpu`, https://github.com/dawn-gpu/node-webgpu) as
 * `navigator.gpu`. It must be the first module the harness imports: tfjs-backend-webgpu registers its
 * backend at import time only if `navigator.gpu` exists then. `--dawn a=b,c=d` passes options to
 * dawn.node's create() (e.g. `backend=vulkan`, `adapter=...`, `enable-dawn-features=...`).
 */
import { create, globals } from 'webgpu';

const i = process.argv.indexOf('--dawn');
export const DAWN_OPTIONS: string[] = i > 0 ? process.argv[i + 1].split(',').filter(Boolean) : [];

Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', {
  value: { ...(globalThis as { navigator?: object }).navigator, gpu: create(DAWN_OPTIONS) },
  configurable: true,
  writable: true,
});

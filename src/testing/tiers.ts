/**
 * Test tiers and the backend of the real-model checks.
 *
 * `npm run test:fast` sets TEST_TIER=fast: the real-model checks (MobileNet / ResNet-50 weights) are
 * skipped and the toy-model checks of the same code run, for the local loop. `npm test` and CI run all.
 *
 * Real-model checks run on tfjs-backend-wasm (XNNPACK, SIMD) with the app's own gradient kernels
 * (worker/runtime/wasm-kernels.ts): a MobileNet input gradient takes 0.4 s there and 4.4 s on the plain-JS
 * CPU backend. wasm-kernels.test.ts and wasm-gradients.test.ts check those kernels against the CPU
 * backend's; TEST_REAL_BACKEND=cpu runs the real-model checks on the CPU backend instead.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe } from 'vitest';

export const FAST_TIER = process.env.TEST_TIER === 'fast';
export const REAL_MODEL_BACKEND = process.env.TEST_REAL_BACKEND === 'cpu' ? 'cpu' : 'wasm';

/** Inside a describe: its tests (and its beforeAll's model load) run on REAL_MODEL_BACKEND, then back to cpu. */
function onRealModelBackend(): void {
  beforeAll(async () => {
    // Imported here, not at the top: importing registers wasm as the preferred backend, and tensors that
    // a test file makes while its describes are collected must stay on cpu.
    if (REAL_MODEL_BACKEND === 'wasm') (await import('../worker/runtime/wasm-kernels')).registerWasmKernels();
    if (!(await tf.setBackend(REAL_MODEL_BACKEND))) throw new Error(`The ${REAL_MODEL_BACKEND} backend did not start.`);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
}

type Body = () => void;

/** A describe block that loads real model weights: on REAL_MODEL_BACKEND, and skipped in the fast tier. */
export function describeRealModel(name: string, body: Body): void {
  (FAST_TIER ? describe.skip : describe)(name, () => {
    onRealModelBackend();
    body();
  });
}

/** describeRealModel for each case (`%s` in the name is the case). */
describeRealModel.each =
  <T>(cases: readonly T[]) =>
  (name: string, body: (c: T) => void): void => {
    for (const c of cases) describeRealModel(name.replace('%s', String(c)), () => body(c));
  };

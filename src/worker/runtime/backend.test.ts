import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend, plan } from './backend';
import { maxPoolGrad } from './wasm-kernels';

describe('initBackend with a forced backend', () => {
  it('reports each faster backend as skipped because the URL asked, by default', async () => {
    const report = await initBackend('cpu');
    expect(report.name).toBe('cpu');
    expect(report.refused).toEqual([
      { backend: 'webgpu', reason: 'skipped: backend=cpu was requested' },
      { backend: 'webgl', reason: 'skipped: backend=cpu was requested' },
    ]);
  });
  it('or with the reason the page gives (e.g. forced after repeated device loss)', async () => {
    const report = await initBackend('cpu', 'forced after the GPU device was lost twice');
    expect(report.refused.map((r) => r.reason)).toEqual(['forced after the GPU device was lost twice', 'forced after the GPU device was lost twice']);
  });
});

describe('wasm: forced, then cpu; automatically where no hardware GPU is', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  it('a forced backend falls back along the GPU-first chain, as before', () => {
    expect(plan('webgpu')).toEqual({ skipped: [], tried: ['webgpu', 'webgl', 'cpu'] });
    expect(plan('webgl')).toEqual({ skipped: ['webgpu'], tried: ['webgl', 'cpu'] });
    expect(plan('wasm')).toEqual({ skipped: ['webgpu', 'webgl'], tried: ['wasm', 'cpu'] });
  });
  it('starts with the kernels our gradients need (Node loads the binaries from node_modules)', async () => {
    const report = await initBackend('wasm');
    expect(report).toEqual({
      name: 'wasm',
      adapter: undefined,
      chosenBecause: 'backend=wasm was requested',
      refused: [
        { backend: 'webgpu', reason: 'skipped: backend=wasm was requested' },
        { backend: 'webgl', reason: 'skipped: backend=wasm was requested' },
      ],
      // Node: SIMD, never threads (tfjs' WASM_HAS_MULTITHREAD_SUPPORT is false there).
      wasm: { simd: true, threads: 1, singleThreadedBecause: 'tfjs runs wasm without threads in Node' },
    });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('DepthwiseConv2dNativeBackpropInput', 'wasm')).toBeDefined();
    expect(tf.getKernel('MaxPoolGrad', 'wasm')?.kernelFunc).toBe(maxPoolGrad);
  });
});

describe('the automatic choice in Node (no navigator.gpu, no OffscreenCanvas, WebAssembly with SIMD)', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });
  it('is wasm, and says why WebGPU and WebGL were not used', async () => {
    const report = await initBackend();
    expect(report.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(report.chosenBecause).toBe('no GPU backend here: wasm (WebAssembly) is the fastest');
    expect(report.refused).toEqual([
      { backend: 'webgpu', reason: 'this browser exposes no WebGPU (navigator.gpu is missing)' },
      { backend: 'webgl', reason: 'no OffscreenCanvas in this worker, so no WebGL' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { METHOD_IDS, type MethodId } from '../../../methods/params';
import type { BackendReport } from '../../../shared/protocol/messages';
import { CHEAP_METHODS, LIVE_LIMIT_MS, runMode, runModeText, softwareGpu, type LiveInputs } from './live-policy';

// Reports as the worker writes them (backend.ts), with adapter and renderer strings browsers give.
const HARDWARE_WEBGPU: BackendReport = { name: 'webgpu', refused: [], adapter: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060' } };
const SWIFTSHADER_WEBGPU: BackendReport = {
  name: 'webgpu',
  refused: [],
  adapter: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)' },
};
const FALLBACK_WEBGPU: BackendReport = { name: 'webgpu', refused: [], adapter: { vendor: '', architecture: '', description: '', isFallbackAdapter: true } };
const SWIFTSHADER_WEBGL: BackendReport = {
  name: 'webgl',
  refused: [],
  webglRenderer: 'WebKit WebGL / ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
};
const LLVMPIPE_WEBGL: BackendReport = { name: 'webgl', refused: [], webglRenderer: 'llvmpipe (LLVM 15.0.6, 256 bits)' };
const HARDWARE_WEBGL: BackendReport = { name: 'webgl', refused: [], webglRenderer: 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)' };
const UNKNOWN_WEBGL: BackendReport = { name: 'webgl', refused: [] };
const WASM: BackendReport = { name: 'wasm', refused: [], wasm: { simd: true, threads: 4 } };
// A cpu report can carry the WebGL renderer it saw while choosing (automatic order): cpu is slow whatever it is.
const CPU: BackendReport = { name: 'cpu', refused: [], webglRenderer: 'NVIDIA GeForce RTX 3060' };

const inputs = (method: MethodId, backend: BackendReport | null, extra: Partial<LiveInputs> = {}): LiveInputs => ({ method, backend, noiseTunnelSamples: 0, ...extra });

describe('live policy', () => {
  it('cheap methods on fast backends are live; every other method of the registry runs on demand', () => {
    for (const backend of [HARDWARE_WEBGPU, HARDWARE_WEBGL, UNKNOWN_WEBGL, WASM]) {
      for (const method of METHOD_IDS) {
        expect(runMode(inputs(method, backend)).live, `${method} on ${backend.name}`).toBe(CHEAP_METHODS.includes(method));
      }
    }
    expect(CHEAP_METHODS).toEqual(expect.arrayContaining(['saliency', 'ixg', 'gradcam']));
    for (const costly of ['ig', 'gradshap', 'occlusion', 'score_cam', 'guided_gradcam', 'deeplift', 'lrp'] as const) {
      expect(runMode(inputs(costly, HARDWARE_WEBGPU))).toEqual({ live: false, reason: { kind: 'costly-method' } });
    }
  });

  it('software GPUs, the plain-JS cpu backend and a backend not started yet run on demand, whatever the method', () => {
    expect(runMode(inputs('saliency', SWIFTSHADER_WEBGPU))).toEqual({ live: false, reason: { kind: 'software-gpu', renderer: 'SwiftShader' } });
    expect(runMode(inputs('saliency', FALLBACK_WEBGPU))).toEqual({ live: false, reason: { kind: 'software-gpu', renderer: 'a fallback adapter' } });
    expect(runMode(inputs('gradcam', SWIFTSHADER_WEBGL))).toEqual({ live: false, reason: { kind: 'software-gpu', renderer: 'SwiftShader' } });
    expect(runMode(inputs('ixg', LLVMPIPE_WEBGL))).toEqual({ live: false, reason: { kind: 'software-gpu', renderer: 'llvmpipe' } });
    expect(runMode(inputs('saliency', CPU))).toEqual({ live: false, reason: { kind: 'cpu' } });
    expect(runMode(inputs('ig', CPU))).toEqual({ live: false, reason: { kind: 'cpu' } });
    expect(runMode(inputs('saliency', null))).toEqual({ live: false, reason: { kind: 'no-backend' } });
    // The renderer string matters only for the backend that runs: wasm chosen over a software WebGL is fast.
    expect(runMode(inputs('saliency', { ...WASM, webglRenderer: SWIFTSHADER_WEBGL.webglRenderer }))).toEqual({ live: true });
    expect(softwareGpu(HARDWARE_WEBGPU)).toBeNull();
    expect(softwareGpu({ ...HARDWARE_WEBGPU, webglRenderer: 'SwiftShader' })).toBeNull(); // a WebGPU adapter is judged by itself
  });

  it('a measured run at or over the limit makes the method on demand; under it, or none yet, stays live', () => {
    expect(runMode(inputs('saliency', WASM, { lastMs: 430 }))).toEqual({ live: true });
    expect(runMode(inputs('saliency', WASM, { lastMs: LIVE_LIMIT_MS - 1 }))).toEqual({ live: true });
    expect(runMode(inputs('saliency', WASM, { lastMs: LIVE_LIMIT_MS }))).toEqual({ live: false, reason: { kind: 'slow', ms: LIVE_LIMIT_MS } });
    expect(runMode(inputs('gradcam', HARDWARE_WEBGPU, { lastMs: 12_400 }))).toEqual({ live: false, reason: { kind: 'slow', ms: 12_400 } });
  });

  it('a NoiseTunnel runs the method once per sample: on demand', () => {
    expect(runMode(inputs('saliency', HARDWARE_WEBGPU, { noiseTunnelSamples: 5 }))).toEqual({ live: false, reason: { kind: 'noise-tunnel', samples: 5 } });
  });
});

describe('the mode line', () => {
  it('says live, or on demand with the reason and the button to press', () => {
    expect(runModeText({ live: true }, 'Saliency')).toBe('Live: updates as you change settings.');
    expect(runModeText(runMode(inputs('saliency', WASM, { lastMs: 12_440 })), 'Saliency')).toBe(
      'On demand: this backend is slow for Saliency (last run 12.4 s) — press Explain to update.',
    );
    expect(runModeText(runMode(inputs('saliency', SWIFTSHADER_WEBGPU)), 'Saliency')).toBe(
      'On demand: this backend is a software GPU (SwiftShader), slow for Saliency — press Explain to update.',
    );
    expect(runModeText(runMode(inputs('saliency', CPU)), 'Saliency')).toBe(
      'On demand: the plain-JavaScript CPU backend is slow for Saliency — press Explain to update.',
    );
    expect(runModeText(runMode(inputs('ig', WASM)), 'Integrated Gradients')).toBe(
      'On demand: Integrated Gradients takes more than one gradient pass — press Explain to update.',
    );
    expect(runModeText(runMode(inputs('ixg', WASM, { noiseTunnelSamples: 5 })), 'Input × Gradient', 'Run')).toBe(
      'On demand: NoiseTunnel runs Input × Gradient 5 times — press Run to update.',
    );
    expect(runModeText(runMode(inputs('ixg', null)), 'Input × Gradient')).toBe('On demand: the backend is still starting — press Explain to update.');
  });
});

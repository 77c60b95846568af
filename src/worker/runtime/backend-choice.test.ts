import { describe, expect, it } from 'vitest';
import { automaticPlan, softwareAdapter, softwareRendererName, type MachineFacts } from './backend-choice';

// Strings as browsers report them (Chromium's SwiftShader adapter and ANGLE renderer, Mesa, WARP).
const SWIFTSHADER_ADAPTER = { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader Device (Subzero)' };
const SWIFTSHADER_GL = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
const NVIDIA_ADAPTER = { vendor: 'nvidia', architecture: 'ampere', device: '', description: 'NVIDIA GeForce RTX 3060' };
const NVIDIA_GL = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)';

describe('software adapter / renderer detection', () => {
  it.each([
    [SWIFTSHADER_GL, 'SwiftShader'],
    ['Google SwiftShader', 'SwiftShader'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'llvmpipe'],
    ['Mesa / lavapipe', 'lavapipe'],
    ['Mesa Intel(R) UHD Graphics 620 (KBL GT2)', null],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Microsoft Basic Render Driver'],
    [NVIDIA_GL, null],
    ['Apple M2', null],
  ])('%s → %s', (renderer, name) => {
    expect(softwareRendererName(renderer)).toBe(name);
  });
  it('reads every field of a WebGPU adapter, and isFallbackAdapter', () => {
    expect(softwareAdapter(SWIFTSHADER_ADAPTER)).toBe('SwiftShader');
    expect(softwareAdapter({ vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 17.0.6, 256 bits)' })).toBe('llvmpipe');
    expect(softwareAdapter({ vendor: '', architecture: '', description: '', isFallbackAdapter: true })).toBe('a fallback adapter');
    expect(softwareAdapter({ ...NVIDIA_ADAPTER, isFallbackAdapter: false })).toBeNull();
    expect(softwareAdapter(NVIDIA_ADAPTER)).toBeNull();
    expect(softwareAdapter(undefined)).toBeNull();
    expect(softwareRendererName(null, undefined, '')).toBeNull();
  });
});

const facts = (webgpu: MachineFacts['webgpu'], webgl: MachineFacts['webgl'], wasmSimd = true): MachineFacts => ({ webgpu, webgl, wasmSimd });
const order = (f: MachineFacts) => automaticPlan(f).steps.map((s) => s.backend);

describe('the automatic order', () => {
  it('a hardware WebGPU adapter first, then WebGL, then wasm, then cpu', () => {
    const plan = automaticPlan(facts({ adapter: NVIDIA_ADAPTER }, { renderer: NVIDIA_GL }));
    expect(plan.steps.map((s) => s.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(plan.steps[0].because).toBe('WebGPU on a hardware adapter: the fastest backend here');
    expect(plan.unavailable).toEqual([]);
    expect(plan.deferred).toEqual({});
  });
  it('SwiftShader WebGPU and WebGL (this CI): wasm first, the software GPU backends after it', () => {
    const plan = automaticPlan(facts({ adapter: SWIFTSHADER_ADAPTER }, { renderer: SWIFTSHADER_GL }));
    expect(plan.steps.map((s) => s.backend)).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
    expect(plan.steps[0].because).toBe('WebGPU adapter is SwiftShader (software) and WebGL renderer is SwiftShader (software): wasm is faster here');
    expect(plan.deferred).toEqual({
      webgpu: 'WebGPU adapter is SwiftShader (software): wasm is faster here',
      webgl: 'WebGL renderer is SwiftShader (software): wasm is faster here',
    });
    expect(plan.steps[1].because).toBe('WebGPU adapter is SwiftShader (software), and wasm could not start');
  });
  it('a fallback WebGPU adapter with a hardware WebGL: WebGL, then wasm, then the fallback adapter', () => {
    const plan = automaticPlan(facts({ adapter: { vendor: '', architecture: '', description: '', isFallbackAdapter: true } }, { renderer: NVIDIA_GL }));
    expect(plan.steps.map((s) => s.backend)).toEqual(['webgl', 'wasm', 'webgpu', 'cpu']);
    expect(plan.steps[0].because).toBe('WebGPU adapter is a fallback adapter (software); WebGL runs on a hardware renderer');
  });
  it('no WebGPU adapter (the fallback e2e test): WebGPU unavailable; a software WebGL goes after wasm', () => {
    const plan = automaticPlan(facts({ unavailable: 'WebGPU found no usable GPU adapter' }, { renderer: SWIFTSHADER_GL }));
    expect(plan.unavailable).toEqual([{ backend: 'webgpu', reason: 'WebGPU found no usable GPU adapter' }]);
    expect(plan.steps.map((s) => s.backend)).toEqual(['wasm', 'webgl', 'cpu']);
    expect(plan.steps[0].because).toBe('WebGL renderer is SwiftShader (software): wasm is faster here');
  });
  it('no WebGPU and a hardware (or unreadable) WebGL renderer: WebGL as before', () => {
    expect(order(facts({ unavailable: 'x' }, { renderer: NVIDIA_GL }))).toEqual(['webgl', 'wasm', 'cpu']);
    expect(order(facts({ unavailable: 'x' }, { renderer: null }))).toEqual(['webgl', 'wasm', 'cpu']);
    expect(automaticPlan(facts({ unavailable: 'x' }, { renderer: null })).steps[0].because).toBe('no usable WebGPU; WebGL runs on a hardware renderer');
  });
  it('no GPU backend at all (Node, a worker without OffscreenCanvas): wasm, then cpu', () => {
    const plan = automaticPlan(facts({ unavailable: 'no navigator.gpu' }, { unavailable: 'no OffscreenCanvas' }));
    expect(plan.steps).toEqual([
      { backend: 'wasm', because: 'no GPU backend here: wasm (WebAssembly) is the fastest' },
      { backend: 'cpu', because: 'no faster backend could start' },
    ]);
    expect(plan.unavailable.map((u) => u.backend)).toEqual(['webgpu', 'webgl']);
  });
  it('without WebAssembly SIMD, wasm is not preferred over a software GPU backend', () => {
    const plan = automaticPlan(facts({ adapter: SWIFTSHADER_ADAPTER }, { renderer: SWIFTSHADER_GL }, false));
    expect(plan.steps.map((s) => s.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(plan.deferred).toEqual({});
    expect(plan.steps[0].because).toBe('WebGPU adapter is SwiftShader (software), but WebAssembly has no SIMD here, so wasm is not preferred');
    // A hardware GPU keeps its place either way.
    expect(order(facts({ adapter: NVIDIA_ADAPTER }, { renderer: NVIDIA_GL }, false))).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
  });
});

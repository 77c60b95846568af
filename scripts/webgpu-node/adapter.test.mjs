// The Node WebGPU harness's adapter rule: no adapter and software adapters fail with a message saying why.
import { describe, expect, it } from 'vitest';
import { acceptAdapter } from './adapter.ts';

// What dawn.node's requestAdapter() gave on this CI machine with Chromium's SwiftShader Vulkan ICD.
const SWIFTSHADER = { vendor: 'google', architecture: 'swiftshader', device: 'swiftshader-device-subzero-', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true };
const NVIDIA = { vendor: 'nvidia', architecture: 'hopper', device: '', description: 'NVIDIA H200', isFallbackAdapter: false };

describe('acceptAdapter', () => {
  it('no adapter: says what Dawn needs (Vulkan loader and driver) and how to use SwiftShader', () => {
    expect(() => acceptAdapter(null, false)).toThrow(/no WebGPU adapter.*libvulkan\.so\.1.*--allow-software/s);
    expect(() => acceptAdapter(null, true)).toThrow(/no WebGPU adapter/);
  });
  it('SwiftShader is refused unless allowed, a fallback adapter too', () => {
    expect(() => acceptAdapter(SWIFTSHADER, false)).toThrow(/SwiftShader.*software.*--allow-software/);
    expect(acceptAdapter(SWIFTSHADER, true)).toEqual({ info: SWIFTSHADER, software: 'SwiftShader' });
    expect(() => acceptAdapter({ vendor: 'x', isFallbackAdapter: true }, false)).toThrow(/a fallback adapter/);
  });
  it('a hardware adapter runs', () => {
    expect(acceptAdapter(NVIDIA, false)).toEqual({ info: NVIDIA, software: null });
  });
});

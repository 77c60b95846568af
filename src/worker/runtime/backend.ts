/**
 * Picks the fastest backend that works here: webgpu, then webgl, then cpu, and records why each
 * faster one was refused, so the UI can tell a student (and an instructor) what is running and why.
 * wasm is not offered: tfjs-backend-wasm has no depthwise-convolution backprop kernel, and every
 * explanation method needs gradients.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { BACKEND_ORDER, type AdapterInfo, type BackendName, type BackendReport } from '../../shared/protocol/messages';

async function probeWebGpu(): Promise<{ ok: true; adapter: AdapterInfo } | { ok: false; reason: string }> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { ok: false, reason: 'this browser exposes no WebGPU (navigator.gpu is missing)' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { ok: false, reason: 'WebGPU found no usable GPU adapter' };
  const info = adapter.info;
  return {
    ok: true,
    adapter: { vendor: info?.vendor ?? '', architecture: info?.architecture ?? '', description: info?.description ?? '' },
  };
}

async function trySet(name: BackendName): Promise<string | null> {
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `tfjs could not initialise ${name}`;
    await tf.ready();
    return null;
  } catch (e) {
    return `${name} failed to start: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * @param forced a backend to start from: faster ones are skipped, with `reason` (default: the URL
 * asked for it), e.g. after the page fell back from WebGPU to WebGL because the device kept being lost.
 */
export async function initBackend(forced?: BackendName, reason?: string): Promise<BackendReport> {
  const refused: BackendReport['refused'] = [];
  const start = forced ? BACKEND_ORDER.indexOf(forced) : 0;
  for (const skipped of BACKEND_ORDER.slice(0, start)) {
    refused.push({ backend: skipped, reason: reason ?? `skipped: backend=${forced} was requested` });
  }
  for (const name of BACKEND_ORDER.slice(start)) {
    let adapter: AdapterInfo | undefined;
    if (name === 'webgpu') {
      const probe = await probeWebGpu();
      if (!probe.ok) {
        refused.push({ backend: name, reason: probe.reason });
        continue;
      }
      adapter = probe.adapter;
    }
    if (name === 'webgl' && typeof OffscreenCanvas === 'undefined') {
      refused.push({ backend: name, reason: 'no OffscreenCanvas in this worker, so no WebGL' });
      continue;
    }
    const failure = await trySet(name);
    if (failure) {
      refused.push({ backend: name, reason: failure });
      continue;
    }
    return { name, adapter, refused };
  }
  throw new Error(`No tfjs backend could start: ${refused.map((r) => `${r.backend}: ${r.reason}`).join('; ')}`);
}

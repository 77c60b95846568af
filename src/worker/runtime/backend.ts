/**
 * Picks the fastest backend that works here: webgpu, then webgl, then cpu, and records why each
 * faster one was refused, so the UI can tell a student (and an instructor) what is running and why.
 * wasm (tfjs-backend-wasm, with the gradient kernels wasm-kernels.ts adds) starts only when asked for,
 * then cpu if it cannot: it is not in the automatic order until that order is chosen by measurement.
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
    if (name === 'wasm') (await import('./wasm-backend')).prepareWasm();
    const ok = await tf.setBackend(name);
    if (!ok) return `tfjs could not initialise ${name}`;
    await tf.ready();
    return null;
  } catch (e) {
    // tfjs-backend-wasm rejects with a plain { message } object when its binary fails to load.
    const message = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String(e.message) : String(e);
    return `${name} failed to start: ${message}`;
  }
}

/** The backends skipped and those tried in turn: the automatic order from `forced` on; wasm, then cpu. */
export function plan(forced?: BackendName): { skipped: BackendName[]; tried: BackendName[] } {
  if (forced === 'wasm') return { skipped: BACKEND_ORDER.filter((b) => b !== 'cpu'), tried: ['wasm', 'cpu'] };
  const start = forced ? BACKEND_ORDER.indexOf(forced) : 0;
  return { skipped: BACKEND_ORDER.slice(0, start), tried: BACKEND_ORDER.slice(start) };
}

/**
 * @param forced a backend to start from: faster ones are skipped, with `reason` (default: the URL
 * asked for it), e.g. after the page fell back from WebGPU to WebGL because the device kept being lost.
 */
export async function initBackend(forced?: BackendName, reason?: string): Promise<BackendReport> {
  const refused: BackendReport['refused'] = [];
  const { skipped, tried } = plan(forced);
  for (const name of skipped) {
    refused.push({ backend: name, reason: reason ?? `skipped: backend=${forced} was requested` });
  }
  for (const name of tried) {
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

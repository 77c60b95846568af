/**
 * Picks the backend for this machine and records why, so the UI can tell a student (and an
 * instructor) what is running and why. Automatically (backend-choice.ts): a hardware WebGPU adapter
 * first, then a hardware WebGL renderer, then wasm (tfjs-backend-wasm with the gradient kernels
 * wasm-kernels.ts adds), then a software WebGPU / WebGL (SwiftShader, llvmpipe, ...: wasm is faster on
 * the same CPU), then cpu. `?backend=` forces one as before: faster ones skipped, then the GPU-first
 * chain (webgpu, webgl, cpu; wasm, cpu) with no software rule.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { BACKEND_ORDER, type AdapterInfo, type BackendName, type BackendReport } from '../../shared/protocol/messages';
import { automaticPlan, type MachineFacts } from './backend-choice';

async function probeWebGpu(): Promise<{ ok: true; adapter: AdapterInfo } | { ok: false; reason: string }> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GPU }) | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: 'this browser exposes no WebGPU (navigator.gpu is missing)' };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { ok: false, reason: 'WebGPU found no usable GPU adapter' };
  const info = adapter.info as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  // info.isFallbackAdapter is the current spelling; older Chromium had it on the adapter itself.
  const fallback = info?.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    ok: true,
    adapter: {
      vendor: info?.vendor ?? '',
      architecture: info?.architecture ?? '',
      description: info?.description ?? '',
      ...(info?.device ? { device: info.device } : {}),
      ...(fallback != null ? { isFallbackAdapter: fallback } : {}),
    },
  };
}

/** The WebGL renderer string (null when unreadable: treated as hardware), or why there is no WebGL. */
function probeWebGl(): MachineFacts['webgl'] {
  if (typeof OffscreenCanvas === 'undefined') return { unavailable: 'no OffscreenCanvas in this worker, so no WebGL' };
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return { renderer: null };
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = [gl.getParameter(gl.RENDERER), debug ? gl.getParameter(debug.UNMASKED_RENDERER_WEBGL) : null]
      .filter((r): r is string => typeof r === 'string' && r.length > 0)
      .join(' / ');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { renderer: renderer || null };
  } catch {
    return { renderer: null };
  }
}

const rendererOf = (webgl: MachineFacts['webgl']): Pick<BackendReport, 'webglRenderer'> =>
  'renderer' in webgl && webgl.renderer ? { webglRenderer: webgl.renderer } : {};

/** tfjs-backend-wasm's own SIMD test (flags_wasm.ts): a tiny module with one SIMD instruction. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 9, 1, 7, 0, 65, 0, 253, 15, 26, 11]);

function hasWasmSimd(): boolean {
  try {
    return typeof WebAssembly !== 'undefined' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}

async function trySet(name: BackendName, threads?: number): Promise<string | null> {
  try {
    const ok = name === 'wasm' ? await (await import('./wasm-backend')).startWasm(threads) : await tf.setBackend(name);
    if (!ok) return `tfjs could not initialise ${name}`;
    await tf.ready();
    return null;
  } catch (e) {
    // tfjs-backend-wasm rejects with a plain { message } object when its binary fails to load.
    const message = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String(e.message) : String(e);
    return `${name} failed to start: ${message}`;
  }
}

/** What the badge shows beside the name: wasm's SIMD and threads (wasm-backend.ts, loaded by trySet). */
async function details(name: BackendName): Promise<Pick<BackendReport, 'wasm'>> {
  return name === 'wasm' ? { wasm: await (await import('./wasm-backend')).describeWasm() } : {};
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
 * Without it, the automatic order (backend-choice.ts) for what this machine is.
 */
export async function initBackend(forced?: BackendName, reason?: string, threads?: number): Promise<BackendReport> {
  return forced ? initForced(forced, reason, threads) : initAutomatic(threads);
}

async function initForced(forced: BackendName, reason?: string, threads?: number): Promise<BackendReport> {
  const refused: BackendReport['refused'] = [];
  const why = reason ?? `backend=${forced} was requested`;
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
    // A forced WebGL reports its renderer too (read before tfjs makes its context): on a software one
    // (SwiftShader) the page runs methods on demand.
    const renderer = name === 'webgl' ? rendererOf(probeWebGl()) : {};
    const failure = await trySet(name, threads);
    if (failure) {
      refused.push({ backend: name, reason: failure });
      continue;
    }
    const chosenBecause = name === forced ? why : `${why}; ${forced} could not start`;
    return { name, adapter, refused, chosenBecause, ...renderer, ...(await details(name)) };
  }
  throw new Error(`No tfjs backend could start: ${refused.map((r) => `${r.backend}: ${r.reason}`).join('; ')}`);
}

async function initAutomatic(threads?: number): Promise<BackendReport> {
  const gpu = await probeWebGpu();
  const webgl = probeWebGl();
  const facts: MachineFacts = {
    webgpu: gpu.ok ? { adapter: gpu.adapter } : { unavailable: gpu.reason },
    webgl,
    wasmSimd: hasWasmSimd(),
  };
  const { unavailable, steps, deferred } = automaticPlan(facts);
  const refused: BackendReport['refused'] = [...unavailable];
  const webglRenderer = rendererOf(webgl);
  for (const [i, { backend: name, because }] of steps.entries()) {
    const failure = await trySet(name, threads);
    if (failure) {
      refused.push({ backend: name, reason: failure });
      continue;
    }
    // Software GPU backends placed after the one that started: the badge says why they were not used.
    for (const later of steps.slice(i + 1)) {
      const note = deferred[later.backend];
      if (note) refused.push({ backend: later.backend, reason: note });
    }
    const adapter = gpu.ok && name === 'webgpu' ? gpu.adapter : undefined;
    return { name, adapter, refused, chosenBecause: because, ...webglRenderer, ...(await details(name)) };
  }
  throw new Error(`No tfjs backend could start: ${refused.map((r) => `${r.backend}: ${r.reason}`).join('; ')}`);
}

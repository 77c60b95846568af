/**
 * A snapshot for the diagnostics panel. It never starts the backend or loads anything, and reads
 * only counters and limits (no tensor is created), so it is cheap between requests.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendReport } from '../../../shared/protocol/messages';
import type { ModelHolder } from '../../../worker/model-holder';
import { WEBGPU_LIMITS, type Diagnostics } from '../protocol';
import type { RunLog } from './run-log';

export async function collectDiagnostics(models: ModelHolder, runs: RunLog): Promise<Diagnostics> {
  let backend: BackendReport | null = null;
  let backendError: string | undefined;
  const report = models.backendReport;
  if (report) backend = await report.catch((e: unknown) => ((backendError = String(e instanceof Error ? e.message : e)), null));
  const active = backend ? tf.getBackend() : null;
  const d: Diagnostics = {
    collectedAt: new Date().toISOString(),
    tfjsVersion: tf.version.tfjs,
    backend,
    backendError,
    activeBackend: active ?? null,
    memory: null,
    model: models.status,
    lastRun: runs.last,
    runs: runs.all,
    environment: {
      hardwareConcurrency: navigator.hardwareConcurrency ?? null,
      // Chromium only, rounded down by the browser; absent elsewhere.
      deviceMemoryGB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory ?? null,
      userAgent: navigator.userAgent,
    },
  };
  if (!active) return d;
  // Backend-specific counters (webgpu: numBytesAllocatedInGPU, webgl: numBytesInGPUAllocated/Free).
  const m = tf.memory() as tf.MemoryInfo & Record<string, unknown>;
  const num = (k: string) => (typeof m[k] === 'number' ? (m[k] as number) : undefined);
  d.memory = {
    numTensors: m.numTensors,
    numBytes: m.numBytes,
    numDataBuffers: m.numDataBuffers,
    unreliable: m.unreliable ?? false,
    reasons: m.reasons,
    numBytesInGPU: num('numBytesInGPU'),
    numBytesInGPUAllocated: num('numBytesInGPUAllocated') ?? num('numBytesAllocatedInGPU'),
    numBytesInGPUFree: num('numBytesInGPUFree'),
  };
  if (active === 'webgpu') {
    // tfjs keeps its GPUDevice but not the adapter; a second adapter with the same power preference
    // is the same GPU and tells which optional features (shader-f16, ...) it offers.
    const device = (tf.backend() as unknown as { device: GPUDevice }).device;
    const adapter = await navigator.gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
    const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo ?? adapter?.info;
    const limits = device.limits as unknown as Record<string, number | undefined>;
    d.webgpu = {
      adapter: info ? { vendor: info.vendor, architecture: info.architecture, device: info.device, description: info.description } : null,
      limits: Object.fromEntries(WEBGPU_LIMITS.map((k) => [k, limits[k] ?? null])) as Record<(typeof WEBGPU_LIMITS)[number], number | null>,
      adapterFeatures: adapter ? [...adapter.features].sort() : [],
      deviceFeatures: [...device.features].sort(),
    };
  } else if (active === 'webgl') {
    const env = tf.env();
    const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGL2RenderingContext } }).gpgpu?.gl;
    const debug = gl?.getExtension('WEBGL_debug_renderer_info');
    d.webgl = {
      version: env.getNumber('WEBGL_VERSION'),
      maxTextureSize: env.getNumber('WEBGL_MAX_TEXTURE_SIZE'),
      renderFloat32Capable: env.getBool('WEBGL_RENDER_FLOAT32_CAPABLE'),
      renderFloat32Enabled: env.getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
      downloadFloatEnabled: env.getBool('WEBGL_DOWNLOAD_FLOAT_ENABLED'),
      forceF16Textures: env.getBool('WEBGL_FORCE_F16_TEXTURES'),
      renderer: gl ? String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null,
    };
  }
  return d;
}

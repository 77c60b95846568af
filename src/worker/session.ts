/**
 * What the worker holds between requests: the backend and one loaded model (switching models frees
 * the previous one's GPU memory). Loading is memoised per model id.
 */
import * as tf from '@tensorflow/tfjs';
import { MODELS, modelUrl, type ModelId } from '../shared/models/registry';
import { initBackend } from './runtime/backend';
import { GpuWatch } from './runtime/gpu-faults';
import { httpHandlerWithProgress, loadModel, type LoadedModel } from './runtime/load-model';
import { decodeCrop, type DecodedCrop } from './image/decode';
import { runAttribution, type EngineEnv } from './attribution/engine';
import type { AttributionParams } from '../methods/params';
import { toModelInput } from '../shared/image/pixels';
import { runLab } from '../features/labs/worker/run-lab';
import { runAttack } from '../features/attacks/worker/run-attack';
import { runCounterfactual } from '../features/counterfactuals/worker/run-counterfactual';
import type { CounterfactualRequest, CounterfactualResult } from '../features/counterfactuals/protocol';
import type { AttackRequest, AttackResult } from '../features/attacks/protocol';
import type { LabRequest, LabResult } from '../features/labs/protocol';
import { classify } from './runtime/classify';
import { Cancelled } from './cancel';
import { toWorkerError } from './errors';
import { WEBGPU_LIMITS, type Diagnostics, type LastRun, type RunKind } from '../features/diagnostics/protocol';
import { describeRun, isRunKind } from '../features/diagnostics/worker/runs';
import type { Method } from '../shared/protocol/api';
import type {
  AttributionOutput,
  BackendName,
  BackendReport,
  ClassifyResult,
  ImageSource,
  ModelInfo,
  Progress,
} from '../shared/protocol/messages';

export interface Job {
  signal: AbortSignal;
  progress(p: Progress): void;
}

function checkCancelled(job: Job) {
  if (job.signal.aborted) throw new Cancelled();
}

export class Session {
  private backend: Promise<BackendReport> | null = null;
  private current: { id: ModelId; loading: Promise<LoadedModel>; info?: ModelInfo } | null = null;
  /** The last decoded image: explaining the shown photo must not decode it again. */
  private decoded: { key: string; size: number; crop: Promise<DecodedCrop> } | null = null;
  /** The last run of each kind, for the diagnostics panel. */
  private runs: Partial<Record<RunKind, LastRun>> = {};

  /** Device loss and out-of-memory reports of the WebGPU device tfjs runs on. */
  readonly gpu = new GpuWatch();
  /** Set by the worker: called once if the GPU device is lost (nothing tfjs holds survives it). */
  onDeviceLost: (message: string) => void = () => {};

  init(forced?: BackendName, reason?: string): Promise<BackendReport> {
    this.backend ??= initBackend(forced, reason).then((report) => {
      const device = report.name === 'webgpu' ? (tf.backend() as unknown as { device?: GPUDevice }).device : undefined;
      if (device) this.gpu.attach(device, (message) => this.onDeviceLost(message));
      return report;
    });
    return this.backend;
  }

  /** Test hook: loses the device the way a driver reset would (WebGPU only; elsewhere nothing happens). */
  destroyDevice(): void {
    if (tf.getBackend() === 'webgpu') (tf.backend() as unknown as { device?: GPUDevice }).device?.destroy();
  }

  async loadModel(id: ModelId, baseUrl: string, job: Job): Promise<ModelInfo> {
    const backend = await this.init();
    if (this.current?.id === id) {
      await this.current.loading;
      if (this.current.info) return this.current.info;
    }
    if (this.current) {
      const old = this.current;
      this.current = null;
      (await old.loading.catch(() => null))?.dispose();
    }
    const spec = MODELS[id];
    const t0 = performance.now();
    const loading = (async () => {
      const handler = httpHandlerWithProgress(
        modelUrl(spec, baseUrl),
        (loaded) => job.progress({ stage: 'download', message: `Downloading ${spec.label}`, loaded, total: spec.bytes }),
        job.signal,
      );
      return loadModel(spec, handler);
    })();
    this.current = { id, loading };
    let model: LoadedModel;
    try {
      model = await loading;
    } catch (e) {
      this.current = null;
      throw e;
    }
    const loadMs = performance.now() - t0;
    job.progress({ stage: 'warmup', message: 'Preparing GPU kernels (first forward pass)' });
    const t1 = performance.now();
    const warm = tf.tidy(() => model.compiled.logits(tf.zeros([1, spec.inputSize, spec.inputSize, 3]), { inferenceOnly: true }));
    await warm.data();
    warm.dispose();
    const info: ModelInfo = { id, backend, bytes: spec.bytes, timings: { loadMs, warmupMs: performance.now() - t1 } };
    if (this.current?.loading === loading) this.current.info = info;
    return info;
  }

  private async decode(source: ImageSource, size: number, job: Job): Promise<DecodedCrop> {
    const key = sourceKey(source);
    if (this.decoded?.key !== key || this.decoded.size !== size) {
      job.progress({ stage: 'decode', message: 'Reading the image' });
      const crop = (async () => {
        return decodeCrop(await blobOf(source, job.signal), nameOf(source), size);
      })();
      this.decoded = { key, size, crop };
      crop.catch(() => {
        if (this.decoded?.crop === crop) this.decoded = null;
      });
    }
    const crop = await this.decoded.crop;
    checkCancelled(job);
    return crop;
  }

  private async model(id: ModelId, job: Job): Promise<LoadedModel> {
    if (this.current?.id !== id) throw new Error(`Model ${id} is not loaded.`);
    const model = await this.current.loading;
    checkCancelled(job);
    return model;
  }

  /** The model, the decoded image and an engine environment reporting to `job`: what every attribution needs. */
  private async prepare(id: ModelId, source: ImageSource, job: Job): Promise<{ model: LoadedModel; rgba: Uint8ClampedArray; env: EngineEnv }> {
    const crop = await this.decode(source, MODELS[id].inputSize, job);
    const model = await this.model(id, job);
    const backend = await this.init();
    const env: EngineEnv = {
      backend: backend.name,
      progress: (done, total, message) => job.progress({ stage: 'attribute', message, loaded: done, total }),
      checkCancelled: () => checkCancelled(job),
      checkMemory: (batchSize) => this.gpu.check(batchSize),
    };
    return { model, rgba: crop.rgba, env };
  }

  async attribute(id: ModelId, source: ImageSource, params: AttributionParams, job: Job): Promise<AttributionOutput> {
    const { model, rgba, env } = await this.prepare(id, source, job);
    return runAttribution(model, rgba, params, env);
  }

  async attack(id: ModelId, source: ImageSource, request: AttackRequest, job: Job): Promise<AttackResult> {
    const { model, rgba, env } = await this.prepare(id, source, job);
    return runAttack(model, rgba, request, env);
  }

  async counterfactual(id: ModelId, source: ImageSource, request: CounterfactualRequest, job: Job): Promise<CounterfactualResult> {
    const { model, rgba, env } = await this.prepare(id, source, job);
    // The distractor is decoded on the side: the shown photo's decoded crop stays cached.
    const distractor = async () => (await decodeCrop(await blobOf(request.distractor, job.signal), nameOf(request.distractor), model.spec.inputSize)).rgba;
    return runCounterfactual(model, rgba, request, env, distractor);
  }

  async lab(id: ModelId, source: ImageSource, request: LabRequest, job: Job): Promise<LabResult> {
    const { model, rgba, env } = await this.prepare(id, source, job);
    return runLab(model, rgba, request, env);
  }

  async classify(id: ModelId, source: ImageSource, topK: number, job: Job): Promise<ClassifyResult> {
    const spec = MODELS[id];
    const t0 = performance.now();
    const crop = await this.decode(source, spec.inputSize, job);
    const decodeMs = performance.now() - t0;
    const model = await this.model(id, job);
    job.progress({ stage: 'predict', message: 'Classifying' });
    const t1 = performance.now();
    const x = tf.tensor4d(toModelInput(crop.rgba, spec.preprocessing, 4), [1, spec.inputSize, spec.inputSize, 3]);
    try {
      const top = await classify(model.compiled, x, topK);
      return {
        model: id,
        pixels: crop.rgba.slice(), // a copy: the cached crop stays in the worker
        size: spec.inputSize,
        original: crop.original,
        top,
        timings: { decodeMs, predictMs: performance.now() - t1 },
      };
    } finally {
      x.dispose();
    }
  }

  /**
   * Runs one request and remembers how long it took (and how it ended), so an instructor can read
   * the last run's timings from the diagnostics panel. Results pass through untouched.
   */
  async timed<T>(method: Method, run: () => Promise<T>): Promise<T> {
    if (!isRunKind(method)) return run();
    const t0 = performance.now();
    const note = (entry: Partial<LastRun>) => {
      this.runs[method] = { kind: method, totalMs: performance.now() - t0, finishedAt: Date.now(), ...entry };
    };
    try {
      const result = await run();
      note(describeRun(method, result as never));
      return result;
    } catch (e) {
      note({ error: toWorkerError(e).code });
      throw e;
    }
  }

  /**
   * A snapshot for the diagnostics panel. It never starts the backend or loads anything, and reads
   * only counters and limits (no tensor is created), so it is cheap between requests.
   */
  async diagnostics(): Promise<Diagnostics> {
    let backend: BackendReport | null = null;
    let backendError: string | undefined;
    if (this.backend) backend = await this.backend.catch((e: unknown) => ((backendError = String(e instanceof Error ? e.message : e)), null));
    const active = backend ? tf.getBackend() : null;
    const d: Diagnostics = {
      collectedAt: new Date().toISOString(),
      tfjsVersion: tf.version.tfjs,
      backend,
      backendError,
      activeBackend: active ?? null,
      memory: null,
      model: this.current ? { id: this.current.id, status: this.current.info ? 'ready' : 'loading', info: this.current.info } : null,
      lastRun: Object.values(this.runs).reduce<LastRun | null>((a, r) => (!a || r.finishedAt >= a.finishedAt ? r : a), null),
      runs: { ...this.runs },
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
}

export function sourceKey(source: ImageSource): string {
  if (source.kind === 'sample') return `sample:${source.index}:${source.url}`;
  const f = source.file as Blob & { lastModified?: number };
  return `file:${source.name}:${f.size}:${f.type}:${f.lastModified ?? ''}`;
}

const blobOf = (source: ImageSource, signal: AbortSignal): Promise<Blob> =>
  source.kind === 'file' ? Promise.resolve(source.file) : fetchSample(source.url, signal);
const nameOf = (source: ImageSource) => (source.kind === 'file' ? source.name : `sample ${source.index}`);

async function fetchSample(url: string, signal: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`Sample photo ${url} could not be loaded (HTTP ${res.status}). Run npm run assets.`);
  return res.blob();
}

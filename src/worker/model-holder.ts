/**
 * The backend and the one loaded model (switching models frees the previous one's GPU memory):
 * backend init, load + warm-up (memoised per model id), a model from the student's files, and
 * device-loss reporting.
 */
import * as tf from '@tensorflow/tfjs';
import { isBuiltinModelId, MODELS, modelUrl, type ModelId } from '../shared/models/registry';
import { registerUploadedSpec } from '../shared/models/model-spec';
import { registerCamLayers } from '../shared/models/cam-layers';
import type { BackendName, BackendReport, ModelFile, ModelInfo, UploadedModelInfo } from '../shared/protocol/messages';
import { readUploadedModel } from './runtime/uploaded';
import { initBackend } from './runtime/backend';
import { GpuWatch } from './runtime/gpu-faults';
import { httpHandlerWithProgress, loadModel, type LoadedModel } from './runtime/load-model';
import { warmUp, type WarmupTimings } from './runtime/warmup';
import { warmupSteps } from './runtime/warmup-steps';
import { checkCancelled, type Job } from './job';

export class ModelHolder {
  private backend: Promise<BackendReport> | null = null;
  private current: { id: ModelId; loading: Promise<LoadedModel>; warming?: Promise<unknown>; info?: ModelInfo } | null = null;

  /** Device loss and out-of-memory reports of the WebGPU device tfjs runs on. */
  readonly gpu = new GpuWatch();
  /** The app's base URL, from the last loadModel (the sample photos are found under it). */
  baseUrl: string | null = null;
  /** Set by the worker: called once if the GPU device is lost (nothing tfjs holds survives it). */
  onDeviceLost: (message: string) => void = () => {};

  init(forced?: BackendName, reason?: string, threads?: number): Promise<BackendReport> {
    this.backend ??= initBackend(forced, reason, threads).then((report) => {
      const device = report.name === 'webgpu' ? (tf.backend() as unknown as { device?: GPUDevice }).device : undefined;
      if (device) this.gpu.attach(device, (message) => this.onDeviceLost(message));
      return report;
    });
    return this.backend;
  }

  /** The backend's report if init was asked for (never starts it). */
  get backendReport(): Promise<BackendReport> | null {
    return this.backend;
  }

  /** The model held, for the diagnostics snapshot. */
  get status(): { id: ModelId; status: 'ready' | 'loading'; info?: ModelInfo } | null {
    return this.current ? { id: this.current.id, status: this.current.info ? 'ready' : 'loading', info: this.current.info } : null;
  }

  /** Test hook: loses the device the way a driver reset would (WebGPU only; elsewhere nothing happens). */
  destroyDevice(): void {
    if (tf.getBackend() === 'webgpu') (tf.backend() as unknown as { device?: GPUDevice }).device?.destroy();
  }

  async load(id: ModelId, baseUrl: string, job: Job): Promise<ModelInfo> {
    this.baseUrl = baseUrl;
    const backend = await this.init();
    if (this.current?.id === id) {
      const same = this.current;
      await same.loading;
      await same.warming;
      if (same.info) return same.info;
    }
    // An uploaded model's files are only in the page: it sends them again (loadUploaded) after a restart.
    if (!isBuiltinModelId(id)) throw new Error(`${id.slice('uploaded:'.length)} is not loaded in this model worker: upload its files again.`);
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
    // Nothing else may run tensors while WebGPU compiles in compile-only mode: model() waits for this.
    const warming = warmUp(warmupSteps(model));
    if (this.current?.loading === loading) this.current.warming = warming.catch(() => undefined);
    const info: ModelInfo = { id, backend, bytes: spec.bytes, timings: timingsOf(loadMs, await warming) };
    if (this.current?.loading === loading) this.current.info = info;
    return info;
  }

  /**
   * A model from the student's files (model.json + weights + metadata.json, or a Teachable Machine
   * zip). Everything that can fail (reading, checking, compiling, the first forward pass) happens
   * while the previous model is still held, and only then is the previous one freed: a bad upload
   * must not cost the student the model they had, so for that moment memory holds both.
   */
  async loadUploaded(files: ModelFile[], baseUrl: string, job: Job): Promise<UploadedModelInfo> {
    this.baseUrl = baseUrl;
    const backend = await this.init();
    const t0 = performance.now();
    job.progress({ stage: 'compile', message: 'Reading the model files' });
    const { spec, labels, artifacts, camLayers } = await readUploadedModel(files);
    checkCancelled(job);
    job.progress({ stage: 'compile', message: `Compiling ${spec.label}` });
    const model = await loadModel(spec, tf.io.fromMemory(artifacts));
    const loadMs = performance.now() - t0;
    let info: ModelInfo;
    try {
      checkCancelled(job);
      job.progress({ stage: 'warmup', message: 'Preparing GPU kernels (first forward pass)' });
      info = { id: spec.id, backend, bytes: spec.bytes, timings: timingsOf(loadMs, await warmUp(warmupSteps(model))) };
    } catch (e) {
      model.dispose();
      throw e;
    }
    const old = this.current;
    this.current = { id: spec.id, loading: Promise.resolve(model), info };
    registerUploadedSpec(spec);
    registerCamLayers(spec.id, camLayers);
    // Requests run one at a time, so the old model's load has settled and nothing is using it.
    (await old?.loading.catch(() => null))?.dispose();
    return { ...info, spec, labels, camLayers };
  }

  /** The loaded model `id` (an error if another one is held). */
  async model(id: ModelId, job: Job): Promise<LoadedModel> {
    if (this.current?.id !== id) throw new Error(`Model ${id} is not loaded.`);
    const held = this.current;
    const model = await held.loading;
    await held.warming;
    checkCancelled(job);
    return model;
  }
}

function timingsOf(loadMs: number, { warmupMs, compileMs, compileError }: WarmupTimings): ModelInfo['timings'] {
  if (compileError) console.warn(`Saliency Lab: parallel shader compilation abandoned (${compileError}); plain warm-up used.`);
  const timings: ModelInfo['timings'] = { loadMs, warmupMs };
  if (compileMs != null) timings.compileMs = compileMs;
  if (compileError) timings.compileError = compileError;
  return timings;
}

/**
 * The core types of the messages between the UI and the model worker: backends, models, images,
 * classification and attribution results, progress and errors. Imported by both realms and by each
 * feature's protocol; imports no feature (api.ts assembles the request map from these and the
 * features' types). Carries no tensors, only plain data and transferable typed arrays.
 */
import type { ModelId } from '../models/registry';
import type { AttributionParams, MethodId } from '../../methods/params';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/**
 * The automatic order, fastest first. wasm (tfjs-backend-wasm: XNNPACK, SIMD) starts only when asked
 * for (`?backend=wasm`), until the choice between it and the GPU backends is made by measurement.
 */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
/** Every backend a page can ask for. */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
}

export interface BackendReport {
  name: BackendName;
  /** Set when the running backend is webgpu. */
  adapter?: AdapterInfo;
  /** Faster backends that were tried and refused, with the reason, in the order tried. */
  refused: Array<{ backend: BackendName; reason: string }>;
}

export interface ModelInfo {
  id: ModelId;
  backend: BackendReport;
  bytes: number;
  /** Milliseconds: download+decode of weights, compile, first forward pass (kernel warm-up). */
  timings: { loadMs: number; warmupMs: number };
}

export type ImageSource =
  | { kind: 'sample'; index: number; url: string }
  | { kind: 'file'; file: Blob; name: string };

export interface ClassScore {
  index: number;
  probability: number;
  logit: number;
}

export interface ClassifyResult {
  model: ModelId;
  /** The cropped model input as the student sees it: RGBA, size x size. */
  pixels: Uint8ClampedArray;
  size: number;
  original: { width: number; height: number };
  top: ClassScore[];
  timings: { decodeMs: number; predictMs: number };
}

export interface AttributionOutput {
  model: ModelId;
  method: MethodId;
  /** The parameters used, with the target resolved (never null here). */
  params: AttributionParams & { target: number };
  /** Attributions in model-input space, float32, NHWC, `shape` (Grad-CAM: one channel). */
  attributions: Float32Array;
  shape: [number, number, number, number];
  /** The cropped image explained, RGBA H x W (what the views draw under or into the map). */
  pixels: Uint8ClampedArray;
  /** The preprocessed model input, float32 NHWC [1, H, W, 3] (for "Download input (.npy)"). */
  input: Float32Array;
  targetLogit: number;
  /** Captum's convergence delta, where the method defines one. */
  delta?: number;
  /** Captum's per-sample / per-baseline deltas, where the method draws several (their mean is `delta`). */
  sampleDeltas?: number[];
  /** f(x) - f(baseline), to read the delta against. */
  outputDifference?: number;
  notes: Record<string, number | string>;
  batchSize: number;
  /** tf.memory() before and after the run: equal when nothing leaked. */
  memory: {
    numTensorsBefore: number;
    numTensorsAfter: number;
    numBytesBefore: number;
    numBytesAfter: number;
    /** Largest tf.memory().numBytes seen at the end of a chunk: a sampled lower bound of the peak. */
    maxBytesAtChunkEnds: number;
  };
  timings: { totalMs: number };
}

export type ErrorCode =
  | 'decode' // the file is not an image we can read
  | 'model-load' // weights missing, corrupt or failed to download
  | 'backend' // no backend could start
  | 'cancelled'
  | 'out-of-memory'
  | 'device-lost'
  | 'bad-request'
  | 'internal';

export interface WorkerError {
  code: ErrorCode;
  message: string;
  detail?: string;
}

export interface Progress {
  stage: 'download' | 'compile' | 'warmup' | 'decode' | 'predict' | 'attribute';
  message: string;
  loaded?: number;
  total?: number;
}

export function isBackendName(v: string | null | undefined): v is BackendName {
  return v != null && (BACKEND_NAMES as readonly string[]).includes(v);
}

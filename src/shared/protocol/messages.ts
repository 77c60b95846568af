/**
 * The core types of the messages between the UI and the model worker: backends, models, images,
 * classification and attribution results, progress and errors. Imported by both realms and by each
 * feature's protocol; imports no feature (api.ts assembles the request map from these and the
 * features' types). Carries no tensors, only plain data and transferable typed arrays.
 */
import type { CamLayer } from '../models/cam-layers';
import type { ModelId, ModelSpec } from '../models/registry';
import type { AttributionParams, MethodId } from '../../methods/params';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
/**
 * The order `?backend=` forces from (a forced backend skips the faster ones, then falls back along
 * this chain; `wasm` falls back to `cpu`). The automatic order is chosen per machine instead
 * (worker/runtime/backend-choice.ts): hardware WebGPU, hardware WebGL, wasm, software WebGPU/WebGL, cpu.
 */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
/** Every backend a page can ask for. */
export const BACKEND_NAMES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  description: string;
  device?: string;
  /** GPUAdapterInfo.isFallbackAdapter, where the browser reports it (a software adapter). */
  isFallbackAdapter?: boolean;
}

/** tfjs-backend-wasm as it started (BackendReport.wasm). */
export interface WasmDetails {
  simd: boolean;
  /** XNNPACK's thread count (tfjs' getThreadsCount()): 1 without threads. */
  threads: number;
  /** Why one thread, in words ("the page is not cross-origin isolated (...)"); absent with threads. */
  singleThreadedBecause?: string;
}

export interface BackendReport {
  name: BackendName;
  /** Set when the running backend is webgpu. */
  adapter?: AdapterInfo;
  /**
   * Backends not used, with the reason: faster ones that were unavailable or refused, in the order
   * tried, then software GPU backends placed after the one running (wasm is faster than them).
   */
  refused: Array<{ backend: BackendName; reason: string }>;
  /** Why this backend runs, in words ("WebGPU adapter is SwiftShader (software): wasm is faster here"). */
  chosenBecause?: string;
  /** The WebGL renderer string read when choosing automatically or starting a forced WebGL (SwiftShader, llvmpipe, a GPU's name). */
  webglRenderer?: string;
  /** Set when the running backend is wasm: SIMD and threads. */
  wasm?: WasmDetails;
}

export interface ModelInfo {
  id: ModelId;
  backend: BackendReport;
  bytes: number;
  /**
   * Milliseconds: download+decode of weights and graph compile; the first real forward pass
   * (kernel warm-up); on WebGPU, `compileMs` is the parallel shader compilation before it (forward
   * pass and the default method's gradient, compile-only), absent where it did not run, and
   * `compileError` why it was abandoned (the plain warm-up ran instead).
   */
  timings: { loadMs: number; warmupMs: number; compileMs?: number; compileError?: string };
}

/** One file of an uploaded model (model.json, a weight file, metadata.json, or a Teachable Machine .zip); its bytes are transferred. */
export interface ModelFile {
  name: string;
  bytes: ArrayBuffer;
}

/** An uploaded model once loaded: its spec (registered in the worker), class names (class_0… when the files name none), CAM layers with their sizes. */
export interface UploadedModelInfo extends ModelInfo {
  spec: ModelSpec;
  labels: string[];
  camLayers: CamLayer[];
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
  /** The segment methods' feature mask: a label per pixel (H x W, row-major, 0..M-1). */
  segments?: Int32Array;
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
  /**
   * totalMs: the whole request in the worker. predictMs: the forward pass that found the predicted class,
   * present only when the request named no target (the bench counts it as one more forward pass).
   */
  timings: { totalMs: number; predictMs?: number };
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

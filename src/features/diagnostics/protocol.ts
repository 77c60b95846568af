/**
 * What the worker reports for the diagnostics panel: enough for an instructor to see, from a pasted
 * summary, why a student's laptop runs slowly (fallback backend, small GPU limits, leaked tensors).
 * Plain data only; imported by both realms, so no DOM or WebGPU types here.
 */
import type { BackendReport, ModelInfo } from '../../shared/protocol/messages';

/** Requests whose last run is kept (model loading has its own timings in ModelInfo). */
export const RUN_KINDS = ['classify', 'attribute', 'lab', 'attack', 'counterfactual'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

export interface LastRun {
  kind: RunKind;
  /** Which variant ran: the attribution method, lab, attack or counterfactual kind. */
  what?: string;
  /** Wall time in the worker, from leaving the queue to the result (or the error). */
  totalMs: number;
  /** Finer timings the request reports itself (classify: decodeMs, predictMs). */
  timings?: Record<string, number>;
  /** Absent when it succeeded; else the worker error code ('cancelled', 'out-of-memory', ...). */
  error?: string;
  /** Date.now() when it finished. */
  finishedAt: number;
}

/** The device limits tfjs requests in tfjs-backend-webgpu's base.ts (the adapter's maxima). */
export const WEBGPU_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupsPerDimension',
  'maxComputeWorkgroupSizeX',
] as const;

export interface WebGpuDiagnostics {
  adapter: { vendor: string; architecture: string; device: string; description: string } | null;
  /** The device's limits tfjs asked for (it requests the adapter's maxima for these). */
  limits: Record<(typeof WEBGPU_LIMITS)[number], number | null>;
  adapterFeatures: string[];
  /** What tfjs enabled on its device (timestamp-query when offered). */
  deviceFeatures: string[];
}

export interface WebGlDiagnostics {
  version: number;
  maxTextureSize: number;
  renderFloat32Capable: boolean;
  renderFloat32Enabled: boolean;
  downloadFloatEnabled: boolean;
  forceF16Textures: boolean;
  /** The GL renderer string (unmasked where the browser allows it): which GPU WebGL really uses. */
  renderer: string | null;
}

export interface MemoryDiagnostics {
  numTensors: number;
  numBytes: number;
  numDataBuffers: number;
  unreliable: boolean;
  reasons?: string[];
  /** Backend-specific GPU counters, where the backend reports them. */
  numBytesInGPU?: number;
  numBytesInGPUAllocated?: number;
  numBytesInGPUFree?: number;
}

export interface Diagnostics {
  /** ISO time the snapshot was taken (requests run one at a time, so never mid-run). */
  collectedAt: string;
  tfjsVersion: string;
  /** The backend chosen and why faster ones were refused; null before the backend starts. */
  backend: BackendReport | null;
  backendError?: string;
  /** tf.getBackend(): the backend tensors live on right now. */
  activeBackend: string | null;
  webgpu?: WebGpuDiagnostics;
  webgl?: WebGlDiagnostics;
  memory: MemoryDiagnostics | null;
  model: { id: string; status: 'loading' | 'ready'; info?: ModelInfo } | null;
  /** The most recent run of any kind, and the last one of each kind. */
  lastRun: LastRun | null;
  runs: Partial<Record<RunKind, LastRun>>;
  environment: { hardwareConcurrency: number | null; deviceMemoryGB: number | null; userAgent: string };
}

/** The diagnostics panel: the worker methods this feature adds (shared/protocol/api.ts joins every feature's). */
export interface DiagnosticsApi {
  diagnostics: { params: Record<string, never>; result: Diagnostics };
}

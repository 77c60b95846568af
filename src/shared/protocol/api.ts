/**
 * Every message between the UI and the model worker: the request and result types of each worker
 * method, assembled from the core types (messages.ts) and each feature's protocol. Imported by both
 * realms; the feature protocols import only messages.ts, never this file.
 */
import type { AttacksApi } from '../../features/attacks/protocol';
import type { CounterfactualsApi } from '../../features/counterfactuals/protocol';
import type { DiagnosticsApi } from '../../features/diagnostics/protocol';
import type { IgPathApi } from '../../features/ig-path/protocol';
import type { LabsApi } from '../../features/labs/protocol';
import type { AttributionParams } from '../../methods/params';
import type { ModelId } from '../models/registry';
import type {
  AttributionOutput,
  BackendName,
  BackendReport,
  ClassifyResult,
  ImageSource,
  ModelFile,
  ModelInfo,
  Progress,
  UploadedModelInfo,
  WorkerError,
} from './messages';

/** The core methods: backend, model, classification and attribution (explain and compare both use it). */
interface CoreApi {
  /** `reason`: why `backend` is forced, reported for each faster backend skipped (default: the URL asked for it). */
  init: { params: { backend?: BackendName; reason?: string; threads?: number }; result: BackendReport };
  loadModel: { params: { model: ModelId; baseUrl: string }; result: ModelInfo };
  /** Reads, compiles and warms up a model from the student's files; the previous model stays loaded if anything fails. */
  loadUploadedModel: { params: { files: ModelFile[]; baseUrl: string }; result: UploadedModelInfo };
  classify: { params: { model: ModelId; source: ImageSource; topK: number }; result: ClassifyResult };
  attribute: { params: { model: ModelId; source: ImageSource; params: AttributionParams }; result: AttributionOutput };
}

/** Request and result types of every worker method: the core's and, one term each, every feature's. */
export type WorkerApi = CoreApi & LabsApi & AttacksApi & CounterfactualsApi & DiagnosticsApi & IgPathApi;
export type Method = keyof WorkerApi;
export type Params<M extends Method> = WorkerApi[M]['params'];
export type Result<M extends Method> = WorkerApi[M]['result'];

export type RequestMessage = { [M in Method]: { type: 'request'; id: number; method: M; params: Params<M> } }[Method];
/** Fault injection for e2e tests (the page exposes it only with `?testhooks=1`). */
export type TestAction =
  | { kind: 'destroy-device' }
  | { kind: 'crash' }
  | { kind: 'oom-above'; batch: number | null }
  /** Destroy the WebGPU device whenever a request of this method starts (no-op on other backends). */
  | { kind: 'lose-device-on'; method: Method | null };

export type ToWorker = RequestMessage | { type: 'cancel'; id: number } | { type: 'test'; action: TestAction };

export type FromWorker =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'result'; id: number; result: Result<Method> }
  | { type: 'error'; id: number; error: WorkerError }
  /** The worker cannot go on (its GPU device was lost): the page replaces it. */
  | { type: 'fatal'; error: WorkerError };

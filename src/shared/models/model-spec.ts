/**
 * Every model's spec by id: the app's own (registry.ts) and the ones uploaded in this page session,
 * registered at runtime. Each realm has its own copy of this module: the worker registers a spec
 * when it has read the files, the UI when the load reply brings it back.
 */
import { isBuiltinModelId, MODELS, type ModelId, type ModelSpec, type UploadedModelId } from './registry';

const uploaded = new Map<UploadedModelId, ModelSpec>();

/** Makes an uploaded model's spec known by its id (a second upload under the same id replaces it). */
export function registerUploadedSpec(spec: ModelSpec): void {
  if (isBuiltinModelId(spec.id)) throw new Error(`An uploaded model cannot take the id of a built-in one (${spec.id}).`);
  uploaded.set(spec.id, spec);
}

/** Whether `id` names a model this realm can look up. */
export function isKnownModelId(id: string | null | undefined): id is ModelId {
  return isBuiltinModelId(id) || uploaded.has(id as UploadedModelId);
}

/** The spec of a built-in or registered model; throws on an id nobody registered. */
export function modelSpec(id: ModelId): ModelSpec {
  if (isBuiltinModelId(id)) return MODELS[id];
  const spec = uploaded.get(id);
  if (!spec) throw new Error(`Model ${id} is not loaded: upload its files again.`);
  return spec;
}

/**
 * A model from the student's own files ("Upload model", or dropped on the page): the files are read
 * here and their bytes moved to the model worker (nothing is sent anywhere else), which reads,
 * compiles and warms the model up while keeping the previous one. The File objects are kept for the
 * page session, so a restarted worker (a GPU fault) or a switch back to this model can read them again.
 */
import { registerCamLayers } from '../shared/models/cam-layers';
import { registerUploadedSpec } from '../shared/models/model-spec';
import type { ModelId } from '../shared/models/registry';
import type { ModelFile, Progress, UploadedModelInfo } from '../shared/protocol/messages';
import { getApp, setApp } from './store';
import { base, client } from './worker';

const keptFiles = new Map<ModelId, File[]>();

async function send(files: readonly File[], onProgress: (p: Progress) => void): Promise<UploadedModelInfo> {
  const read: ModelFile[] = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: await f.arrayBuffer() })));
  return client.call('loadUploadedModel', { files: read, baseUrl: base }, { onProgress, transfer: read.map((f) => f.bytes) });
}

/** Makes an uploaded model known to the page: its spec, its class names, its files. */
function remember(info: UploadedModelInfo, files: readonly File[]): void {
  registerUploadedSpec(info.spec);
  registerCamLayers(info.spec.id, info.camLayers);
  keptFiles.set(info.spec.id, [...files]);
  const names = { display: info.labels, full: info.labels };
  setApp((s) => ({ uploadedModels: [...s.uploadedModels.filter((m) => m.spec.id !== info.spec.id), { spec: info.spec, names }] }));
}

/** Reads `files` into the worker; resolves with the model's info once it is compiled and warm (the previous model is freed then). */
export async function loadUploadedFiles(files: readonly File[], onProgress: (p: Progress) => void): Promise<UploadedModelInfo> {
  const info = await send(files, onProgress);
  remember(info, files);
  return info;
}

/** Loads an uploaded model again from its kept files (a new worker, or a switch back to it). */
export async function reloadUploaded(id: ModelId, onProgress: (p: Progress) => void): Promise<UploadedModelInfo> {
  const files = keptFiles.get(id);
  if (!files) throw new Error(`${getApp().uploadedModels.find((m) => m.spec.id === id)?.spec.label ?? id} is no longer available: upload its files again.`);
  const info = await send(files, onProgress);
  if (info.spec.id !== id) throw new Error(`The files of ${id} now read as ${info.spec.id}: upload them again.`);
  remember(info, files);
  return info;
}

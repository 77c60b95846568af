/**
 * The model and the photo: starting the page, loading a model (backend first), switching models,
 * classifying a photo. A newer image request aborts an older one, and a result is shown only if it
 * is still the latest; a shown prediction re-runs every armed feature (features-registry.ts).
 */
import { fetchLabels, sampleUrl } from '../shared/models/labels';
import { isBuiltinModelId, MODELS, type ModelId } from '../shared/models/registry';
import type { BackendName, ImageSource, ModelInfo, Progress } from '../shared/protocol/messages';
import { loadUploadedFiles, reloadUploaded } from './model-upload';
import { WorkerCallError } from './worker-client';
import { cancelAll, features, initAll, rerunAll } from './features-registry';
import { initViz } from './viz';
import { getApp, setApp, type AppState, type ImageChoice } from './store';
import { RecoveryPolicy } from './recovery';
import { parseUrlState, syncUrl } from './url';
import { base, client } from './worker';
import { clearMarkers, setMarker } from './markers';
import { initTab } from './workspace';

let modelReady: { id: ModelId; promise: Promise<void> } | null = null;
let classifyAbort: AbortController | null = null;
let forcedBackend = parseUrlState(location.search).backend;
/** Why forcedBackend is forced, when the page chose it (the backend badge shows it). */
let forcedReason: string | undefined;

/** What the fault recovery (recovery-wiring.ts) needs to know has completed since a fault. */
export const recovery = new RecoveryPolicy();

/** The backend forced by the URL or by the recovery's fallback (undefined: the page chooses). */
export const forcedBackendName = (): BackendName | undefined => forcedBackend;

/** The recovery's fallback: later backend inits ask for `name`, for `reason`. */
export function forceBackend(name: BackendName, reason: string): void {
  forcedBackend = name;
  forcedReason = reason;
}

/** The worker was replaced: the next request loads the model again. */
export function forgetModel(): void {
  modelReady = null;
}

export const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function start(): Promise<void> {
  const url = parseUrlState(location.search);
  forcedBackend = url.backend;
  setApp({ modelId: url.model });
  initViz(location.search);
  initAll(location.search);
  initTab(location.search);
  const labels = fetchLabels(base).then(
    (l) => setApp({ labels: l }),
    (e) => setApp({ alert: `Class names could not be loaded: ${messageOf(e)}` }),
  );
  try {
    await ensureModel(url.model);
  } catch {
    return;
  }
  await labels;
  // A first visit opens on a photo already predicted, so "Explain" is one click away.
  const { image, pending } = getApp();
  const sample = url.image ?? (image || pending ? null : FIRST_VISIT_SAMPLE);
  if (sample != null) await selectSample(sample);
}

/** The photo a page opened without `image=` shows: the goldfish (class 1), a clear, centred subject. */
export const FIRST_VISIT_SAMPLE = 1;

export function ensureModel(id: ModelId): Promise<void> {
  if (modelReady?.id === id) return modelReady.promise;
  const entry: { id: ModelId; promise: Promise<void> } = { id, promise: Promise.resolve() };
  entry.promise = (async () => {
    const t0 = performance.now();
    setApp({ model: { status: 'loading', progress: { stage: 'download', message: 'Starting the GPU backend' } } });
    try {
      const threads = parseUrlState(location.search).threads;
      const backend = await client.call('init', { backend: forcedBackend, reason: forcedReason, ...(threads ? { threads } : {}) });
      setApp({ backend });
      setMarker('backend', '');
      const onProgress = (progress: Progress) => setApp((s) => ({ model: { ...s.model, progress } }));
      const info = isBuiltinModelId(id)
        ? await client.call('loadModel', { model: id, baseUrl: base }, { onProgress })
        : await reloadUploaded(id, onProgress);
      if (getApp().modelId !== id) return;
      modelIsReady(id, info);
      // Read by `npm run bench` (scripts/bench.mjs); harmless otherwise.
      performance.measure('saliency:model-load', { start: t0, detail: { model: id, backend: info.backend.name, ...info.timings } });
      recovery.completed('model');
    } catch (e) {
      // Superseded: the worker was replaced (a fault) and the crash handler started over.
      if (modelReady !== entry) throw e;
      modelReady = null;
      setApp({ model: { status: 'error' }, alert: `The model could not be loaded. ${messageOf(e)}` });
      throw e;
    }
  })();
  modelReady = entry;
  return entry.promise;
}

function modelIsReady(id: ModelId, info: ModelInfo): void {
  setApp({ model: { status: 'ready', info }, backend: info.backend });
  setMarker('backend', info.backend.name);
  setMarker('model', id);
}

/** Shows `id` from now on: the panels' results of the previous model are reset, its prediction cleared. */
function switchTo(id: ModelId): void {
  classifyAbort?.abort();
  cancelAll(); // the worker runs one request at a time: a stale explanation must not delay the switch
  const s = getApp();
  const reset = Object.assign({}, ...features().map((f) => f.resetForModel?.(s) ?? {})) as Partial<AppState>;
  setApp({ modelId: id, result: null, alert: null, ...reset });
  clearMarkers('top1', 'model');
  syncUrl({ model: id });
}

export async function setModel(id: ModelId): Promise<void> {
  if (id === getApp().modelId && modelReady?.id === id) return;
  switchTo(id);
  try {
    await ensureModel(id);
  } catch {
    return;
  }
  const image = getApp().image;
  if (image) await classifyChoice(image);
}

/**
 * Loads a model from the student's files and shows it. The worker keeps the previous model until the
 * new one is compiled and warm; if anything fails the page keeps it too (model, prediction, panels)
 * and says what was wrong.
 */
export async function uploadModel(files: readonly File[]): Promise<void> {
  if (!files.length) return;
  const before = getApp().model;
  cancelAll(); // the worker runs one request at a time
  setApp({ model: { status: 'loading', progress: { stage: 'compile', message: 'Reading the model files' } }, alert: null });
  let info: ModelInfo;
  try {
    info = await loadUploadedFiles(files, (progress) => setApp((s) => ({ model: { ...s.model, progress } })));
  } catch (e) {
    setApp({ model: before, alert: `The model could not be loaded: ${messageOf(e).replace(/^The model could not be loaded: /, '')} The previous model is still loaded.` });
    return;
  }
  switchTo(info.id);
  modelReady = { id: info.id, promise: Promise.resolve() };
  modelIsReady(info.id, info);
  const image = getApp().image;
  if (image) await classifyChoice(image);
}

export function selectSample(index: number): Promise<void> {
  return classifyChoice({ kind: 'sample', index });
}

export function uploadFile(file: File): Promise<void> {
  return classifyChoice({ kind: 'file', name: file.name || 'pasted image', file });
}

export async function classifyChoice(choice: ImageChoice): Promise<void> {
  classifyAbort?.abort();
  cancelAll(); // their image is being replaced; the worker would otherwise finish them first
  const abort = new AbortController();
  classifyAbort = abort;
  setApp({ pending: { choice }, alert: null });
  const id = getApp().modelId;
  try {
    await ensureModel(id);
    const t0 = performance.now();
    const labels = getApp().labels;
    let source: ImageSource;
    if (choice.kind === 'file') source = { kind: 'file', file: choice.file, name: choice.name };
    else if (labels) source = { kind: 'sample', index: choice.index, url: sampleUrl(labels, choice.index, base) };
    else throw new Error('The sample list is not loaded yet.');
    const result = await client.call(
      'classify',
      { model: id, source, topK: 5 },
      {
        signal: abort.signal,
        onProgress: (progress) => {
          if (classifyAbort === abort) setApp({ pending: { choice, progress } });
        },
      },
    );
    if (classifyAbort !== abort || getApp().modelId !== id) return; // stale
    syncUrl({ image: choice.kind === 'sample' ? choice.index : null });
    setApp({ image: choice, result, pending: null });
    performance.measure('saliency:classify', { start: t0, detail: { model: id, ...result.timings } });
    setMarker('top1', String(result.top[0].index));
    recovery.completed('classify');
    rerunAll();
  } catch (e) {
    if (classifyAbort !== abort) return;
    if (e instanceof WorkerCallError && e.error.code === 'cancelled') {
      setApp({ pending: null });
      return;
    }
    // Keep the previous image and result: a bad file must not lose the student's state.
    setApp({ pending: null, alert: messageOf(e) });
  } finally {
    if (classifyAbort === abort) classifyAbort = null;
  }
}

export function cancelClassify(): void {
  classifyAbort?.abort();
}

/** The app's own models, for the switcher (uploaded ones come from the store). */
export const modelOptions = Object.values(MODELS);

/**
 * What the UI can ask for. Each action updates the store and talks to the worker through the client;
 * a newer image request aborts an older one, and a result is shown only if it is still the latest.
 */
import { fetchLabels, sampleUrl } from '../shared/models/labels';
import { MODELS, type ModelId } from '../shared/models/registry';
import type { ImageSource } from '../shared/protocol/messages';
import { WorkerCallError } from './worker-client';
import { cancelCompare, compareCurrent, initCompare } from '../features/compare/state/compare';
import { cancelExplain, explainCurrent, initExplain } from '../features/explain/state/explain';
import { attackCurrent, cancelAttack, initAttack } from '../features/attacks/state/attacks';
import { cancelCf, cfCurrent, initCf } from '../features/counterfactuals/state/counterfactuals';
import { cancelLab, initLab, labCurrent } from '../features/labs/state/labs';
import { initViz } from './viz';
import { getApp, setApp, useApp, type AppState, type ImageChoice } from './store';
import { initLesson } from '../features/lessons/state/lessons';
import { RecoveryPolicy, repeatedFaultNotice, type Panel, type Work } from './recovery';
import { parseUrlState, replaceSearch, syncUrl } from './url';
import { base, client, setCrashHandler } from './worker';
import { clearMarkers, setMarker } from './markers';

let modelReady: { id: ModelId; promise: Promise<void> } | null = null;
let classifyAbort: AbortController | null = null;
let forcedBackend = parseUrlState(location.search).backend;
/** Why forcedBackend is forced, when the page chose it (the backend badge shows it). */
let forcedReason: string | undefined;

/**
 * After a lost GPU device or a crashed worker: a new worker, the model reloaded, the photo
 * re-classified and the armed panels re-run, once. A second fault before all of that completed falls
 * back to WebGL without re-running the panels that did not complete; a third stops (recovery.ts).
 */
const recovery = new RecoveryPolicy();
const PANELS: readonly Panel[] = ['explain', 'compare', 'lab', 'attack', 'cf'];
useApp.subscribe((s, prev) => {
  for (const p of PANELS) if (s[p].status === 'done' && prev[p].status !== 'done') recovery.completed(p);
});

/** What a recovery re-runs: the model, the photo shown, and each panel that re-runs for a new photo by itself. */
function redoList(s: AppState): Work[] {
  const armed: Record<Panel, boolean> = {
    explain: s.explain.enabled,
    compare: s.compare.methods.length > 0,
    lab: s.lab.open != null && s.lab.armed,
    attack: s.attack.armed,
    cf: s.cf.armed,
  };
  return ['model', ...(s.image ? (['classify'] as const) : []), ...PANELS.filter((p) => armed[p])];
}

/** A panel that faulted twice waits for the student: its Run button (or "Explain this prediction") runs it again. */
function disarm(panel: Panel) {
  setApp((s) => {
    switch (panel) {
      case 'explain':
        return { explain: { ...s.explain, enabled: false } };
      case 'compare':
        return { compare: { ...s.compare, methods: [] } };
      default:
        return { [panel]: { ...s[panel], armed: false } };
    }
  });
}

function recover() {
  void ensureModel(getApp().modelId)
    .then(() => {
      const image = getApp().image;
      if (image) void classifyChoice(image);
    })
    .catch(() => {});
}

setCrashHandler((message, code) => {
  const s = getApp();
  const decision = recovery.fault(redoList(s));
  modelReady = null;
  if (decision.action === 'rerun') {
    // A notice, not an alert: re-classifying below clears alerts, and the student should read this.
    setApp({
      notice:
        code === 'device-lost'
          ? `${message} Saliency Lab started a new model worker on a new device and reloaded the model; your photo and settings are kept.`
          : `${message} It has been restarted and the model reloaded; your photo and settings are kept.`,
      model: { status: 'idle' },
    });
    recover();
    return;
  }
  for (const p of decision.faulted) disarm(p);
  const from = s.backend?.name ?? null;
  if (decision.action === 'fallback' && (from === null || from === 'webgpu')) {
    forcedBackend = 'webgl';
    forcedReason = `forced after ${code === 'device-lost' ? 'the GPU device was lost twice' : 'the model worker stopped twice'}; reload the page to try it again`;
  }
  const notice = repeatedFaultNotice({
    decision,
    code,
    detail: { lab: s.lab.open, attack: s.attack.settings.attack },
    from,
    to: forcedBackend ?? from ?? 'webgl',
  });
  console.warn(`Saliency Lab: ${notice}`);
  if (decision.action === 'stop') {
    setApp({ notice, model: { status: 'error' } });
    setMarker('backend', ''); // no worker runs until the student asks for something
    return;
  }
  setApp({ notice, model: { status: 'idle' } });
  recover();
});

const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function start(): Promise<void> {
  const url = parseUrlState(location.search);
  forcedBackend = url.backend;
  setApp({ modelId: url.model });
  initExplain(location.search);
  initViz(location.search);
  initCompare(location.search);
  initLab(location.search);
  initAttack(location.search);
  initCf(location.search);
  initLesson(location.search);
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
  if (url.image != null) await selectSample(url.image);
}

function ensureModel(id: ModelId): Promise<void> {
  if (modelReady?.id === id) return modelReady.promise;
  const entry: { id: ModelId; promise: Promise<void> } = { id, promise: Promise.resolve() };
  entry.promise = (async () => {
    const t0 = performance.now();
    setApp({ model: { status: 'loading', progress: { stage: 'download', message: 'Starting the GPU backend' } } });
    try {
      const backend = await client.call('init', { backend: forcedBackend, reason: forcedReason });
      setApp({ backend });
      setMarker('backend', '');
      const info = await client.call(
        'loadModel',
        { model: id, baseUrl: base },
        { onProgress: (progress) => setApp((s) => ({ model: { ...s.model, progress } })) },
      );
      if (getApp().modelId !== id) return;
      setApp({ model: { status: 'ready', info }, backend: info.backend });
      // Read by `npm run bench` (scripts/bench.mjs); harmless otherwise.
      performance.measure('saliency:model-load', { start: t0, detail: { model: id, backend: info.backend.name, ...info.timings } });
      setMarker('backend', info.backend.name);
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

export async function setModel(id: ModelId): Promise<void> {
  if (id === getApp().modelId && modelReady?.id === id) return;
  classifyAbort?.abort();
  cancelExplain(); // the worker runs one request at a time: a stale explanation must not delay the switch
  cancelCompare();
  cancelLab();
  cancelAttack();
  cancelCf();
  setApp({ modelId: id, result: null, alert: null, explain: { ...getApp().explain, result: undefined, status: 'idle' } });
  clearMarkers('top1');
  syncUrl({ model: id });
  try {
    await ensureModel(id);
  } catch {
    return;
  }
  const image = getApp().image;
  if (image) await classifyChoice(image);
}

export function selectSample(index: number): Promise<void> {
  return classifyChoice({ kind: 'sample', index });
}

export function uploadFile(file: File): Promise<void> {
  return classifyChoice({ kind: 'file', name: file.name || 'pasted image', file });
}

async function classifyChoice(choice: ImageChoice): Promise<void> {
  classifyAbort?.abort();
  cancelExplain(); // its image is being replaced; the worker would otherwise finish it first
  cancelCompare();
  cancelLab();
  cancelAttack();
  cancelCf();
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
    void explainCurrent();
    void compareCurrent();
    void labCurrent();
    void attackCurrent();
    void cfCurrent();
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

export function dismissAlert(): void {
  setApp({ alert: null });
}

export function dismissNotice(): void {
  setApp({ notice: null });
}

export const modelOptions = Object.values(MODELS);

/**
 * Sets every control from a query string (a lesson's "try this") as if the page had been opened with
 * it, and re-runs what it asks for. Results already computed come back from the cache. An uploaded
 * photo stays when the query names no sample.
 */
export async function applySearch(search: string): Promise<void> {
  cancelExplain();
  cancelCompare();
  cancelLab();
  cancelAttack();
  cancelCf();
  replaceSearch(search);
  const url = parseUrlState(search);
  initExplain(search);
  initViz(search);
  initCompare(search);
  initLab(search);
  initAttack(search);
  initCf(search);
  initLesson(search);
  const idle = { result: undefined, status: 'idle' as const, error: undefined, progress: undefined };
  setApp((s) => ({
    explain: s.explain.enabled ? s.explain : { ...s.explain, ...idle },
    lab: { ...s.lab, ...idle },
    attack: { ...s.attack, ...idle },
    cf: { ...s.cf, ...idle },
  }));
  clearMarkers('lab', 'attack', 'cf');
  const image = getApp().image;
  const newImage = url.image != null && !(image?.kind === 'sample' && image.index === url.image);
  if (url.model !== getApp().modelId) {
    // setModel classifies the image held in the store: put the new sample there first.
    if (newImage) setApp({ image: { kind: 'sample', index: url.image! } });
    await setModel(url.model);
  } else if (newImage) {
    await selectSample(url.image!);
  } else {
    void explainCurrent();
    void compareCurrent();
    void labCurrent();
    void attackCurrent();
    void cfCurrent();
  }
}

/** The current page as a link that reproduces it: model and sample named explicitly, no forced backend. */
export function shareableLink(): { url: string; uploaded: boolean } {
  const { modelId, image } = getApp();
  const p = new URLSearchParams(location.search);
  p.set('model', modelId);
  if (image?.kind === 'sample') p.set('image', String(image.index));
  else p.delete('image');
  p.delete('backend'); // the recipient's machine picks its own
  return { url: `${location.origin}${location.pathname}?${p.toString()}`, uploaded: image?.kind === 'file' };
}

/** Running a counterfactual for the image shown; a newer run cancels the older. */
import { sampleUrl } from '../models/labels';
import type { ImageSource } from '../protocol/messages';
import { WorkerCallError } from '../worker/client';
import { parseCf, writeCf, type CfSettings } from './cf-settings';
import { currentSource } from './source';
import { getApp, setApp, type CfState } from './store';
import { replaceSearch } from './url';
import { base, client } from './worker';

let running: AbortController | null = null;

function setCf(patch: Partial<CfState>) {
  setApp((s) => ({ cf: { ...s.cf, ...patch } }));
}

export function initCf(search: string): void {
  const { requested, settings } = parseCf(search);
  setCf({ armed: requested, settings });
}

export function updateCfSettings(patch: Partial<CfSettings>): void {
  const settings = { ...getApp().cf.settings, ...patch };
  setCf({ settings });
  replaceSearch(writeCf(location.search, settings, getApp().cf.armed));
}

export function setDistractorFile(file: File | null): void {
  setCf({ distractorFile: file ? { file, name: file.name } : undefined });
}

export function runCfNow(): void {
  setCf({ armed: true });
  replaceSearch(writeCf(location.search, getApp().cf.settings, true));
  void cfCurrent();
}

export function cancelCf(): void {
  running?.abort();
}

/** The class to reach: the one asked for, else the runner-up of the current prediction. */
export function cfTarget(): number | null {
  const { cf, result } = getApp();
  return cf.settings.target ?? result?.top[1]?.index ?? null;
}

function distractorSource(target: number): ImageSource | null {
  const { cf, labels } = getApp();
  if (cf.distractorFile) return { kind: 'file', file: cf.distractorFile.file, name: cf.distractorFile.name };
  const index = cf.settings.distractor ?? target;
  return labels ? { kind: 'sample', index, url: sampleUrl(labels, index, base) } : null;
}

export async function cfCurrent(): Promise<void> {
  const { cf, modelId, model, result: shown } = getApp();
  const source = currentSource();
  running?.abort();
  const target = cfTarget();
  if (!cf.armed || !source || model.status !== 'ready' || shown?.model !== modelId || target == null) return;
  const distractor = distractorSource(target);
  if (!distractor) return;
  const abort = new AbortController();
  running = abort;
  setCf({ status: 'running', result: undefined, error: undefined, progress: { message: 'Starting' } });
  delete document.documentElement.dataset.cf;
  const s = cf.settings;
  try {
    const result = await client.call(
      'counterfactual',
      { model: modelId, source, request: { kind: s.kind, label: shown.top[0].index, target, optimise: s.optimise, swap: s.swap, distractor } },
      {
        signal: abort.signal,
        onProgress: (p) => running === abort && setCf({ progress: { message: p.message ?? '', loaded: p.loaded, total: p.total } }),
      },
    );
    if (running !== abort) return;
    setCf({ status: 'done', result, progress: undefined });
    document.documentElement.dataset.cf = result.kind;
  } catch (e) {
    if (running !== abort) return;
    const cancelled = e instanceof WorkerCallError && e.error.code === 'cancelled';
    setCf({ status: cancelled ? 'idle' : 'error', progress: undefined, error: cancelled ? 'Cancelled.' : e instanceof Error ? e.message : String(e) });
  } finally {
    if (running === abort) running = null;
  }
}

/** Running a counterfactual for the image shown; a newer run cancels the older. */
import { sampleUrl } from '../../../shared/models/labels';
import type { ImageSource } from '../../../shared/protocol/messages';
import type { CounterfactualResult } from '../protocol';
import { parseCf, writeCf, type CfSettings } from './cf-settings';
import { currentSource } from '../../../client/source';
import { getApp, setApp, type CfState } from '../../../client/store';
import { panelLifecycle } from '../../../client/run-lifecycle';
import { replaceSearch } from '../../../client/url';
import { base, client } from '../../../client/worker';

function setCf(patch: Partial<CfState>) {
  setApp((s) => ({ cf: { ...s.cf, ...patch } }));
}

const runs = panelLifecycle<CounterfactualResult, CfState>(setCf, { key: 'cf', label: (r) => r.kind });

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
  runs.cancel();
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
  runs.cancel();
  const target = cfTarget();
  if (!cf.armed || !source || model.status !== 'ready' || shown?.model !== modelId || target == null) return;
  const distractor = distractorSource(target);
  if (!distractor) return;
  const s = cf.settings;
  const request = { kind: s.kind, label: shown.top[0].index, target, optimise: s.optimise, swap: s.swap, distractor };
  await runs.run(({ signal, progress: onProgress }) => client.call('counterfactual', { model: modelId, source, request }, { signal, onProgress }));
}

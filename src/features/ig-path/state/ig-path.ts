/** Running the IG path for the image shown (newest run wins), and the explorer's settings in the URL. */
import type { IgPathResult } from '../protocol';
import { parseIgPath, writeIgPath, type IgPathSettings } from './ig-path-settings';
import type { IgPathState } from './slice';
import { currentSource } from '../../../client/source';
import { getApp, setApp } from '../../../client/store';
import { panelLifecycle } from '../../../client/run-lifecycle';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';

function setIgPath(patch: Partial<IgPathState>) {
  setApp((s) => ({ igPath: { ...s.igPath, ...patch } }));
}

const runs = panelLifecycle<IgPathResult, IgPathState>(setIgPath, { key: 'igpath', label: (r) => `${r.request.method}:${r.request.steps}` });

export function initIgPath(search: string): void {
  const { requested, settings } = parseIgPath(search);
  setIgPath({ armed: requested, settings });
}

let urlTimer: ReturnType<typeof setTimeout> | undefined;

/** Settings that need a new run (baseline, steps, rule) and display settings (α, scale) alike; the URL follows. */
export function updateIgPathSettings(patch: Partial<IgPathSettings>): void {
  const settings = { ...getApp().igPath.settings, ...patch };
  setIgPath({ settings });
  // The slider moves many times a second: the URL follows once it rests.
  clearTimeout(urlTimer);
  urlTimer = setTimeout(() => replaceSearch(writeIgPath(location.search, getApp().igPath.settings, getApp().igPath.armed)), 150);
}

export function runIgPathNow(): void {
  setIgPath({ armed: true });
  replaceSearch(writeIgPath(location.search, getApp().igPath.settings, true));
  void igPathCurrent();
}

export function cancelIgPath(): void {
  runs.cancel();
}

/** The request for the image shown: the Explain panel's target (else the top-1), seed and batch. */
export async function igPathCurrent(): Promise<void> {
  const { igPath, explain, modelId, model, result: shown } = getApp();
  const source = currentSource();
  runs.cancel();
  if (!igPath.armed || !source || model.status !== 'ready' || shown?.model !== modelId) return;
  const s = igPath.settings;
  const request = {
    target: explain.params.target ?? shown.top[0].index,
    baseline: s.baseline,
    steps: s.steps,
    method: s.method,
    seed: explain.params.seed,
    batch: explain.params.batch,
  };
  await runs.run(({ signal, progress: onProgress }) => client.call('igPath', { model: modelId, source, request }, { signal, onProgress }));
}

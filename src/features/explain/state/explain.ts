/**
 * Explanation requests. Once enabled, a new image re-runs the attribution; a change of method,
 * parameter or target re-runs it (debounced) only where that method is live (live-mode.ts), and
 * otherwise waits for Explain. A newer request cancels the older one and only the newest result is
 * ever shown.
 */
import { parseParams, writeParams, type AttributionParams } from '../../../methods/params';
import { runLifecycle } from '../../../client/run-lifecycle';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import { compareCurrent } from '../../compare/state/compare';
import { resultKey } from '../../../client/result-cache';
import { currentSource } from '../../../client/source';
import { getApp, setApp, type ExplainState } from '../../../client/store';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';
import { methodRunMode, recordRun } from './live-mode';
import { liveRerun } from './live-rerun';

export function initExplain(search: string): void {
  const { params, requested } = parseParams(search);
  setApp({ explain: { ...getApp().explain, params, enabled: requested } });
}

function setExplain(patch: Partial<ExplainState>) {
  setApp((s) => ({ explain: { ...s.explain, ...patch } }));
}

/** The shown map stays while a new one is computed, and after a cancel. */
const runs = runLifecycle<ExplainState, AttributionOutput>({
  set: setExplain,
  marker: { key: 'attribution', label: (r) => r.method },
  started: () => ({ status: 'running', progress: undefined, error: undefined }),
  progress: (progress) => ({ progress }),
  done: (result) => ({ status: 'done', result, progress: undefined }),
  cancelled: () => ({ status: getApp().explain.result ? 'done' : 'idle', progress: undefined }),
  failed: (error) => ({ status: 'error', error, progress: undefined }),
});

/** The explanation and the comparison grid (same target and parameters) for the settings shown. */
const rerun = liveRerun(() => {
  void explainCurrent();
  if (getApp().compare.methods.length) void compareCurrent();
});

/**
 * Live: the new settings run after a short pause (a live change also starts explaining, as choosing a
 * method always did). On demand: only the controls and the URL change; the map shown is marked stale.
 */
export function updateParams(patch: Partial<AttributionParams>): void {
  const params = { ...getApp().explain.params, ...patch };
  const live = methodRunMode(getApp(), params).live;
  setExplain(live ? { params, enabled: true } : { params });
  replaceSearch(writeParams(location.search, params));
  rerun.changed(live);
}

/** The Explain button: runs now, live or not. */
export function startExplaining(): void {
  const { params } = getApp().explain;
  setExplain({ enabled: true });
  replaceSearch(writeParams(location.search, params));
  rerun.now();
}

export function cancelExplain(): void {
  rerun.cancel();
  runs.cancel();
}

export async function explainCurrent(): Promise<void> {
  const { explain, modelId, model, image, result: shown } = getApp();
  const source = currentSource();
  if (!explain.enabled || !source || !image || model.status !== 'ready') return;
  // "Predicted class": send the top-1 already shown for this image and model, so the worker does
  // not run a forward pass only to find it.
  const target = explain.params.target ?? (shown?.model === modelId ? shown.top[0].index : null);
  await runs.run(({ signal, progress, cached }) => {
    const call = () => client.call('attribute', { model: modelId, source, params: { ...explain.params, target } }, { signal, onProgress: progress });
    return target == null ? call() : cached(resultKey(modelId, image, explain.params.method, explain.params, target), call);
  }, {
    onDone: (result) => {
      recordRun(result);
      performance.measure('saliency:attribute', {
        start: performance.now() - result.timings.totalMs,
        detail: { model: modelId, method: result.method, batchSize: result.batchSize, ...result.timings, memory: result.memory },
      });
    },
  });
}

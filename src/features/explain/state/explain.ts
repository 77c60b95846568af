/**
 * Explanation requests. Once enabled, any change of method, parameter, target or image re-runs the
 * attribution; a newer request cancels the older one and only the newest result is ever shown.
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

export function updateParams(patch: Partial<AttributionParams>): void {
  const params = { ...getApp().explain.params, ...patch };
  setExplain({ params, enabled: true });
  replaceSearch(writeParams(location.search, params));
  void explainCurrent();
  if (getApp().compare.methods.length) void compareCurrent(); // same target and parameters in the grid
}

export function startExplaining(): void {
  updateParams({});
}

export function cancelExplain(): void {
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
    onDone: (result) =>
      performance.measure('saliency:attribute', {
        start: performance.now() - result.timings.totalMs,
        detail: { model: modelId, method: result.method, batchSize: result.batchSize, ...result.timings, memory: result.memory },
      }),
  });
}

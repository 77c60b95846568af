/**
 * Explanation requests. Once enabled, any change of method, parameter, target or image re-runs the
 * attribution; a newer request cancels the older one and only the newest result is ever shown.
 */
import { parseParams, writeParams, type AttributionParams } from '../../../methods/params';
import { WorkerCallError } from '../../../client/worker-client';
import { compareCurrent } from '../../compare/state/compare';
import { resultFor, resultKey } from '../../../client/result-cache';
import { currentSource } from '../../../client/source';
import { getApp, setApp } from '../../../client/store';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';

let running: AbortController | null = null;

export function initExplain(search: string): void {
  const { params, requested } = parseParams(search);
  setApp({ explain: { ...getApp().explain, params, enabled: requested } });
}

function setExplain(patch: Partial<ReturnType<typeof getApp>['explain']>) {
  setApp((s) => ({ explain: { ...s.explain, ...patch } }));
}

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
  running?.abort();
}

export async function explainCurrent(): Promise<void> {
  const { explain, modelId, model, image, result: shown } = getApp();
  const source = currentSource();
  if (!explain.enabled || !source || !image || model.status !== 'ready') return;
  running?.abort();
  const abort = new AbortController();
  running = abort;
  setExplain({ status: 'running', progress: undefined, error: undefined });
  delete document.documentElement.dataset.attribution;
  try {
    // "Predicted class": send the top-1 already shown for this image and model, so the worker does
    // not run a forward pass only to find it.
    const target = explain.params.target ?? (shown?.model === modelId ? shown.top[0].index : null);
    const call = () =>
      client.call(
        'attribute',
        { model: modelId, source, params: { ...explain.params, target } },
        {
          signal: abort.signal,
          onProgress: (progress) => {
            if (running === abort) setExplain({ progress });
          },
        },
      );
    const result = target == null ? await call() : await resultFor(resultKey(modelId, image, explain.params.method, explain.params, target), call);
    if (running !== abort) return; // stale
    setExplain({ status: 'done', result, progress: undefined });
    document.documentElement.dataset.attribution = result.method;
    performance.measure('saliency:attribute', {
      start: performance.now() - result.timings.totalMs,
      detail: { model: modelId, method: result.method, batchSize: result.batchSize, ...result.timings, memory: result.memory },
    });
  } catch (e) {
    if (running !== abort) return;
    if (e instanceof WorkerCallError && e.error.code === 'cancelled') {
      setExplain({ status: getApp().explain.result ? 'done' : 'idle', progress: undefined });
    } else {
      setExplain({ status: 'error', error: e instanceof Error ? e.message : String(e), progress: undefined });
    }
  } finally {
    if (running === abort) running = null;
  }
}

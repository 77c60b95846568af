/**
 * The comparison grid: several methods on the same image, model and target, one after another in the
 * (serial) model worker. Results already computed (by the grid or the single view) come from the cache.
 * URL: `compare=saliency,ig,...`. A newer run cancels the older; only the newest fills the grid.
 */
import { METHOD_IDS, type MethodId } from '../../../methods/params';
import { WorkerCallError } from '../../../client/worker-client';
import { cachedResult, resultFor, resultKey } from '../../../client/result-cache';
import { currentSource } from '../../../client/source';
import { getApp, setApp, type CompareState } from '../../../client/store';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';

let running: AbortController | null = null;

export function parseCompare(search: string): MethodId[] {
  const list = (new URLSearchParams(search).get('compare') ?? '').split(',');
  return METHOD_IDS.filter((m) => list.includes(m));
}

function writeCompare(methods: MethodId[]): void {
  const p = new URLSearchParams(location.search);
  if (methods.length) p.set('compare', methods.join(','));
  else p.delete('compare');
  const s = p.toString();
  replaceSearch(s ? `?${s}` : '');
}

function setCompare(patch: Partial<CompareState>) {
  setApp((s) => ({ compare: { ...s.compare, ...patch } }));
}

export function initCompare(search: string): void {
  setCompare({ methods: parseCompare(search) });
}

/** Shows the grid for these methods (in the app's method order) and computes what is missing. */
export function compareMethods(methods: MethodId[]): void {
  const ordered = METHOD_IDS.filter((m) => methods.includes(m));
  setCompare({ methods: ordered });
  writeCompare(ordered);
  void compareCurrent();
}

export function closeCompare(): void {
  running?.abort();
  setCompare({ methods: [], results: [], status: 'idle', current: undefined, error: undefined });
  writeCompare([]);
}

export function cancelCompare(): void {
  running?.abort();
}

export async function compareCurrent(): Promise<void> {
  const { compare, explain, modelId, model, image, result: shown } = getApp();
  const source = currentSource();
  running?.abort();
  if (!compare.methods.length || !source || !image || model.status !== 'ready' || shown?.model !== modelId) return;
  const abort = new AbortController();
  running = abort;
  const target = explain.params.target ?? shown.top[0].index;
  const results: CompareState['results'] = [];
  setCompare({ status: 'running', results, error: undefined });
  delete document.documentElement.dataset.compare;
  try {
    for (const [index, method] of compare.methods.entries()) {
      const params = { ...explain.params, method, target };
      const key = resultKey(modelId, image, method, params, target);
      if (!cachedResult(key)) setCompare({ current: { method, index, total: compare.methods.length } });
      const result = await resultFor(key, () =>
        client.call(
          'attribute',
          { model: modelId, source, params },
          {
            signal: abort.signal,
            onProgress: (progress) => {
              if (running === abort) setCompare({ current: { method, index, total: compare.methods.length, progress } });
            },
          },
        ),
      );
      if (running !== abort) return;
      results.push(result);
      setCompare({ results: [...results] });
    }
    setCompare({ status: 'done', current: undefined });
    document.documentElement.dataset.compare = compare.methods.join(',');
  } catch (e) {
    if (running !== abort) return;
    const cancelled = e instanceof WorkerCallError && e.error.code === 'cancelled';
    setCompare({ status: cancelled ? 'done' : 'error', current: undefined, error: cancelled ? 'Cancelled: the grid shows the methods finished so far.' : e instanceof Error ? e.message : String(e) });
  } finally {
    if (running === abort) running = null;
  }
}

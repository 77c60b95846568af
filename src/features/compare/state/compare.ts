/**
 * The comparison grid: several methods on the same image, model and target, one after another in the
 * (serial) model worker. Results already computed (by the grid or the single view) come from the cache.
 * URL: `compare=saliency,ig,...`. A newer run cancels the older; only the newest fills the grid.
 * A change of parameters re-runs it with the explanation, where that is live (explain.ts).
 */
import { METHOD_IDS, type MethodId } from '../../../methods/params';
import { runLifecycle } from '../../../client/run-lifecycle';
import { cachedResult, resultKey } from '../../../client/result-cache';
import { currentSource } from '../../../client/source';
import { getApp, setApp, type CompareState } from '../../../client/store';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';
import { recordRun } from '../../explain/state/live-mode';

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

/** The grid fills as methods finish (partial results); a cancelled grid keeps what it has. */
const runs = runLifecycle<CompareState, MethodId[]>({
  set: setCompare,
  marker: { key: 'compare', label: (methods) => methods.join(',') },
  started: () => ({ status: 'running', results: [], error: undefined }),
  progress: () => ({}), // per method, through `current` (see compareCurrent)
  done: () => ({ status: 'done', current: undefined }),
  cancelled: () => ({ status: 'done', current: undefined, error: 'Cancelled: the grid shows the methods finished so far.' }),
  failed: (error) => ({ status: 'error', current: undefined, error }),
});

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
  runs.cancel();
  setCompare({ methods: [], results: [], status: 'idle', current: undefined, error: undefined });
  writeCompare([]);
}

export function cancelCompare(): void {
  runs.cancel();
}

export async function compareCurrent(): Promise<void> {
  const { compare, explain, modelId, model, image, result: shown } = getApp();
  const source = currentSource();
  runs.cancel();
  if (!compare.methods.length || !source || !image || model.status !== 'ready' || shown?.model !== modelId) return;
  const target = explain.params.target ?? shown.top[0].index;
  const total = compare.methods.length;
  await runs.run(async ({ signal, current, partial, cached }) => {
    const results: CompareState['results'] = [];
    for (const [index, method] of compare.methods.entries()) {
      const params = { ...explain.params, method, target };
      const key = resultKey(modelId, image, method, params, target);
      if (!cachedResult(key)) partial({ current: { method, index, total } });
      const result = await cached(key, () =>
        client.call('attribute', { model: modelId, source, params }, { signal, onProgress: (progress) => partial({ current: { method, index, total, progress } }) }),
      );
      if (!current()) break;
      recordRun(result);
      results.push(result);
      partial({ results: [...results] });
    }
    return compare.methods;
  });
}

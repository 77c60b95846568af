/**
 * One run at a time for a panel (attack, counterfactual): a newer run aborts the older, and only the
 * newest may write its state, so a slow stale result never replaces a newer one.
 */
import type { Progress } from '../shared/protocol/messages';
import { WorkerCallError } from './worker-client';
import type { RunFields } from './store';

/** `marker`: the <html> data attribute set to `label(result)` when a result is shown (tests read it). */
export function latestRun<R>(set: (patch: Partial<RunFields<R>>) => void, marker: string, label: (r: R) => string) {
  let running: AbortController | null = null;
  return {
    cancel(): void {
      running?.abort();
    },
    async run(call: (signal: AbortSignal, onProgress: (p: Progress) => void) => Promise<R>): Promise<void> {
      running?.abort();
      const abort = new AbortController();
      running = abort;
      set({ status: 'running', result: undefined, error: undefined, progress: { message: 'Starting' } });
      delete document.documentElement.dataset[marker];
      try {
        const result = await call(abort.signal, (p) => {
          if (running === abort) set({ progress: { message: p.message ?? '', loaded: p.loaded, total: p.total } });
        });
        if (running !== abort) return;
        set({ status: 'done', result, progress: undefined });
        document.documentElement.dataset[marker] = label(result);
      } catch (e) {
        if (running !== abort) return;
        const cancelled = e instanceof WorkerCallError && e.error.code === 'cancelled';
        set({ status: cancelled ? 'idle' : 'error', progress: undefined, error: cancelled ? 'Cancelled.' : e instanceof Error ? e.message : String(e) });
      } finally {
        if (running === abort) running = null;
      }
    },
  };
}

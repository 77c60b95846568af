/** The one worker client of the page, and the app's base URL (works under any sub-path). */
import type { WorkerError } from '../protocol/messages';
import { WorkerClient } from '../worker/client';

export const base = new URL('./', document.baseURI).href;

let onCrash: (message: string, code: WorkerError['code']) => void = () => {};
export function setCrashHandler(handler: (message: string, code: WorkerError['code']) => void) {
  onCrash = handler;
}

export const client = new WorkerClient(
  () => new Worker(new URL('../worker/model.worker.ts', import.meta.url), { type: 'module', name: 'model' }),
  (message, code) => onCrash(message, code),
);

/**
 * Fault injection for e2e tests, on the page only with `?testhooks=1`; `test_oom_above=<rows>` makes
 * larger batches fail as out-of-memory from the first request on.
 */
const hooks = new URLSearchParams(location.search);
if (hooks.get('testhooks') === '1') {
  const oom = Number(hooks.get('test_oom_above'));
  if (hooks.has('test_oom_above') && Number.isInteger(oom)) client.test({ kind: 'oom-above', batch: oom });
  (globalThis as { __saliencyTest?: unknown }).__saliencyTest = {
    destroyDevice: () => client.test({ kind: 'destroy-device' }),
    crashWorker: () => client.test({ kind: 'crash' }),
    oomAbove: (batch: number | null) => client.test({ kind: 'oom-above', batch }),
  };
}

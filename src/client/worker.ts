/** The one worker client of the page, and the app's base URL (works under any sub-path). */
import type { Method, TestAction, ToWorker } from '../shared/protocol/api';
import type { WorkerError } from '../shared/protocol/messages';
import { WorkerClient } from './worker-client';

export const base = new URL('./', document.baseURI).href;

let onCrash: (message: string, code: WorkerError['code']) => void = () => {};
export function setCrashHandler(handler: (message: string, code: WorkerError['code']) => void) {
  onCrash = handler;
}

/** Test hooks: actions every new worker gets before its first request, and counters. */
const everyWorker: TestAction[] = [];
const counts = { workersStarted: 0, faults: 0 };

export const client = new WorkerClient(
  () => {
    const worker = new Worker(new URL('../worker/model.worker.ts', import.meta.url), { type: 'module', name: 'model' });
    counts.workersStarted++;
    for (const action of everyWorker) worker.postMessage({ type: 'test', action } satisfies ToWorker);
    return worker;
  },
  (message, code) => {
    counts.faults++;
    onCrash(message, code);
  },
);

/**
 * Fault injection for e2e tests, on the page only with `?testhooks=1`; `test_oom_above=<rows>` makes
 * larger batches fail as out-of-memory from the first request on; `test_lose_device_on=<method>` (e.g.
 * `lab`) makes every worker, the restarted ones too, destroy its WebGPU device when such a request
 * starts. `workersStarted()` and `faults()` count model workers started and faults handled.
 */
const hooks = new URLSearchParams(location.search);
if (hooks.get('testhooks') === '1') {
  const loseOn = hooks.get('test_lose_device_on');
  if (loseOn) everyWorker.push({ kind: 'lose-device-on', method: loseOn as Method });
  const oom = Number(hooks.get('test_oom_above'));
  if (hooks.has('test_oom_above') && Number.isInteger(oom)) client.test({ kind: 'oom-above', batch: oom });
  (globalThis as { __saliencyTest?: unknown }).__saliencyTest = {
    destroyDevice: () => client.test({ kind: 'destroy-device' }),
    crashWorker: () => client.test({ kind: 'crash' }),
    oomAbove: (batch: number | null) => client.test({ kind: 'oom-above', batch }),
    workersStarted: () => counts.workersStarted,
    faults: () => counts.faults,
  };
}

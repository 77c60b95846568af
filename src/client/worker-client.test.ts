import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from '../shared/protocol/api';
import { WorkerCallError, WorkerClient } from './worker-client';

/** A stand-in Worker: records what the client posts and lets the test answer. */
class FakeWorker {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  postMessage(msg: ToWorker) {
    this.sent.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: FromWorker) {
    this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const crashes: string[] = [];
  const client = new WorkerClient(
    () => {
      const w = new FakeWorker();
      workers.push(w);
      return w as unknown as Worker;
    },
    (m) => crashes.push(m),
  );
  return { client, workers, crashes };
}

describe('WorkerClient', () => {
  it('matches results to requests by id and routes progress', async () => {
    const { client, workers } = setup();
    const progress: string[] = [];
    const a = client.call('init', {}, { onProgress: (p) => progress.push(p.message) });
    const b = client.call('init', { backend: 'cpu' });
    const [ra, rb] = workers[0].sent as Array<Extract<ToWorker, { type: 'request' }>>;
    expect(ra.id).not.toBe(rb.id);
    workers[0].reply({ type: 'progress', id: ra.id, progress: { stage: 'download', message: 'half' } });
    workers[0].reply({ type: 'result', id: rb.id, result: { name: 'cpu', refused: [] } });
    workers[0].reply({ type: 'result', id: ra.id, result: { name: 'webgpu', refused: [] } });
    expect((await a).name).toBe('webgpu');
    expect((await b).name).toBe('cpu');
    expect(progress).toEqual(['half']);
  });

  it('sends a cancel for an aborted call and surfaces typed errors', async () => {
    const { client, workers } = setup();
    const abort = new AbortController();
    const p = client.call('init', {}, { signal: abort.signal });
    abort.abort();
    const req = workers[0].sent[0] as Extract<ToWorker, { type: 'request' }>;
    expect(workers[0].sent[1]).toEqual({ type: 'cancel', id: req.id });
    workers[0].reply({ type: 'error', id: req.id, error: { code: 'cancelled', message: 'Cancelled.' } });
    await expect(p).rejects.toMatchObject({ error: { code: 'cancelled' } });
  });

  it('rejects pending calls when the worker crashes and starts a new one next time', async () => {
    const { client, workers, crashes } = setup();
    const p = client.call('init', {});
    workers[0].onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    await expect(p).rejects.toBeInstanceOf(WorkerCallError);
    expect(workers[0].terminated).toBe(true);
    expect(crashes[0]).toMatch(/boom/);
    void client.call('init', {}).catch(() => {});
    expect(workers).toHaveLength(2);
  });
});

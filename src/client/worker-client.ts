/**
 * The UI's handle on the model worker (no tfjs here). Each call returns a promise, reports progress
 * and takes an AbortSignal; aborting sends a cancel. If the worker dies, pending calls fail with a
 * typed error and a fresh worker is started for the next call.
 */
import type { FromWorker, Method, Params, Result, TestAction, ToWorker } from '../shared/protocol/api';
import type { Progress, WorkerError } from '../shared/protocol/messages';

export class WorkerCallError extends Error {
  constructor(readonly error: WorkerError) {
    super(error.message);
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: WorkerCallError): void;
  onProgress?: (p: Progress) => void;
}

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
  transfer?: Transferable[];
}

export class WorkerClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  constructor(
    private readonly create: () => Worker,
    private readonly onCrash: (message: string, code: WorkerError['code']) => void = () => {},
  ) {}

  call<M extends Method>(method: M, params: Params<M>, options: CallOptions = {}): Promise<Result<M>> {
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise<Result<M>>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new WorkerCallError({ code: 'cancelled', message: 'Cancelled.' }));
        return;
      }
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress: options.onProgress });
      options.signal?.addEventListener('abort', () => this.send({ type: 'cancel', id }), { once: true });
      worker.postMessage({ type: 'request', id, method, params } as ToWorker, options.transfer ?? []);
    });
  }

  private send(msg: ToWorker) {
    this.worker?.postMessage(msg);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.crash(`The model worker stopped unexpectedly${e.message ? `: ${e.message}` : ''}.`);
    };
    this.worker = worker;
    return worker;
  }

  /** Fault injection for e2e tests. */
  test(action: TestAction) {
    this.ensureWorker().postMessage({ type: 'test', action } as ToWorker);
  }

  private receive(msg: FromWorker) {
    if (msg.type === 'fatal') {
      this.crash(msg.error.message, msg.error.code);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
    this.pending.delete(msg.id);
    if (msg.type === 'result') p.resolve(msg.result);
    else p.reject(new WorkerCallError(msg.error));
  }

  private crash(message: string, code: WorkerError['code'] = 'internal') {
    this.worker?.terminate();
    this.worker = null;
    for (const p of this.pending.values()) p.reject(new WorkerCallError({ code, message }));
    this.pending.clear();
    this.onCrash(message, code);
  }
}

/// <reference lib="webworker" />
/**
 * The model worker: owns tfjs and every tensor. Requests run one at a time (GPU work does not
 * overlap usefully, and a serial queue keeps memory predictable); a cancel aborts a queued request
 * or stops a running one at its next checkpoint.
 */
import type { FromWorker, Method, RequestMessage, TestAction, ToWorker } from '../shared/protocol/api';
import { Session, type Job } from './session';
import type { Handler } from './handler-types';
import { handlers } from './handlers';
import { Cancelled } from './cancel';
import { toWorkerError } from './errors';

declare const self: DedicatedWorkerGlobalScope;

const session = new Session();
const controllers = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();
/** Test hook: requests of this method destroy the WebGPU device as they start. */
let loseDeviceOn: Method | null = null;

function post(message: FromWorker, transfer: Transferable[] = []) {
  self.postMessage(message, transfer);
}

function run(msg: RequestMessage) {
  const controller = new AbortController();
  controllers.set(msg.id, controller);
  const job: Job = {
    signal: controller.signal,
    progress: (progress) => post({ type: 'progress', id: msg.id, progress }),
  };
  queue = queue.then(async () => {
    try {
      if (controller.signal.aborted) throw new Cancelled();
      if (msg.method === loseDeviceOn) session.models.destroyDevice();
      const handler = handlers[msg.method] as Handler<typeof msg.method>;
      const result = await session.runs.timed(msg.method, () => handler(msg.params as never, job, session));
      // Every typed array of the result is moved, not copied (each owns its buffer).
      const transfer: Transferable[] = [
        ...new Set(
          Object.values(result as object)
            .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v))
            .map((v) => v.buffer as ArrayBuffer),
        ),
      ];
      post({ type: 'result', id: msg.id, result }, transfer);
    } catch (e) {
      post({ type: 'error', id: msg.id, error: toWorkerError(e) });
    } finally {
      controllers.delete(msg.id);
    }
  });
}

session.models.onDeviceLost = (message) =>
  post({ type: 'fatal', error: { code: 'device-lost', message, detail: 'WebGPU device.lost resolved; every tensor and kernel on it is gone.' } });

function test(action: TestAction) {
  if (action.kind === 'destroy-device') session.models.destroyDevice();
  else if (action.kind === 'oom-above') session.models.gpu.simulateOomAbove = action.batch;
  else if (action.kind === 'lose-device-on') loseDeviceOn = action.method;
  else
    setTimeout(() => {
      throw new Error('simulated worker crash (test hook)');
    });
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === 'cancel') controllers.get(msg.id)?.abort();
  else if (msg.type === 'test') test(msg.action);
  else run(msg);
};

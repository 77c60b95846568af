/// <reference lib="webworker" />
/**
 * The model worker: owns tfjs and every tensor. Requests run one at a time (GPU work does not
 * overlap usefully, and a serial queue keeps memory predictable); a cancel aborts a queued request
 * or stops a running one at its next checkpoint.
 */
import type { FromWorker, Method, Params, RequestMessage, Result, TestAction, ToWorker } from '../shared/protocol/api';
import { Session, type Job } from './session';
import { Cancelled } from './cancel';
import { toWorkerError } from './errors';

declare const self: DedicatedWorkerGlobalScope;

const session = new Session();
const controllers = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();
/** Test hook: requests of this method destroy the WebGPU device as they start. */
let loseDeviceOn: Method | null = null;

type Handler<M extends Method> = (params: Params<M>, job: Job) => Promise<Result<M>>;
const handlers: { [M in Method]: Handler<M> } = {
  init: (p) => session.init(p.backend, p.reason),
  loadModel: (p, job) => session.loadModel(p.model, p.baseUrl, job),
  classify: (p, job) => session.classify(p.model, p.source, p.topK, job),
  attribute: (p, job) => session.attribute(p.model, p.source, p.params, job),
  lab: (p, job) => session.lab(p.model, p.source, p.request, job),
  attack: (p, job) => session.attack(p.model, p.source, p.request, job),
  counterfactual: (p, job) => session.counterfactual(p.model, p.source, p.request, job),
  diagnostics: () => session.diagnostics(),
};

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
      if (msg.method === loseDeviceOn) session.destroyDevice();
      const handler = handlers[msg.method] as Handler<typeof msg.method>;
      const result = await session.timed(msg.method, () => handler(msg.params as never, job));
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

session.onDeviceLost = (message) =>
  post({ type: 'fatal', error: { code: 'device-lost', message, detail: 'WebGPU device.lost resolved; every tensor and kernel on it is gone.' } });

function test(action: TestAction) {
  if (action.kind === 'destroy-device') session.destroyDevice();
  else if (action.kind === 'oom-above') session.gpu.simulateOomAbove = action.batch;
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

/** Maps anything thrown in the worker to a typed error the UI can explain to a student. */
import type { WorkerError } from '../shared/protocol/messages';
import { DecodeError } from './image/decode';
import { Cancelled } from './cancel';
import { UploadError } from './runtime/uploaded';

export function toWorkerError(e: unknown): WorkerError {
  if (e instanceof Cancelled || (e instanceof DOMException && e.name === 'AbortError')) {
    return { code: 'cancelled', message: 'Cancelled.' };
  }
  if (e instanceof DecodeError) return { code: 'decode', message: e.message };
  // Written for the student (which file, which layer, what to do): passed on as it is.
  if (e instanceof UploadError) return { code: 'model-load', message: e.message };
  const message = e instanceof Error ? e.message : String(e);
  if (/out of memory|OOM|allocation/i.test(message)) {
    return { code: 'out-of-memory', message: 'The GPU ran out of memory.', detail: message };
  }
  if (/device (was )?lost|GPUDevice/i.test(message)) return { code: 'device-lost', message: 'The GPU device was lost.', detail: message };
  if (/model\.json|weights?|shard|Failed to fetch|HTTP/i.test(message)) {
    return { code: 'model-load', message: `The model could not be loaded: ${message}`, detail: message };
  }
  return { code: 'internal', message, detail: e instanceof Error ? e.stack : undefined };
}

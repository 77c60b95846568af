/** The one worker client of the page, and the app's base URL (works under any sub-path). */
import { WorkerClient } from '../worker/client';

export const base = new URL('./', document.baseURI).href;

let onCrash: (message: string) => void = () => {};
export function setCrashHandler(handler: (message: string) => void) {
  onCrash = handler;
}

export const client = new WorkerClient(
  () => new Worker(new URL('../worker/model.worker.ts', import.meta.url), { type: 'module', name: 'model' }),
  (message) => onCrash(message),
);

/**
 * The page's side of the render worker. Only the newest request matters: an older one still in
 * flight resolves to null, so a slow restyle can never overwrite a newer picture.
 */
import type { PanelInput, PanelOutput, RenderSettings } from './render-job';
import type { RenderRequest, RenderResponse } from './render-protocol';

let worker: Worker | null = null;
let nextId = 1;
/** The newest request id per channel (each grid of panels is one channel). */
const latest = new Map<string, number>();
const pending = new Map<number, { channel: string; resolve: (r: { outputs: PanelOutput[]; ms: number } | null) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./render.worker.ts', import.meta.url), { type: 'module', name: 'render' });
  w.onmessage = (e: MessageEvent<RenderResponse>) => {
    const { id } = e.data;
    const p = pending.get(id);
    pending.delete(id);
    if (!p) return;
    if (e.data.error !== undefined) p.reject(new Error(e.data.error));
    else p.resolve(id === latest.get(p.channel) ? { outputs: e.data.outputs, ms: e.data.ms } : null);
  };
  w.onerror = (e) => {
    for (const p of pending.values()) p.reject(new Error(`The render worker failed: ${e.message}`));
    pending.clear();
    worker?.terminate();
    worker = null; // the next request starts a fresh one
  };
  worker = w;
  return w;
}

export function renderInWorker(
  channel: string,
  panels: PanelInput[],
  settings: RenderSettings,
): Promise<{ outputs: PanelOutput[]; ms: number } | null> {
  const id = nextId++;
  latest.set(channel, id);
  const request: RenderRequest = { id, panels, settings };
  return new Promise((resolve, reject) => {
    pending.set(id, { channel, resolve, reject });
    getWorker().postMessage(request);
  });
}

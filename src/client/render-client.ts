/**
 * The page's side of the render worker. Only the newest request per channel matters: an older one
 * still in flight resolves to null, so a slow restyle can never overwrite a newer picture. Each map
 * crosses to the worker once; restyles send ids.
 */
import type { PanelInput, PanelOutput, RenderSettings } from '../shared/viz/render-job';
import type { RenderRequest, RenderResponse } from '../shared/viz/render-protocol';

let worker: Worker | null = null;
/** Map ids the worker holds; past HELD_LIMIT it is told to drop them all and gets what it needs again. */
const held = new Set<string>();
const HELD_LIMIT = 48;
let nextId = 1;
/** The newest request id per channel (each grid of panels is one channel). */
const latest = new Map<string, number>();
const pending = new Map<number, { channel: string; resolve: (r: { outputs: PanelOutput[]; ms: number } | null) => void; reject: (e: Error) => void }>();

function getWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('../shared/viz/render.worker.ts', import.meta.url), { type: 'module', name: 'render' });
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
    held.clear();
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
  const reset = held.size > HELD_LIMIT;
  if (reset) held.clear();
  const maps: RenderRequest['maps'] = [];
  for (const p of panels) {
    if (!held.has(p.mapId)) {
      held.add(p.mapId);
      maps.push({ mapId: p.mapId, map: p.map, rgba: p.rgba });
    }
  }
  const request: RenderRequest = {
    id,
    reset,
    maps,
    panels: panels.map(({ mapId, view, scaleGroup }) => ({ mapId, view, scaleGroup })),
    settings,
  };
  return new Promise((resolve, reject) => {
    pending.set(id, { channel, resolve, reject });
    getWorker().postMessage(request);
  });
}

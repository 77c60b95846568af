/**
 * The render worker: normalises and colours maps off the main thread, so drawing a grid of panels
 * never blocks the page. Holds no tensors (the model worker may be busy for minutes).
 */
import { renderPanels, type ThresholdCache } from './render-job';
import type { RenderRequest, RenderResponse } from './render-protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Thresholds are a sort of 50k values each: cache them across restyles (alpha, colormap, view). */
const cache: ThresholdCache = new Map();
/** Maps and images by id, as the page sent them (the page decides when to reset). */
const maps = new Map<string, { map: Float32Array; rgba: Uint8ClampedArray }>();

self.onmessage = (e: MessageEvent<RenderRequest>) => {
  const { id, reset, panels, settings } = e.data;
  const t0 = performance.now();
  if (reset) {
    maps.clear();
    cache.clear();
  }
  for (const m of e.data.maps) maps.set(m.mapId, { map: m.map, rgba: m.rgba });
  try {
    const inputs = panels.map((p) => {
      const m = maps.get(p.mapId);
      if (!m) throw new Error(`Map ${p.mapId} was never sent.`);
      return { ...p, ...m };
    });
    const outputs = renderPanels(inputs, settings, cache);
    const response: RenderResponse = { id, outputs, ms: performance.now() - t0 };
    self.postMessage(response, outputs.flatMap((o) => (o.pixels ? [o.pixels.buffer] : [])));
  } catch (err) {
    const response: RenderResponse = { id, error: err instanceof Error ? err.message : String(err), ms: performance.now() - t0 };
    self.postMessage(response);
  }
};

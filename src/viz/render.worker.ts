/**
 * The render worker: normalises and colours maps off the main thread, so drawing a grid of panels
 * never blocks the page. Holds no tensors (the model worker may be busy for minutes).
 */
import { renderPanels, type ThresholdCache } from './render-job';
import type { RenderRequest, RenderResponse } from './render-protocol';

declare const self: DedicatedWorkerGlobalScope;

/** Thresholds are a sort of 50k values each: cache them across restyles (alpha, colormap, view). */
const cache: ThresholdCache = new Map();

self.onmessage = (e: MessageEvent<RenderRequest>) => {
  const { id, panels, settings } = e.data;
  const t0 = performance.now();
  try {
    const outputs = renderPanels(panels, settings, cache);
    if (cache.size > 256) cache.clear();
    const response: RenderResponse = { id, outputs, ms: performance.now() - t0 };
    self.postMessage(response, outputs.flatMap((o) => (o.pixels ? [o.pixels.buffer] : [])));
  } catch (err) {
    const response: RenderResponse = { id, error: err instanceof Error ? err.message : String(err), ms: performance.now() - t0 };
    self.postMessage(response);
  }
};

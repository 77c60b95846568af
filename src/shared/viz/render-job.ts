/**
 * Turns channel-summed maps into the pixels of every panel shown, with the scale each colorbar must
 * print. Pure, so it runs in the render worker (off the main thread) and in unit tests alike.
 *
 * Scale: per map (Captum's: each panel's own outlier-clipped threshold) or shared: one threshold per
 * group of panels in the same units (the largest of their thresholds), so equal colours mean equal
 * values across methods. Maps in different units (a gradient vs. logit contributions) never share one.
 */
import { colormapFor, type ColormapId } from './colormap';
import { scaleBy, scaleThreshold, valueRange, type Sign } from './normalize';
import type { ScaleMode } from './settings';
import { VIEWS, renderView, type ViewId } from './views';

export interface PanelInput {
  /** Identifies the map (not the view): thresholds are cached per map, sign and outlier. */
  mapId: string;
  view: ViewId;
  /** Channel-summed attributions, H*W. */
  map: Float32Array;
  /** The model input as shown, RGBA H*W*4. */
  rgba: Uint8ClampedArray;
  /** Panels may share a scale only within a group (same units). */
  scaleGroup: string;
}

export interface RenderSettings {
  sign: Sign;
  outlier: number;
  cmap: ColormapId | null;
  alpha: number;
  scale: ScaleMode;
}

export interface PanelOutput {
  /** RGBA pixels; null when the map cannot be drawn honestly (`error`) or has nothing to draw (`empty`). */
  pixels: Uint8ClampedArray<ArrayBuffer> | null;
  /** The sign drawn: masked_image and alpha_scaling fall back from "all" to absolute_value. */
  sign: Sign;
  signChanged: boolean;
  cmap: ColormapId;
  /** The value at the end of the colour scale (and minus it at the start, for sign "all"). */
  threshold: number;
  /** Whether `threshold` is shared with other panels. */
  shared: boolean;
  range: { min: number; max: number; nonFinite: number };
  /** The map is broken (NaN or infinite values). */
  error?: string;
  /** A true result with nothing to draw in this sign (every value zero, or none of this sign): not a failure. */
  empty?: string;
}

export type ThresholdCache = Map<string, number>;

export function effectiveSign(view: ViewId, sign: Sign): Sign {
  return VIEWS[view].needsOneSign && sign === 'all' ? 'absolute_value' : sign;
}

export function renderPanels(panels: PanelInput[], s: RenderSettings, cache: ThresholdCache = new Map()): PanelOutput[] {
  const prepared = panels.map((p) => {
    const sign = effectiveSign(p.view, s.sign);
    const range = valueRange(p.map);
    let own = 0;
    if (range.nonFinite === 0) {
      const key = `${p.mapId}|${sign === 'absolute_value' ? 'all' : sign}|${s.outlier}`; // |all| and abs give one threshold
      own = cache.get(key) ?? scaleThreshold(p.map, sign, s.outlier);
      cache.set(key, own);
    }
    return { p, sign, range, own };
  });
  const groupMax = new Map<string, number>();
  if (s.scale === 'shared') {
    for (const { p, own } of prepared) groupMax.set(p.scaleGroup, Math.max(groupMax.get(p.scaleGroup) ?? 0, own));
  }
  return prepared.map(({ p, sign, range, own }) => {
    const cmap = colormapFor(sign, s.cmap);
    const base = { sign, signChanged: sign !== s.sign, cmap, range };
    if (range.nonFinite > 0) {
      return { ...base, pixels: null, threshold: 0, shared: false, error: `${range.nonFinite} values are NaN or infinite: this map is not drawn.` };
    }
    // Shared only with another drawable map of the group (NaN or all-zero maps share nothing).
    const groupSize = prepared.filter((q) => q.p.scaleGroup === p.scaleGroup && q.p.mapId !== p.mapId && q.own > 0).length;
    const shared = s.scale === 'shared' && groupSize > 0;
    const threshold = shared ? groupMax.get(p.scaleGroup)! : own;
    if (!(threshold > 0)) {
      return { ...base, pixels: null, threshold: 0, shared, empty: sign === 'all' ? 'Every attribution is zero.' : `No ${sign === 'absolute_value' ? 'non-zero' : sign} attributions to show.` };
    }
    const scaled = scaleBy(p.map, sign, threshold);
    const pixels = renderView(scaled, p.rgba, { view: p.view, signed: sign === 'all', cmap, alpha: s.alpha });
    return { ...base, pixels, threshold, shared };
  });
}

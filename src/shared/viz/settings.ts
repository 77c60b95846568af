/**
 * How maps are displayed, and its URL contract: `view=` (one view or a comma list), `sign=`,
 * `outlier=<percent>`, `cmap=<name>`, `alpha=<0..1>` (blended heat map opacity), `scale=per_map|shared`.
 */
import { isColormapId, type ColormapId } from './colormap';
import { SIGNS, type Sign } from './normalize';
import { VIEW_IDS, type ViewId } from './views';
import { listOf, numberParam, oneOf } from '../url-values';

export const SCALES = ['per_map', 'shared'] as const;
export type ScaleMode = (typeof SCALES)[number];

export interface VizSettings {
  views: ViewId[];
  sign: Sign;
  /** Captum's outlier_perc: the top share of total magnitude drawn at the end colour. */
  outlier: number;
  /** null = the sign's default (bwr for signed maps, hot for magnitudes). */
  cmap: ColormapId | null;
  alpha: number;
  scale: ScaleMode;
}

export const DEFAULT_VIZ: VizSettings = { views: ['heat_map'], sign: 'all', outlier: 2, cmap: null, alpha: 0.5, scale: 'per_map' };


export function parseViz(search: string): VizSettings {
  const p = new URLSearchParams(search);
  const outlier = numberParam(p.get('outlier'), 0, 100, NaN);
  const cmap = p.get('cmap');
  return {
    views: listOf(p.get('view'), VIEW_IDS, DEFAULT_VIZ.views),
    sign: oneOf(SIGNS, p.get('sign')) ?? DEFAULT_VIZ.sign,
    outlier: outlier < 100 ? outlier : DEFAULT_VIZ.outlier, // a percentage of pixels clipped: 100 would clip all
    cmap: isColormapId(cmap) ? cmap : null,
    alpha: numberParam(p.get('alpha'), 0, 1, DEFAULT_VIZ.alpha),
    scale: oneOf(SCALES, p.get('scale')) ?? DEFAULT_VIZ.scale,
  };
}

/** Writes the settings that differ from the defaults; keeps every other parameter. */
export function writeViz(search: string, v: VizSettings): string {
  const p = new URLSearchParams(search);
  const set = (key: string, value: string, fallback: string) => (value === fallback ? p.delete(key) : p.set(key, value));
  set('view', v.views.join(','), DEFAULT_VIZ.views.join(','));
  set('sign', v.sign, DEFAULT_VIZ.sign);
  set('outlier', String(v.outlier), String(DEFAULT_VIZ.outlier));
  set('cmap', v.cmap ?? '', '');
  set('alpha', String(v.alpha), String(DEFAULT_VIZ.alpha));
  set('scale', v.scale, DEFAULT_VIZ.scale);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Attribution normalisation as Captum's visualization.py does it (_normalize_attr,
 * _cumulative_sum_threshold, _normalize_scale): sum over channels, pick the sign, find the value below
 * which (100 - outlier %) of the total magnitude lies, divide by it and clip to [-1, 1].
 * The threshold step and the scaling step are separate so several maps can share one threshold.
 */
export const SIGNS = ['all', 'positive', 'negative', 'absolute_value'] as const;
export type Sign = (typeof SIGNS)[number];

/** HWC -> HW by summing channels (Captum's channel aggregation). */
export function sumChannels(attr: Float32Array, channels: number): Float32Array {
  const out = new Float32Array(attr.length / channels);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += attr[i * channels + c];
    out[i] = s;
  }
  return out;
}

/** The smallest value v such that values <= v hold `percentile` % of the sum (values >= 0). */
export function cumulativeSumThreshold(values: Float32Array, percentile: number): number {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (const v of sorted) total += v;
  const limit = total * 0.01 * percentile;
  let cum = 0;
  for (const v of sorted) {
    cum += v;
    if (cum >= limit) return v;
  }
  return sorted[sorted.length - 1] ?? 0;
}

/**
 * The values the sign mode shows: 'all' keeps the signed map; the others give magnitudes >= 0
 * ('negative' = size of the negative part, as Captum's division by a negative threshold does).
 */
export function selectSign(map: Float32Array, sign: Sign): Float32Array {
  switch (sign) {
    case 'all':
      return map;
    case 'positive':
      return map.map((v) => (v > 0 ? v : 0));
    case 'negative':
      return map.map((v) => (v < 0 ? -v : 0));
    case 'absolute_value':
      return map.map(Math.abs);
  }
}

/** The attribution magnitude drawn at the end of the colour scale (Captum's threshold, as a positive number). */
export function scaleThreshold(map: Float32Array, sign: Sign, outlierPercent: number): number {
  return cumulativeSumThreshold(selectSign(map, sign).map(Math.abs), 100 - outlierPercent);
}

/** Divides by `threshold` and clips: [-1, 1] for 'all', [0, 1] otherwise; zeros when threshold is 0. */
export function scaleBy(map: Float32Array, sign: Sign, threshold: number): Float32Array {
  if (!(threshold > 0)) return new Float32Array(map.length);
  return selectSign(map, sign).map((v) => Math.max(-1, Math.min(1, v / threshold)));
}

export interface Normalized {
  /** In [-1, 1] for 'all', [0, 1] otherwise. */
  values: Float32Array;
  /** The attribution value that maps to +-1 (colorbar end); 0 when the map is all zero. */
  threshold: number;
}

export function normalizeAttr(map: Float32Array, sign: Sign, outlierPercent = 2): Normalized {
  const threshold = scaleThreshold(map, sign, outlierPercent);
  return { values: scaleBy(map, sign, threshold), threshold };
}

/** Smallest and largest value, and how many are not finite (those are never drawn as data). */
export function valueRange(map: Float32Array): { min: number; max: number; nonFinite: number } {
  let min = Infinity;
  let max = -Infinity;
  let nonFinite = 0;
  for (const v of map) {
    if (!Number.isFinite(v)) nonFinite++;
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max, nonFinite } : { min: 0, max: 0, nonFinite };
}

/**
 * Attribution normalisation as Captum's visualization.py does it (_normalize_attr,
 * _cumulative_sum_threshold, _normalize_scale): sum over channels, pick the sign, find the value below
 * which (100 - outlier %) of the total magnitude lies, divide by it and clip to [-1, 1].
 */
export type Sign = 'all' | 'positive' | 'negative' | 'absolute_value';

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

export interface Normalized {
  /** In [-1, 1] for 'all', [0, 1] otherwise. */
  values: Float32Array;
  /** The attribution value that maps to +-1 (colorbar end); 0 when the map is all zero. */
  threshold: number;
}

export function normalizeAttr(map: Float32Array, sign: Sign, outlierPercent = 2): Normalized {
  let signed: Float32Array;
  switch (sign) {
    case 'all':
      signed = map;
      break;
    case 'positive':
      signed = map.map((v) => (v > 0 ? v : 0));
      break;
    case 'negative':
      signed = map.map((v) => (v < 0 ? -v : 0)); // magnitude of the negative part, as Captum's -threshold
      break;
    case 'absolute_value':
      signed = map.map(Math.abs);
      break;
  }
  const threshold = cumulativeSumThreshold(signed.map(Math.abs), 100 - outlierPercent);
  if (!(threshold > 0)) return { values: new Float32Array(map.length), threshold: 0 };
  return { values: signed.map((v) => Math.max(-1, Math.min(1, v / threshold))), threshold };
}

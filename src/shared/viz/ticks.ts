/** Colorbar ticks: round values inside the drawn range (d3-scale's ticks), placed along the ramp. */
import { scaleLinear } from 'd3-scale';

export interface Tick {
  value: number;
  /** 0..1 along the colour ramp. */
  position: number;
  label: string;
}

/** Three significant digits, with a true minus sign (as d3-format writes ticks). */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 0.01 && a < 1000 ? String(Number(v.toPrecision(3))) : v.toExponential(2);
  return s.replaceAll('-', '\u2212');
}

/** Ticks for a ramp from `lo` to `hi` (lo < hi); the ends are labelled separately, so interior ticks
 * that would crowd them are dropped. */
export function colorbarTicks(lo: number, hi: number, count = 5): Tick[] {
  if (!(hi > lo)) return [];
  const scale = scaleLinear().domain([lo, hi]).range([0, 1]);
  const fmt = scale.tickFormat(count);
  return scale
    .ticks(count)
    .map((value) => ({ value, position: scale(value), label: fmt(value) }))
    .filter((t) => t.position > 0.12 && t.position < 0.88);
}

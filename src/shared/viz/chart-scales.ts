/** Scales and ticks for the line charts (pure: no React, no DOM). */
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';

export interface Axis {
  label: string;
  /** Logarithmic axis: only values > 0 are drawn. */
  log?: boolean;
  /** Fixed domain, used as given (not niced). */
  domain?: [number, number];
  /** Counts (steps, iterations): no ticks between whole numbers. */
  integer?: boolean;
}

/** scaleLinear or scaleLog, seen through their common d3 interface. */
export type ChartScale = ScaleContinuousNumeric<number, number>;

export interface ChartTick {
  value: number;
  /** scale(value), in range units. */
  position: number;
  label: string;
}

/** The extent of the values an axis can show, widened so that min < max; null when there are none. */
function extent(values: number[], log: boolean): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return null;
  if (lo < hi) return [lo, hi];
  if (log) return [lo / 2, lo * 2];
  const d = lo === 0 ? 1 : Math.abs(lo) * 0.1;
  return [lo - d, lo + d];
}

/** A scale over `range` for `values`: axis.domain when given, else the niced extent of the drawable
 * values (finite; > 0 on a log axis), with [0, 1] (linear) or [1, 10] (log) when there are none. */
export function chartScale(values: number[], axis: Axis, range: [number, number]): ChartScale {
  const log = axis.log ?? false;
  const scale: ChartScale = log ? scaleLog() : scaleLinear();
  scale.range(range);
  if (axis.domain) return scale.domain(axis.domain);
  return scale.domain(extent(values, log) ?? (log ? [1, 10] : [0, 1])).nice();
}

/** Short labels: "0", "0.25", "300", "1e-3", "2.5e4" (three significant digits, no "+"). */
export function compactNumber(v: number): string {
  if (v === 0) return '0';
  const r = Number(v.toPrecision(3));
  const a = Math.abs(r);
  if (a >= 0.01 && a < 1e4) return String(r);
  return r.toExponential().replace('e+', 'e');
}

/** Leading digit of a positive number: 3 for 0.03, 1 for 1000. */
function mantissa(v: number): number {
  return Math.round(v / 10 ** Math.floor(Math.log10(v) + 1e-9));
}

/** Log ticks from d3 come as every 1..9 × 10^k over a few decades; keep the sparsest-needed subset
 * (all, then 1-2-5, then 1-3, then powers of ten) that has at most count + 1 ticks. */
const LOG_STEPS = [null, [1, 2, 5], [1, 3], [1]];

/** Round values inside the domain, with their positions and short labels. */
export function chartTicks(scale: ChartScale, log: boolean, count = 5, integer = false): ChartTick[] {
  let values = scale.ticks(count);
  if (integer) values = values.filter(Number.isInteger);
  if (log) {
    for (const keep of LOG_STEPS) {
      const kept = keep ? values.filter((v) => keep.includes(mantissa(v))) : values;
      if (kept.length >= 2 && (kept.length <= count + 1 || keep?.length === 1)) {
        values = kept;
        break;
      }
    }
  }
  return values.map((value) => ({ value, position: scale(value), label: compactNumber(value) }));
}

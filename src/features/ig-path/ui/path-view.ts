/**
 * What the explorer shows at each position of its α slider, from the worker's per-point result (pure:
 * no React, no DOM). The slider stops at 0, at every quadrature point α_k and at 1; at each stop:
 *   f(x_α) − f(b)   the curve (f(x) and f(b) at the ends, the gradient pass's logit at α_k),
 *   running sum     Σ over the points with α_k ≤ α of that point's increment Σ_pixels w_k (x − b)·g_k,
 *   gradient        the channel-summed gradient at α (the ends' own where no α_k is 0 or 1),
 * and the attribution map accumulated over the same points.
 */
import type { IgPathResult } from '../protocol';

/** α_k equal to an end up to rounding (linspace's last point may miss 1 by an ulp). */
const SAME = 1e-12;

export interface PathStop {
  alpha: number;
  /** f(x_α) − f(baseline), logits. */
  score: number;
  /** How many quadrature points have α_k ≤ α: the running sum and the accumulated map take points 0..count−1. */
  count: number;
  /** Σ of the increments of those points, logits. */
  running: number;
  /** Where the gradient at α is: a quadrature point's map, or an end's (0 = baseline, 1 = input). */
  gradient: { of: 'point' | 'end'; index: number };
}

export function pathStops(r: IgPathResult): PathStop[] {
  const n = r.alphas.length;
  const cumulative = [0];
  for (const s of r.incrementSums) cumulative.push(cumulative[cumulative.length - 1] + s);
  const countUpTo = (a: number) => r.alphas.filter((ak) => ak <= a + SAME).length;
  const stops: PathStop[] = [];
  const push = (alpha: number, score: number, gradient: PathStop['gradient']) => {
    const count = countUpTo(alpha);
    stops.push({ alpha, score, count, running: cumulative[count], gradient });
  };
  const first = n > 0 && r.alphas[0] <= SAME ? 0 : -1;
  const last = n > 0 && r.alphas[n - 1] >= 1 - SAME ? n - 1 : -1;
  push(0, 0, first === 0 ? { of: 'point', index: 0 } : { of: 'end', index: 0 });
  r.alphas.forEach((a, k) => {
    if (k !== first && k !== last) push(a, r.scores[k] - r.fBaseline, { of: 'point', index: k });
  });
  push(1, r.fInput - r.fBaseline, last >= 0 ? { of: 'point', index: last } : { of: 'end', index: 1 });
  return stops;
}

/** The stop nearest to α (ties: the lower). */
export function nearestStop(stops: PathStop[], alpha: number): number {
  let best = 0;
  stops.forEach((s, i) => {
    if (Math.abs(s.alpha - alpha) < Math.abs(stops[best].alpha - alpha)) best = i;
  });
  return best;
}

const plane = (all: Float32Array, index: number, hw: number) => all.subarray(index * hw, (index + 1) * hw);

/** The channel-summed gradient at the stop, [H·W]. */
export function gradientAt(r: IgPathResult, stop: PathStop): Float32Array {
  const hw = r.size * r.size;
  return plane(stop.gradient.of === 'point' ? r.gradients : r.endGradients, stop.gradient.index, hw);
}

/** Σ of the first `count` points' increment maps, [H·W] (accumulated in float64). */
export function accumulatedMap(r: IgPathResult, count: number): Float32Array {
  const hw = r.size * r.size;
  const acc = new Float64Array(hw);
  for (let k = 0; k < count; k++) {
    const inc = plane(r.increments, k, hw);
    for (let i = 0; i < hw; i++) acc[i] += inc[i];
  }
  return Float32Array.from(acc);
}

/** The picture of x_α = b + α (x − b), from the crop (RGBA) and the baseline as pixels (HWC RGB). */
export function interpolatedImage(pixels: Uint8ClampedArray, baselineRgb: Float32Array, alpha: number): Uint8ClampedArray<ArrayBuffer> {
  const n = baselineRgb.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) {
      const b = baselineRgb[i * 3 + c];
      out[i * 4 + c] = Math.round(b + alpha * (pixels[i * 4 + c] - b));
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The readouts at the end of the path. */
export function pathTotals(r: IgPathResult): { outputDifference: number; attributionSum: number; runningEnd: number; delta: number } {
  const outputDifference = r.fInput - r.fBaseline;
  const runningEnd = r.incrementSums.reduce((s, v) => s + v, 0);
  return { outputDifference, attributionSum: r.attributionSum, runningEnd, delta: r.attributionSum - outputDifference };
}

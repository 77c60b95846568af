import { describe, expect, it } from 'vitest';
import { quadrature, type ApproximationMethod } from '../../../methods/ig/approximation';
import type { IgPathResult } from '../protocol';
import { accumulatedMap, gradientAt, interpolatedImage, nearestStop, pathStops, pathTotals } from './path-view';

/** A 2×2 result whose numbers say where they came from: point k's maps hold k + 1 (gradient) and (k + 1)/10 (increment). */
function fake(method: ApproximationMethod, steps: number): IgPathResult {
  const { alphas, stepSizes } = quadrature(method, steps);
  const hw = 4;
  const gradients = new Float32Array(steps * hw).map((_, i) => Math.floor(i / hw) + 1);
  const increments = gradients.map((g) => g / 10);
  return {
    model: 'mobilenet_v1_0.75_224',
    request: { target: 1, baseline: 'black', steps, method, seed: 0, batch: null },
    size: 2,
    alphas,
    weights: stepSizes,
    scores: alphas.map((a) => 5 + 10 * a * a),
    fBaseline: 5,
    fInput: 15,
    gradients,
    endGradients: Float32Array.of(-1, -1, -1, -1, -2, -2, -2, -2),
    increments,
    incrementSums: alphas.map((_, k) => (4 * (k + 1)) / 10),
    attributionSum: 0.4 * (steps * (steps + 1)) / 2,
    pixels: new Uint8ClampedArray([0, 100, 200, 255, 10, 10, 10, 255, 0, 0, 0, 255, 255, 255, 255, 255]),
    baselineRgb: new Float32Array(12).fill(127.5),
    batchSize: 4,
  };
}

describe('the explorer\u2019s stops along the path', () => {
  it('Gauss–Legendre (interior points): 0, the points, 1; the ends\u2019 own gradients; running sums by α_k ≤ α', () => {
    const r = fake('gausslegendre', 3);
    const stops = pathStops(r);
    expect(stops.map((s) => s.alpha)).toEqual([0, ...r.alphas, 1]);
    expect(stops.map((s) => s.count)).toEqual([0, 1, 2, 3, 3]);
    expect(stops.map((s) => s.running)).toEqual([0, 0.4, 0.4 + 0.8, 0.4 + 0.8 + 1.2, 0.4 + 0.8 + 1.2].map((v) => expect.closeTo(v, 12)));
    expect(stops[0].score).toBe(0);
    expect(stops[2].score).toBeCloseTo(10 * 0.25, 12); // the middle point is α = 1/2
    expect(stops[4].score).toBe(10); // f(x) − f(b)
    expect(Array.from(gradientAt(r, stops[0]))).toEqual([-1, -1, -1, -1]);
    expect(Array.from(gradientAt(r, stops[2]))).toEqual([2, 2, 2, 2]);
    expect(Array.from(gradientAt(r, stops[4]))).toEqual([-2, -2, -2, -2]);
    expect(stops[4].running).toBeCloseTo(pathTotals(r).runningEnd, 12);
  });

  it('trapezoid (points at 0 and 1): no duplicate stops; the ends take the points\u2019 gradients, the curve f(x), f(b)', () => {
    const r = fake('trapezoid', 4);
    const stops = pathStops(r);
    expect(stops.map((s) => s.alpha)).toEqual(r.alphas);
    expect(stops.map((s) => s.count)).toEqual([1, 2, 3, 4]);
    expect(stops[0].gradient).toEqual({ of: 'point', index: 0 });
    expect(stops[3].gradient).toEqual({ of: 'point', index: 3 });
    expect([stops[0].score, stops[3].score]).toEqual([0, 10]);
  });

  it('riemann_left: α = 1 is an end of its own, with every point summed', () => {
    const stops = pathStops(fake('riemann_left', 4));
    expect(stops.map((s) => s.alpha)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(stops.map((s) => s.count)).toEqual([1, 2, 3, 4, 4]);
    expect(stops[4].gradient).toEqual({ of: 'end', index: 1 });
  });

  it('snaps α to the nearest stop; accumulates the maps of the points counted', () => {
    const r = fake('riemann_left', 4);
    const stops = pathStops(r);
    expect([0, 0.1, 0.13, 0.6, 0.9, 1].map((a) => nearestStop(stops, a))).toEqual([0, 0, 1, 2, 4, 4]);
    expect(Array.from(accumulatedMap(r, 0))).toEqual([0, 0, 0, 0]);
    expect(Array.from(accumulatedMap(r, 3))).toEqual([0.6, 0.6, 0.6, 0.6].map((v) => expect.closeTo(v, 6)));
  });

  it('totals: delta = Σ attributions − (f(x) − f(b))', () => {
    const t = pathTotals(fake('gausslegendre', 3));
    expect(t).toEqual({ outputDifference: 10, attributionSum: expect.closeTo(2.4, 12), runningEnd: expect.closeTo(2.4, 12), delta: expect.closeTo(-7.6, 12) });
  });
});

describe('the interpolated image', () => {
  it('is the baseline at α = 0, the photo at α = 1, and b + α (x − b) between', () => {
    const r = fake('gausslegendre', 1);
    const at = (a: number) => Array.from(interpolatedImage(r.pixels, r.baselineRgb, a));
    expect(at(0)).toEqual([128, 128, 128, 255, 128, 128, 128, 255, 128, 128, 128, 255, 128, 128, 128, 255]);
    expect(at(1)).toEqual(Array.from(r.pixels));
    expect(at(0.5).slice(0, 4)).toEqual([Math.round(63.75), Math.round(113.75), Math.round(163.75), 255]);
  });
});

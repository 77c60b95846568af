import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearModel, maxAbsDiff, testContext } from '../../testing/context';
import { felzenszwalb } from './felzenszwalb';
import { disk, segmentMasks, xraiSelect } from './xrai-regions';
import { pairIntegratedGradients, xrai } from './xrai';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** An HWC float64 image whose pixel (y, x) has colour paint(y, x). */
const image = (h: number, w: number, paint: (y: number, x: number) => number[]) => {
  const out = new Float64Array(h * w * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(paint(y, x), (y * w + x) * 3);
  return out;
};
const count = (labels: Int32Array) => new Set(labels).size;

describe('Felzenszwalb (skimage.segmentation.felzenszwalb)', () => {
  it("two flat colour regions, PAIR's settings (sigma 0.8, min_size 150): two segments, split near the edge", () => {
    const [h, w] = [20, 20];
    const im = image(h, w, (_, x) => (x < 10 ? [1, -1, -1] : [-1, -1, 1]));
    for (const scale of [50, 100, 1200]) {
      const labels = felzenszwalb(im, h, w, 3, scale, 0.8, 150);
      expect(count(labels)).toBe(2);
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < 8; x++) expect(labels[y * w + x]).toBe(0); // label 0 holds pixel 0 (raster order)
        for (let x = 12; x < w; x++) expect(labels[y * w + x]).toBe(1);
      }
    }
  });
  it('a flat image is one segment; min_size merges a small square, a small min_size keeps it', () => {
    const [h, w] = [20, 20];
    expect(count(felzenszwalb(image(h, w, () => [0.2, 0.2, 0.2]), h, w, 3, 100, 0.8, 150))).toBe(1);
    const square = image(h, w, (y, x) => (y >= 8 && y < 12 && x >= 8 && x < 12 ? [1, 1, 1] : [-1, -1, -1]));
    const kept = felzenszwalb(square, h, w, 3, 100, 0, 1);
    expect(count(kept)).toBe(2);
    expect(kept.filter((l) => l === 1).length).toBe(16);
    expect(count(felzenszwalb(square, h, w, 3, 100, 0, 20))).toBe(1); // 16 < 20: merged into its neighbour
  });
  it('scale sets the observation level: a smooth ramp splits at small scale and stays whole at a large one', () => {
    const [h, w] = [16, 64];
    const ramp = image(h, w, (_, x) => [x / 16 - 2, 0, 0]); // steps of 1/16 per column
    const small = count(felzenszwalb(ramp, h, w, 3, 1, 0, 16));
    const large = count(felzenszwalb(ramp, h, w, 3, 5000, 0, 16));
    expect(small).toBeGreaterThan(1);
    expect(large).toBe(1);
  });
});

describe("XRAI's regions and selection (PAIR _xrai)", () => {
  it('disk(5) has 81 points, and a one-pixel segment dilates to them (clipped at the border)', () => {
    expect(disk(5).length).toBe(81);
    const seg = new Int32Array(20 * 20);
    seg[10 * 20 + 10] = 1;
    const [, centre] = segmentMasks([seg], 20, 20);
    expect(centre.length).toBe(81);
    const corner = new Int32Array(20 * 20).fill(1);
    corner[0] = 0;
    expect(segmentMasks([corner], 20, 20)[0].length).toBe(26); // the quarter disk, dy = 0..5: 6 + 5 + 5 + 5 + 4 + 1
  });

  // 10 x 10: left half attribution 1, top-right quarter 3, bottom-right quarter 0.5.
  const attr = Float64Array.from({ length: 100 }, (_, p) => (p % 10 < 5 ? 1 : p < 50 ? 3 : 0.5));
  const pick = (f: (y: number, x: number) => boolean) => Int32Array.from([...Array(100).keys()].filter((p) => f(Math.floor(p / 10), p % 10)));
  const A = pick((_, x) => x < 5);
  const B = pick((y, x) => x >= 5 && y < 5);
  const C = pick(() => true);
  const D = pick((y, x) => x >= 5 && y < 1); // 5 pixels inside B

  it('hand-made attribution and masks: B (gain 3), then A (1), then what C adds (0.5); tiny masks dropped', () => {
    const r = xraiSelect(attr, [A, B, C, D], 1.0, 10);
    expect(r.order).toEqual([
      { mask: 1, gain: 3, newPixels: 25 },
      { mask: 0, gain: 1, newPixels: 50 },
      { mask: 2, gain: 0.5, newPixels: 25 },
    ]);
    expect(Array.from(r.map)).toEqual(Array.from(attr)); // each pixel holds its region's mean: here its own value
    expect(r.ranks[0]).toBe(2);
    expect(r.ranks[5]).toBe(1);
    expect(r.ranks[99]).toBe(3);
  });

  it('gain is the mean over the new pixels only, and an area threshold leaves the rest at its own mean', () => {
    // Mask E covers B and one column of A: alone its mean is (25 * 3 + 5 * 1)/30 = 2.67 < B's 3, so B goes
    // first; after that E adds only the column (gain 1), tying A's 1: the first in order (A) wins.
    const E = pick((y, x) => y < 5 && x >= 4);
    const r = xraiSelect(attr, [A, B, E], 1.0, 1);
    expect(r.order.map((o) => o.mask)).toEqual([1, 0]); // then E adds nothing new and is dropped
    const half = xraiSelect(attr, [B, A, C], 0.5, 10);
    expect(half.order.map((o) => o.mask)).toEqual([0, 1]); // 75 % covered > 50 %: stop
    expect(half.map[99]).toBe(0.5); // uncomputed: mean of attr over the uncovered pixels
    expect(half.ranks[99]).toBe(3);
  });
});

describe('XRAI on a toy model', () => {
  const shape: [number, number, number] = [16, 16, 3];
  const lin = linearModel(shape, 3);
  afterAll(() => lin.dispose());
  const pixels = Float32Array.from({ length: 16 * 16 * 3 }, (_, i) => ((i % 48) < 24 ? 30 : 220) + (i % 3) * 5);
  const black = [-1, -1, -1];
  const white = [1, 1, 1];
  const x = tf.tidy(() => tf.sub(tf.div(tf.tensor4d(pixels, [1, ...shape]), 127.5), 1) as tf.Tensor4D);
  afterAll(() => x.dispose());

  it("PAIR's IG (linspace alphas, weights 1/steps) is exact on a linear model", async () => {
    const b = tf.fill([1, ...shape], -0.3) as tf.Tensor4D;
    const ig = await pairIntegratedGradients(x, b, 1, 7, testContext(lin.logits, { batchSize: 3 }));
    const expected = tf.tidy(() => tf.mul(tf.sub(x, b), lin.gradient(1)));
    expect(maxAbsDiff(ig, expected)).toBeLessThan(1e-5);
    tf.dispose([b, ig, expected]);
  });

  it('the map is constant on each ranked region, copies in every channel, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const r = await xrai(x, 2, { black, white, pixels, steps: 5 }, testContext(lin.logits));
    const a = r.attributions.dataSync();
    const byRank = new Map<number, number>();
    r.segments!.forEach((rank, p) => {
      expect(a[p * 3]).toBe(a[p * 3 + 1]);
      if (!byRank.has(rank)) byRank.set(rank, a[p * 3]);
      expect(a[p * 3]).toBe(byRank.get(rank));
    });
    // Rank order is gain order.
    const gains = [...byRank.entries()].sort((p, q) => p[0] - q[0]).map((e) => e[1]);
    expect(gains.length).toBeGreaterThan(0);
    for (let i = 1; i < gains.length; i++) expect(gains[i]).toBeLessThanOrEqual(gains[i - 1]);
    r.attributions.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

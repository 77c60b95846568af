import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearModel, maxAbsDiff, tanhModel, testContext } from '../../testing/context';
import { blurIg, blurSigmas } from './blur-ig';
import { gaussianBlur, gaussianKernel1d } from './gaussian';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Brute force of scipy.ndimage.gaussian_filter(img, sigma=[s, s, 0], mode='constant', cval=c[ch]) on
 * an HWC float64 image: written from scipy's definition, not from gaussian.ts (its own kernel, 2-D loops).
 */
function scipyGaussianFilter(img: Float64Array, h: number, w: number, ch: number, s: number, cval: number[]): Float64Array {
  if (s === 0) return img.slice();
  const r = Math.floor(4.0 * s + 0.5);
  const k: number[] = [];
  for (let i = -r; i <= r; i++) k.push(Math.exp(-(i * i) / (2 * s * s)));
  const sum = k.reduce((a, b) => a + b, 0);
  const kern = k.map((v) => v / sum);
  const at = (y: number, x: number, c: number) => (y < 0 || y >= h || x < 0 || x >= w ? cval[c] : img[(y * w + x) * ch + c]);
  // Along axis 0 with cval outside, then axis 1 on that result (cval outside again), as gaussian_filter does.
  const a = new Float64Array(img.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < ch; c++) {
    let v = 0;
    for (let d = -r; d <= r; d++) v += kern[d + r] * at(y + d, x, c);
    a[(y * w + x) * ch + c] = v;
  }
  const out = new Float64Array(img.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < ch; c++) {
    let v = 0;
    for (let d = -r; d <= r; d++) v += kern[d + r] * (x + d < 0 || x + d >= w ? cval[c] : a[(y * w + x + d) * ch + c]);
    out[(y * w + x) * ch + c] = v;
  }
  return out;
}

describe('gaussian blur (scipy.ndimage.gaussian_filter, mode constant, truncate 4)', () => {
  it("scipy's kernel: radius int(4 sigma + 0.5), normalised", () => {
    expect(gaussianKernel1d(1).length).toBe(9);
    expect(gaussianKernel1d(1)[4]).toBeCloseTo(0.3989434694, 9); // scipy: gaussian_filter1d's weights for sigma 1 (truncated, renormalised)
    expect(gaussianKernel1d(0.01).length).toBe(1); // grad_step's blur of an unblurred image is the image
    expect(gaussianKernel1d(0.125).length).toBe(3);
    expect(gaussianKernel1d(0.12).length).toBe(1);
    expect(gaussianKernel1d(50).length).toBe(401);
  });
  it.each([0.3, 0.8, 1.7, 50])('sigma %f equals the brute force on a 9 x 7 x 3 image, padded with the black of model space', (s) => {
    const [h, w, c] = [9, 7, 3];
    const x = tf.randomNormal([1, h, w, c], 0, 1, 'float32', 3) as tf.Tensor4D;
    const pad = [-1, -0.5, 2];
    const ours = tf.tidy(() => gaussianBlur(x, s, pad));
    // pad + blur(x - pad) with zero padding equals scipy's filter with cval = pad.
    const ref = scipyGaussianFilter(Float64Array.from(x.dataSync()), h, w, c, s, pad);
    const got = ours.dataSync();
    expect(Math.max(...ref.map((v, i) => Math.abs(v - got[i])))).toBeLessThan(1e-5);
    expect(Math.max(...ref.map((v, i) => Math.abs(v - x.dataSync()[i])))).toBeGreaterThan(0.02); // it does blur
    tf.dispose([x, ours]);
  });
});

describe('Blur IG on toy models', () => {
  const shape: [number, number, number] = [6, 5, 3];
  const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 7) as tf.Tensor4D;
  const pad = [-1, -1, -1];
  const lin = linearModel(shape, 4);
  const toy = tanhModel(shape, 16, 4);
  afterAll(() => {
    x.dispose();
    lin.dispose();
    toy.dispose();
  });

  it("PAIR's sigma schedules", () => {
    expect(blurSigmas(50, 4, false)).toEqual([0, 12.5, 25, 37.5, 50]);
    expect(blurSigmas(4, 4, true)).toEqual([0, 1, Math.SQRT2, Math.sqrt(3), 2]);
  });

  it.each([false, true])('linear model (sqrt %s): -w * sum_i dsigma_i (blur(sigma_i + h) - blur(sigma_i)) / h, brute force; no leaks', async (sqrt) => {
    const [maxSigma, steps, gradStep] = [3, 30, 0.01];
    const before = tf.memory().numTensors;
    const r = await blurIg(x, 2, { pad, maxSigma, steps, gradStep, sqrt }, testContext(lin.logits, { batchSize: 7 }));
    const img = Float64Array.from(x.dataSync());
    const wt = lin.gradient(2);
    const w = wt.dataSync();
    const s = blurSigmas(maxSigma, steps, sqrt);
    const expected = new Float64Array(img.length);
    for (let i = 0; i < steps; i++) {
      const a = scipyGaussianFilter(img, ...shape, s[i] + gradStep, pad);
      const b = scipyGaussianFilter(img, ...shape, s[i], pad);
      for (let j = 0; j < img.length; j++) expected[j] -= ((s[i + 1] - s[i]) * (a[j] - b[j]) * w[j]) / gradStep;
    }
    const got = r.attributions.dataSync();
    const scale = Math.max(...expected.map(Math.abs));
    expect(Math.max(...expected.map((v, j) => Math.abs(v - got[j])))).toBeLessThan(1e-4 * scale);
    // The integral it approximates: w * (x - blur(x, max_sigma)); f(x) - f(blurred) is what the delta reads.
    const blurred = scipyGaussianFilter(img, ...shape, s[steps], pad); // sqrt ends at sqrt(max_sigma), as PAIR's
    const exact = img.map((v, j) => w[j] * (v - blurred[j]));
    const fDiff = exact.reduce((a, b) => a + b, 0);
    expect(r.outputDifference).toBeCloseTo(fDiff, 4);
    // Without sqrt the left Riemann sum is close (sqrt's first step, 0.32 wide, takes the derivative at sigma 0,
    // where scipy's kernel is a single tap and the derivative 0: the brute force above is its only check).
    if (!sqrt) {
      expect(Math.max(...exact.map((v, j) => Math.abs(v - got[j])))).toBeLessThan(0.1 * Math.max(...exact.map(Math.abs)));
      expect(Math.abs(r.delta!)).toBeLessThan(0.05 * Math.abs(fDiff));
    }
    tf.dispose([r.attributions, wt]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('nonlinear model: chunking does not change the result; the delta is small and shrinks with steps', async () => {
    const run = async (steps: number, batchSize: number) => blurIg(x, 1, { pad, maxSigma: 3, steps }, testContext(toy.logits, { batchSize }));
    const a = await run(20, 3);
    const b = await run(20, 20);
    const c = await run(80, 16);
    expect(maxAbsDiff(a.attributions, b.attributions)).toBeLessThan(1e-6);
    expect(Math.abs(a.outputDifference!)).toBeGreaterThan(0.05);
    console.log(`Blur IG tanh toy: f(x)-f(blur)=${c.outputDifference} delta(20 steps)=${a.delta} delta(80)=${c.delta}`);
    expect(Math.abs(c.delta!)).toBeLessThan(Math.abs(a.delta!)); // measured -0.033 -> -0.019 of 2.36
    expect(Math.abs(c.delta!)).toBeLessThan(0.02 * Math.abs(c.outputDifference!));
    tf.dispose([a.attributions, b.attributions, c.attributions]);
  });
});

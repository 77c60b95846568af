import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { linearModel, testContext } from '../../testing/context';
import { occlusion } from './occlusion';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Captum's definition written out directly for a linear model: window k at (top, left) changes the
 * target logit by sum over its pixels and channels of W_t (x - b); a pixel's attribution is the
 * mean of that change over the windows (cut off at the edges) that contain it.
 */
function expected(x: Float32Array, b: Float32Array, w: Float32Array, size: number, win: number, positions: number[]): Float32Array {
  const C = 3;
  const sum = new Float64Array(size * size);
  const count = new Float64Array(size * size);
  for (const top of positions) {
    for (const left of positions) {
      const inside = (y: number, x0: number) => y >= top && y < top + win && x0 >= left && x0 < left + win;
      let change = 0;
      for (let y = 0; y < size; y++) for (let x0 = 0; x0 < size; x0++) for (let c = 0; c < C; c++) {
        const i = (y * size + x0) * C + c;
        if (inside(y, x0)) change += w[i] * (x[i] - b[i]);
      }
      for (let y = 0; y < size; y++) for (let x0 = 0; x0 < size; x0++) if (inside(y, x0)) {
        sum[y * size + x0] += change;
        count[y * size + x0]++;
      }
    }
  }
  const out = new Float32Array(size * size * C);
  for (let p = 0; p < size * size; p++) out.fill(sum[p] / count[p], p * C, (p + 1) * C);
  return out;
}

describe('Occlusion on a linear model', () => {
  const shape: [number, number, number] = [8, 8, 3];
  it.each([
    { window: 4, stride: 2, positions: [0, 2, 4], batches: 3 },
    { window: 4, stride: 3, positions: [0, 3, 6], batches: 3 }, // the last window is cut off
    { window: 8, stride: 8, positions: [0], batches: 1 },
  ])('matches the average of window differences (window $window, stride $stride), leak-free', async ({ window, stride, positions, batches }) => {
    const windows = positions.length ** 2;
    const lin = linearModel(shape, 4);
    const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 3) as tf.Tensor4D;
    const b = tf.randomNormal([1, ...shape], 0, 1, 'float32', 4) as tf.Tensor4D;
    const ctx = testContext(lin.logits, { batchSize: 4 });
    const before = tf.memory().numTensors;
    const r = await occlusion(x, 3, { window, stride, baseline: b }, ctx);
    const w = tf.tidy(() => lin.gradient(3)); // gradient() leaves its slice to a tidy
    const want = expected(x.dataSync() as Float32Array, b.dataSync() as Float32Array, w.dataSync() as Float32Array, 8, window, positions);
    const got = r.attributions.dataSync();
    expect(r.attributions.shape).toEqual([1, 8, 8, 3]);
    let worst = 0;
    want.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got[i]))));
    expect(worst).toBeLessThan(1e-4);
    expect(r.notes?.windows).toBe(windows);
    expect(ctx.calls.steps).toBe(batches);
    expect(ctx.calls.rows).toBe(1 + windows); // f(x), then every occluded copy once
    expect(r.targetLogit).toBeCloseTo(tf.tidy(() => lin.logits(x).dataSync()[3]), 4);
    tf.dispose([r.attributions, w]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, b]);
    lin.dispose();
  });

  it('defaults to the zero baseline and rejects a stride larger than the window', async () => {
    const lin = linearModel(shape, 2);
    const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 5) as tf.Tensor4D;
    const zero = tf.zeros([1, ...shape]) as tf.Tensor4D;
    const ctx = testContext(lin.logits);
    const before = tf.memory().numTensors;
    const a = await occlusion(x, 1, { window: 4, stride: 4 }, ctx);
    const b = await occlusion(x, 1, { window: 4, stride: 4, baseline: zero }, ctx);
    expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a.attributions, b.attributions))).dataSync()[0])).toBe(0);
    await expect(occlusion(x, 1, { window: 4, stride: 5 }, ctx)).rejects.toThrow(/stride/);
    tf.dispose([a.attributions, b.attributions]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, zero]);
    lin.dispose();
  });
});

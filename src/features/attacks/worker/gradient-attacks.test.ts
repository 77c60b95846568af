import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tanhModel } from '../../../testing/context';
import type { PixelModel } from '../../../worker/runtime/pixel-model';
import { fgsm, lossGradient, pgd } from './gradient-attacks';

const SHAPE: [number, number, number] = [4, 4, 3];
const BOUNDS = { lower: 0, upper: 255, zeroThreshold: 0 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A pixel-space model: preprocessing (p / 127.5 - 1) then a smooth toy network. */
function pixelModel() {
  const net = tanhModel(SHAPE, 8, 5);
  const model: PixelModel = (p) => net.logits(tf.sub(tf.div(p, 127.5), 1) as tf.Tensor4D);
  return { model, dispose: net.dispose };
}

function crossEntropy(model: PixelModel, x: Float32Array, label: number): number {
  return tf.tidy(() => {
    const logits = model(tf.tensor4d(x, [1, ...SHAPE]));
    return -tf.logSoftmax(logits).dataSync()[label];
  });
}

function image(seed: number): Float32Array {
  // Mid-range values, so a few-level step never hits the clip at 0 or 255.
  return Float32Array.from(tf.tidy(() => tf.randomUniform([1, ...SHAPE], 40, 215, 'float32', seed).dataSync()));
}

describe('FGSM (Captum semantics)', () => {
  it('moves every pixel by exactly epsilon along the sign of the finite-difference loss gradient', () => {
    const { model, dispose } = pixelModel();
    const x = image(3);
    const label = 2;
    const epsilon = 2;
    for (const targeted of [false, true]) {
      const adv = tf.tidy(() => fgsm(model, tf.tensor4d(x, [1, ...SHAPE]), label, epsilon, targeted, BOUNDS).dataSync());
      const h = 1e-2;
      let checked = 0;
      for (let i = 0; i < x.length; i++) {
        const plus = x.slice();
        const minus = x.slice();
        plus[i] += h;
        minus[i] -= h;
        const fd = (crossEntropy(model, plus, label) - crossEntropy(model, minus, label)) / (2 * h);
        if (Math.abs(fd) < 1e-5) continue; // sign undefined within float noise
        expect(adv[i] - x[i]).toBeCloseTo((targeted ? -1 : 1) * epsilon * Math.sign(fd), 3);
        checked++;
      }
      expect(checked).toBeGreaterThan(x.length * 0.9);
    }
    dispose();
  });
  it('untargeted raises the loss of the label; targeted lowers the loss of the target; the range is kept', () => {
    const { model, dispose } = pixelModel();
    const x = image(4);
    const t = tf.tensor4d(x, [1, ...SHAPE]);
    const up = fgsm(model, t, 1, 3, false, BOUNDS);
    const down = fgsm(model, t, 4, 3, true, BOUNDS);
    expect(crossEntropy(model, up.dataSync() as Float32Array, 1)).toBeGreaterThan(crossEntropy(model, x, 1));
    expect(crossEntropy(model, down.dataSync() as Float32Array, 4)).toBeLessThan(crossEntropy(model, x, 4));
    const edge = fgsm(model, tf.fill([1, ...SHAPE], 254) as tf.Tensor4D, 1, 10, false, BOUNDS);
    expect(Math.max(...edge.dataSync())).toBeLessThanOrEqual(255);
    expect(Math.min(...edge.dataSync())).toBeGreaterThanOrEqual(244);
    tf.dispose([t, up, down, edge]);
    dispose();
  });
});

describe("FGSM's zero threshold (Captum's zero_thresh)", () => {
  it('leaves elements whose |gradient| is at or below the threshold unchanged and moves the others by epsilon', () => {
    const { model, dispose } = pixelModel();
    // Only the first row of the image reaches the network: every other pixel's gradient is exactly 0.
    const firstRow: PixelModel = (p) => model(tf.mul(p, tf.tensor4d(Array.from({ length: 48 }, (_, i) => (i < 12 ? 1 : 0)), [1, ...SHAPE])) as tf.Tensor4D);
    const t = tf.tensor4d(image(5), [1, ...SHAPE]);
    const g = lossGradient(firstRow, t, 0).dataSync();
    const threshold = [...g].map(Math.abs).filter((v) => v > 0).sort((a, b) => a - b)[3]; // a few real gradients below it
    const adv = fgsm(firstRow, t, 0, 2, false, { ...BOUNDS, zeroThreshold: threshold }).dataSync();
    let kept = 0;
    let moved = 0;
    for (let i = 0; i < g.length; i++) {
      const d = adv[i] - t.dataSync()[i];
      if (Math.abs(g[i]) <= threshold) {
        expect(d).toBe(0);
        kept++;
      } else {
        expect(Math.abs(d)).toBeCloseTo(2, 4);
        moved++;
      }
    }
    expect(kept).toBe(36 + 4); // 3 rows of zero gradient, and the 4 smallest real ones
    expect(moved).toBe(8);
    // Without a threshold an element with zero gradient still does not move (sign 0), but a tiny one does.
    const all = fgsm(firstRow, t, 0, 2, false, BOUNDS).dataSync();
    expect(all.filter((v, i) => v !== t.dataSync()[i]).length).toBe(12);
    t.dispose();
    dispose();
  });
});

describe('PGD (L-infinity)', () => {
  it('never leaves the epsilon ball or the valid range, at any step, with and without a random start', async () => {
    const { model, dispose } = pixelModel();
    // Values near both ends of the range, so the range clip and the ball both bind.
    const x = Float32Array.from(image(5), (v, i) => (i % 5 === 0 ? 1 : i % 7 === 0 ? 254 : v));
    const x0 = tf.tensor4d(x, [1, ...SHAPE]);
    const epsilon = 4;
    for (const randomStart of [false, true]) {
      let steps = 0;
      const before = tf.memory().numTensors;
      const adv = await pgd(model, x0, 0, {
        epsilon,
        stepSize: 1.5,
        steps: 6,
        targeted: false,
        randomStart,
        seed: 7,
        bounds: BOUNDS,
        onStep: (_, xi) => {
          const d = xi.dataSync();
          for (let i = 0; i < d.length; i++) {
            expect(Math.abs(d[i] - x[i])).toBeLessThanOrEqual(epsilon + 1e-4);
            expect(d[i]).toBeGreaterThanOrEqual(0);
            expect(d[i]).toBeLessThanOrEqual(255);
          }
          steps++;
        },
      });
      expect(steps).toBe(6);
      // It climbs the loss more than one FGSM step of the same total budget would not guarantee; at least it climbs.
      expect(crossEntropy(model, adv.dataSync() as Float32Array, 0)).toBeGreaterThan(crossEntropy(model, x, 0));
      adv.dispose();
      expect(tf.memory().numTensors).toBe(before); // nothing leaked but the result (disposed above)
    }
    x0.dispose();
    dispose();
  });
});

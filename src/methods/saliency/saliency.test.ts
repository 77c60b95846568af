import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelInput } from '../../shared/image/pixels';
import { MODELS } from '../../shared/models/registry';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { contextFor, linearModel, maxAbsDiff, testContext } from '../../testing/context';
import { croppedRgb } from '../../testing/node-image';
import { assetPath, fileHandler } from '../../testing/node-io';
import { saliency } from './saliency';
import { describeRealModel } from '../../testing/tiers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Saliency on a linear model', () => {
  const lin = linearModel([4, 4, 3], 5);
  const x = tf.randomNormal([1, 4, 4, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  afterAll(() => {
    x.dispose();
    lin.dispose();
  });

  it('is W_t (signed by default), |W_t| with abs, f(x)_t as targetLogit, one chunk, no leaks', async () => {
    const ctx = testContext(lin.logits);
    const before = tf.memory().numTensors;
    const signed = await saliency(x, 3, {}, ctx);
    const abs = await saliency(x, 3, { abs: true }, ctx);
    const w = tf.tidy(() => lin.gradient(3)); // gradient() leaks its slice outside a tidy
    expect(maxAbsDiff(signed.attributions, w)).toBeLessThan(1e-6);
    expect(tf.tidy(() => tf.min(w).dataSync()[0])).toBeLessThan(0); // so "signed" is tested
    expect(tf.tidy(() => maxAbsDiff(abs.attributions, tf.abs(w)))).toBeLessThan(1e-6);
    expect(signed.targetLogit).toBeCloseTo(tf.tidy(() => lin.logits(x).dataSync()[3]), 5);
    expect(signed.delta).toBeUndefined();
    expect(signed.attributions.shape).toEqual([1, 4, 4, 3]);
    expect(ctx.calls).toEqual({ logits: 2, rows: 2, steps: 2 }); // per call: one pass gives value and gradient
    tf.dispose([signed.attributions, abs.attributions, w]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describeRealModel('Saliency on MobileNet equals central finite differences', () => {
  // GAP makes the network size-agnostic: 64x64 keeps the CPU test fast.
  const spec = MODELS['mobilenet_v1_0.75_224'];
  const size = 64;
  let m: LoadedModel;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
    const rgb = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'), size);
    x = tf.tensor4d(toModelInput(rgb, spec.preprocessing), [1, size, size, 3]);
  });
  afterAll(() => {
    x?.dispose();
    m?.dispose();
  });

  it('on the 8 input elements with the largest |gradient| (within 3 %)', async () => {
    const target = 1;
    const r = await saliency(x, target, {}, contextFor(m.compiled));
    const g = await r.attributions.data();
    r.attributions.dispose();
    const picked = Array.from(g.keys())
      .sort((a, b) => Math.abs(g[b]) - Math.abs(g[a]))
      .slice(0, 8);
    // ReLU6 makes f piecewise linear: at eps = 1e-2 (1.3 grey levels) the +-eps points straddle kinks
    // (measured errors up to 8 %); at 1e-4 float32 rounding of the logits dominates (~3 %).
    // eps = 3e-4 measured <= 1.2 %.
    const eps = 3e-4;
    const base = await x.data();
    const rows = new Float32Array(picked.length * 2 * base.length);
    picked.forEach((p, i) => {
      for (const [j, sign] of [[0, 1], [1, -1]]) {
        const row = rows.subarray((2 * i + j) * base.length, (2 * i + j + 1) * base.length);
        row.set(base);
        row[p] += sign * eps;
      }
    });
    const f = tf.tidy(() => {
      const batch = tf.tensor4d(rows, [picked.length * 2, size, size, 3]);
      return tf.gather(m.compiled.logits(batch), [target], 1).dataSync(); // the differentiated path
    });
    picked.forEach((p, i) => {
      const fd = (f[2 * i] - f[2 * i + 1]) / (2 * eps);
      expect(Math.abs(g[p])).toBeGreaterThan(1); // not a tiny gradient
      expect(Math.abs(fd - g[p]) / Math.abs(g[p]), `element ${p}: fd ${fd}, grad ${g[p]}`).toBeLessThan(0.03);
    });
  });
});

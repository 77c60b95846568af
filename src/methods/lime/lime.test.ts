import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../shared/rng';
import { testContext } from '../../testing/context';
import { segmentToy } from '../../testing/segment-toy';
import { lime, bernoulliCoalition, cosineKernel } from './lime';
import { weightedLasso } from './linear-fit';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const first = (t: tf.Tensor, labels: Int32Array, M: number) => {
  const d = t.dataSync();
  return Array.from({ length: M }, (_, j) => d[labels.indexOf(j) * 3]);
};

describe('LIME over segments', () => {
  it('is the weighted Lasso of the seeded Bernoulli coalitions with the cosine kernel computed on the full flattened inputs', async () => {
    const toy = segmentToy();
    const x = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 5) as tf.Tensor4D;
    const b = tf.randomNormal([1, ...toy.shape], 0.5, 1, 'float32', 6) as tf.Tensor4D;
    const [xd, bd] = [x.dataSync(), b.dataSync()];
    const before = tf.memory().numTensors;
    const r = await lime(x, 0, { baseline: b, segments: toy.segments, samples: 30 }, testContext(toy.logits, { seed: 7, batchSize: 8 }));
    // independently: the same draws, the perturbed vectors written out, cosine on them
    const rng = createRng(7);
    const zs = Array.from({ length: 30 }, () => bernoulliCoalition(6, rng));
    const w = zs.map((z) => {
      const p = Array.from(xd, (v, i) => (z[toy.segments.labels[Math.floor(i / 3)]] ? v : bd[i]));
      const cos = p.reduce((s, v, i) => s + v * xd[i], 0) / Math.hypot(...p) / Math.hypot(...xd);
      return Math.exp(-((1 - cos) ** 2) / 2);
    });
    const kernel = cosineKernel(xd, bd, toy.segments, zs);
    w.forEach((v, i) => expect(kernel[i]).toBeCloseTo(v, 10));
    const fit = weightedLasso(zs, zs.map((z) => toy.f(xd, bd, z, 0)), w, 0.01);
    first(r.attributions, toy.segments.labels, 6).forEach((v, j) => expect(v).toBeCloseTo(fit.coef[j], 3));
    expect(r.notes?.intercept as number).toBeCloseTo(fit.intercept, 3);
    r.attributions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, b]);
    toy.dispose();
  });

  it('linear in the segments, many samples, alpha near 0: the coefficients are a_j (s_j(x) - s_j(b))', async () => {
    const toy = segmentToy();
    const x = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 1) as tf.Tensor4D;
    const b = tf.zeros([1, ...toy.shape]) as tf.Tensor4D;
    const want = toy.shapley(x.dataSync(), b.dataSync(), 1);
    const r = await lime(x, 1, { baseline: b, segments: toy.segments, samples: 200, alpha: 1e-9 }, testContext(toy.logits, { batchSize: 64 }));
    first(r.attributions, toy.segments.labels, 6).forEach((v, j) => expect(v).toBeCloseTo(want[j], 3));
    r.attributions.dispose();
    tf.dispose([x, b]);
    toy.dispose();
  });
});

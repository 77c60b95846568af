import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../shared/rng';
import { testContext } from '../../testing/context';
import { segmentToy } from '../../testing/segment-toy';
import { kernelShap, kernelShapCoalitions, kernelShapWeight } from './kernel-shap';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const first = (t: tf.Tensor, labels: Int32Array, M: number) => {
  const d = t.dataSync();
  return Array.from({ length: M }, (_, j) => d[labels.indexOf(j) * 3]);
};

describe('Kernel SHAP over segments', () => {
  it('Captum’s sampling: all, none, then sizes k with probability (M-1)/(k(M-k)) normalised, uniform subsets', () => {
    const M = 6, n = 40000;
    const zs = kernelShapCoalitions(M, n, createRng(5));
    expect(Array.from(zs[0])).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(zs[1])).toEqual([0, 0, 0, 0, 0, 0]);
    expect([zs[0], zs[1], zs[2]].map(kernelShapWeight)).toEqual([1e6, 1e6, 1]);
    const p = [1, 2, 3, 4, 5].map((k) => (M - 1) / (k * (M - k)));
    const total = p.reduce((a, v) => a + v, 0);
    const sizes = new Array<number>(M + 1).fill(0);
    const perSegment = new Array<number>(M).fill(0);
    for (const z of zs.slice(2)) {
      sizes[z.reduce((a, v) => a + v, 0)]++;
      z.forEach((v, j) => (perSegment[j] += v));
    }
    expect(sizes[0] + sizes[M]).toBe(0);
    p.forEach((v, i) => expect(Math.abs(sizes[i + 1] / (n - 2) - v / total)).toBeLessThan(0.01));
    perSegment.forEach((c) => expect(Math.abs(c / (n - 2) - 0.5)).toBeLessThan(0.01)); // symmetric sizes: each segment in half
  });

  it('linear in the segments: recovers a_j (s_j(x) - s_j(b)) exactly, the Shapley values; leak-free', async () => {
    const toy = segmentToy();
    const x = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 1) as tf.Tensor4D;
    const b = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 2) as tf.Tensor4D;
    const want = toy.shapley(x.dataSync(), b.dataSync(), 1);
    const ctx = testContext(toy.logits, { batchSize: 8 });
    const before = tf.memory().numTensors;
    const r = await kernelShap(x, 1, { baseline: b, segments: toy.segments, samples: 40 }, ctx);
    first(r.attributions, toy.segments.labels, 6).forEach((v, j) => expect(v).toBeCloseTo(want[j], 3));
    expect(ctx.calls.rows).toBe(41);
    r.attributions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, b]);
    toy.dispose();
  });
});

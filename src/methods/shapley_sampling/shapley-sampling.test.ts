import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { testContext } from '../../testing/context';
import { segmentToy } from '../../testing/segment-toy';
import { featureAblation } from '../feature_ablation/feature-ablation';
import { shapleySampling } from './shapley-sampling';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The value of every segment, read from its first pixel's first channel (all its scalars hold it). */
function perSegment(attr: Float32Array, labels: Int32Array, M: number, C = 3): number[] {
  const out = new Array<number>(M).fill(NaN);
  labels.forEach((l, p) => {
    for (let c = 0; c < C; c++) {
      if (Number.isNaN(out[l])) out[l] = attr[p * C + c];
      expect(attr[p * C + c]).toBe(out[l]);
    }
  });
  return out;
}

describe('Shapley Value Sampling over segments', () => {
  it('linear in the segments: every permutation gives the exact values a_j (s_j(x) - s_j(b)), which sum to f(x) - f(b); leak-free', async () => {
    const toy = segmentToy();
    const x = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 1) as tf.Tensor4D;
    const b = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 2) as tf.Tensor4D;
    const [xd, bd] = [x.dataSync(), b.dataSync()];
    const ctx = testContext(toy.logits, { batchSize: 4 });
    const before = tf.memory().numTensors;
    const r = await shapleySampling(x, 1, { baseline: b, segments: toy.segments, samples: 3 }, ctx);
    const got = perSegment(r.attributions.dataSync() as Float32Array, toy.segments.labels, 6);
    const want = toy.shapley(xd, bd, 1);
    got.forEach((v, j) => expect(v).toBeCloseTo(want[j], 4));
    expect(ctx.calls.rows).toBe(2 + 3 * 6);
    expect(r.outputDifference).toBeCloseTo(toy.f(xd, bd, [1, 1, 1, 1, 1, 1], 1) - toy.f(xd, bd, [0, 0, 0, 0, 0, 0], 1), 4);
    // Feature Ablation's drops equal them on a linear model
    const fa = await featureAblation(x, 1, { baseline: b, segments: toy.segments }, ctx);
    perSegment(fa.attributions.dataSync() as Float32Array, toy.segments.labels, 6).forEach((v, j) => expect(v).toBeCloseTo(want[j], 4));
    tf.dispose([r.attributions, fa.attributions]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, b]);
    toy.dispose();
  });

  it('with interactions: converges to the exact Shapley values (brute force over 64 coalitions); sums to f(x) - f(b) exactly; seeded', async () => {
    const toy = segmentToy();
    const x = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 3) as tf.Tensor4D;
    const b = tf.zeros([1, ...toy.shape]) as tf.Tensor4D;
    const [xd, bd] = [x.dataSync(), b.dataSync()];
    const want = toy.shapley(xd, bd, 0);
    const scale = Math.max(...want.map(Math.abs));
    const run = async (samples: number, seed: number) => {
      const r = await shapleySampling(x, 0, { baseline: b, segments: toy.segments, samples }, testContext(toy.logits, { batchSize: 64, seed }));
      const v = perSegment(r.attributions.dataSync() as Float32Array, toy.segments.labels, 6);
      r.attributions.dispose();
      return { v, diff: r.outputDifference! };
    };
    const few = await run(2, 1);
    const many = await run(1500, 1);
    expect(many.v.reduce((s, v) => s + v, 0)).toBeCloseTo(many.diff, 3);
    expect(few.v.reduce((s, v) => s + v, 0)).toBeCloseTo(few.diff, 3);
    const err = (v: number[]) => Math.max(...v.map((p, j) => Math.abs(p - want[j])));
    expect(err(many.v)).toBeLessThan(0.03 * scale);
    expect(err(few.v)).toBeGreaterThan(err(many.v)); // two permutations are not enough: the test can fail
    expect((await run(50, 9)).v).toEqual((await run(50, 9)).v);
    // Feature Ablation is f(x) - f(x without j), not the Shapley value, once segments interact
    const fa = await featureAblation(x, 0, { baseline: b, segments: toy.segments }, testContext(toy.logits));
    const drops = perSegment(fa.attributions.dataSync() as Float32Array, toy.segments.labels, 6);
    drops.forEach((d, j) => expect(d).toBeCloseTo(toy.f(xd, bd, [1, 1, 1, 1, 1, 1], 0) - toy.f(xd, bd, [1, 1, 1, 1, 1, 1].map((v, i) => (i === j ? 0 : v)), 0), 4));
    fa.attributions.dispose();
    tf.dispose([x, b]);
    toy.dispose();
  });
});

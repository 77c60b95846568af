import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../shared/rng';
import { linearModel, maxAbsDiff, tanhModel, testContext } from '../../testing/context';
import { drawShapSamples, gradientShap } from './gradient-shap';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('GradientShap', () => {
  const shape: [number, number, number] = [4, 4, 3];
  const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 1) as tf.Tensor4D;
  const dist = tf.randomNormal([3, ...shape], 0, 1, 'float32', 3) as tf.Tensor4D;
  const lin = linearModel(shape, 5);
  const toy = tanhModel(shape);
  afterAll(() => {
    tf.dispose([x, dist]);
    lin.dispose();
    toy.dispose();
  });

  it('linear model, stdevs 0, one baseline: exactly (x - b) * W_t, delta 0, no leaks', async () => {
    const b = tf.slice(dist, [0, 0, 0, 0], [1, -1, -1, -1]);
    const before = tf.memory().numTensors;
    const r = await gradientShap(x, 1, { baselines: b, samples: 5 }, testContext(lin.logits));
    const expected = tf.tidy(() => tf.mul(tf.sub(x, b), lin.gradient(1)));
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-5);
    const [fx, fb] = tf.tidy(() => Array.from(tf.gather(lin.logits(tf.concat([x, b])), [1], 1).dataSync()));
    expect(r.targetLogit).toBeCloseTo(fx, 5);
    expect(r.outputDifference).toBeCloseTo(fx - fb, 4);
    expect(Math.abs(r.delta!)).toBeLessThan(1e-4);
    tf.dispose([r.attributions, expected]);
    expect(tf.memory().numTensors).toBe(before);
    b.dispose();
  });

  it('linear model, 3 baselines and noise: mean_i (x + n_i - b_k(i)) * W_t from the same draws', async () => {
    const samples = 7;
    const stdevs = 0.5;
    const ctx = testContext(lin.logits, { batchSize: 3, seed: 9 });
    const before = tf.memory().numTensors;
    const r = await gradientShap(x, 2, { baselines: dist, samples, stdevs }, ctx);
    expect(tf.memory().numTensors).toBe(before + 1);
    // The direct computation, replaying the draws of a fresh generator with the same seed.
    const draws = drawShapSamples(createRng(9), samples, 3);
    expect(new Set(draws.map((d) => d.baseline)).size).toBeGreaterThan(1);
    const { expected, meanDiff } = tf.tidy(() => {
      const diffs = draws.map((d) =>
        tf.sub(tf.add(x, tf.randomNormal(x.shape, 0, stdevs, 'float32', d.noiseSeed)), tf.gather(dist, [d.baseline])),
      );
      const meanDiff = tf.div(tf.addN(diffs), samples);
      return { expected: tf.mul(meanDiff, lin.gradient(2)), meanDiff };
    });
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-5);
    // Linear: each sample's delta is 0, and f(x_i) - f(b_i) averages to W_t . mean(x_i - b_i).
    expect(Math.abs(r.delta!)).toBeLessThan(1e-4);
    expect(r.sampleDeltas).toHaveLength(samples); // one per sample, as Captum returns them
    r.sampleDeltas!.forEach((d) => expect(Math.abs(d)).toBeLessThan(1e-4));
    expect(r.outputDifference).toBeCloseTo(tf.tidy(() => tf.sum(expected).dataSync()[0]), 4);
    // 3 chunks of gradients (3 + 3 + 1 rows), then f(x) and 3 chunks of [x_i; b_i].
    expect(ctx.calls.steps).toBe(3);
    expect(ctx.calls.rows).toBe(samples + 1 + 2 * samples);
    tf.dispose([r.attributions, expected, meanDiff]);
  });

  it('linear model, many samples: converges to (x - mean(baselines)) * W_t', async () => {
    const r = await gradientShap(x, 0, { baselines: dist, samples: 3000 }, testContext(lin.logits, { batchSize: 1000 }));
    const expected = tf.tidy(() => tf.mul(tf.sub(x, tf.mean(dist, 0, true)), lin.gradient(0)));
    // Standard error per element is about |W| * sd(b) / sqrt(3000) ~ 0.02.
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(0.1);
    tf.dispose([r.attributions, expected]);
  });

  it('the same seed reproduces the result exactly, whatever the batch size; another seed differs', async () => {
    const run = async (seed: number, batchSize: number) => {
      const r = await gradientShap(x, 3, { baselines: dist, samples: 6, stdevs: 0.3 }, testContext(toy.logits, { seed, batchSize }));
      const data = (await r.attributions.data()) as Float32Array;
      r.attributions.dispose();
      return { data, delta: r.delta! };
    };
    const a = await run(5, 4);
    const b = await run(5, 4);
    const c = await run(5, 6);
    const d = await run(6, 4);
    expect(Array.from(b.data)).toEqual(Array.from(a.data));
    expect(b.delta).toBe(a.delta);
    c.data.forEach((v, i) => expect(v).toBeCloseTo(a.data[i], 5));
    const change = d.data.reduce((s, v, i) => Math.max(s, Math.abs(v - a.data[i])), 0);
    expect(change).toBeGreaterThan(1e-3);
    expect(Math.abs(a.delta)).toBeGreaterThan(1e-4); // a nonlinear model: one random point per sample is not exact
  });

  it("nonlinear model: each sample's delta is sum(attr_i) - (f(x_i) - f(b_i)), by brute force one sample at a time", async () => {
    const samples = 4;
    const all = await gradientShap(x, 1, { baselines: dist, samples }, testContext(toy.logits, { seed: 9 }));
    const draws = drawShapSamples(createRng(9), samples, dist.shape[0]);
    const expected = draws.map(({ baseline, alpha }) =>
      tf.tidy(() => {
        const b = tf.slice(dist, [baseline, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
        const f = (v: tf.Tensor4D) => tf.squeeze(tf.gather(toy.logits(v), [1], 1)) as tf.Scalar;
        const g = tf.grad((v: tf.Tensor) => f(v as tf.Tensor4D))(tf.add(b, tf.mul(alpha, tf.sub(x, b))));
        const attr = tf.mul(tf.sub(x, b), g);
        return tf.sum(attr).dataSync()[0] - (f(x).dataSync()[0] - f(b).dataSync()[0]);
      }),
    );
    expect(all.sampleDeltas).toHaveLength(samples);
    all.sampleDeltas!.forEach((d, i) => expect(d).toBeCloseTo(expected[i], 4));
    expect(all.delta).toBeCloseTo(expected.reduce((a, v) => a + v, 0) / samples, 4);
    all.attributions.dispose();
  });

  it('rejects baselines of another shape', async () => {
    const wrong = tf.zeros([2, 4, 4, 1]) as tf.Tensor4D;
    await expect(gradientShap(x, 0, { baselines: wrong }, testContext(lin.logits))).rejects.toThrow(/baselines/);
    wrong.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearModel, maxAbsDiff, testContext } from '../../testing/context';
import { subContext } from '../../worker/attribution/progress';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { integratedGradients } from '../ig/integrated-gradients';
import { noiseTunnel } from './noise-tunnel';
import { saliency } from '../saliency/saliency';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('NoiseTunnel', () => {
  const shape: [number, number, number] = [4, 4, 3];
  const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 1) as tf.Tensor4D;
  const lin = linearModel(shape, 5);
  afterAll(() => {
    x.dispose();
    lin.dispose();
  });

  it('of saliency on a linear model: smoothgrad = W_t, smoothgrad_sq = W_t^2, vargrad = 0; no leaks', async () => {
    const ctx = testContext(lin.logits);
    const w = tf.tidy(() => lin.gradient(3));
    const before = tf.memory().numTensors;
    const run = (type: 'smoothgrad' | 'smoothgrad_sq' | 'vargrad') =>
      noiseTunnel(x, 3, { type }, ctx, (noisy, sub) => saliency(noisy, 3, {}, sub));
    const sg = await run('smoothgrad');
    const sq = await run('smoothgrad_sq');
    const vg = await run('vargrad');
    expect(maxAbsDiff(sg.attributions, w)).toBeLessThan(1e-5);
    expect(tf.tidy(() => maxAbsDiff(sq.attributions, tf.square(w)))).toBeLessThan(1e-4);
    expect(tf.tidy(() => tf.max(tf.abs(vg.attributions)).dataSync()[0])).toBeLessThan(1e-4);
    expect(sg.targetLogit).toBeCloseTo(tf.tidy(() => lin.logits(x).dataSync()[3]), 5); // f of the clean input
    expect(sg.delta).toBeUndefined(); // saliency has none
    expect(sg.notes).toMatchObject({ type: 'smoothgrad', samples: 5, stdevs: 1 }); // Captum's defaults
    tf.dispose([sg.attributions, sq.attributions, vg.attributions]);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });

  it('combines as Captum: mean, mean of squares, mean of squares - square of mean; mean of deltas', async () => {
    const values = [1, 2, 6];
    const noise: number[][] = [];
    const stub = (type: 'smoothgrad' | 'smoothgrad_sq' | 'vargrad') => {
      let i = 0;
      return noiseTunnel(x, 0, { type, samples: 3, stdevs: 0.5 }, testContext(lin.logits, { seed: 4 }), async (noisy) => {
        noise.push(Array.from(tf.tidy(() => tf.sub(noisy, x).dataSync())));
        const v = values[i++];
        const r: AttributionResult = { attributions: tf.fill(x.shape, v) as tf.Tensor4D, targetLogit: 0, delta: v, outputDifference: 10 * v };
        return r;
      });
    };
    const expectations = { smoothgrad: 3, smoothgrad_sq: 41 / 3, vargrad: 41 / 3 - 9 };
    for (const [type, expected] of Object.entries(expectations) as Array<[keyof typeof expectations, number]>) {
      const r = await stub(type);
      const got = await r.attributions.data();
      got.forEach((v) => expect(v).toBeCloseTo(expected, 4));
      expect(r.delta).toBeCloseTo(3, 6);
      expect(r.sampleDeltas).toEqual(values); // Captum returns them one by one
      expect(r.outputDifference).toBeCloseTo(30, 5);
      r.attributions.dispose();
    }
    // Each sample gets its own N(0, 0.5^2) noise.
    const sd = (v: number[]) => Math.sqrt(v.reduce((s, a) => s + a * a, 0) / v.length);
    noise.forEach((n) => expect(sd(n)).toBeGreaterThan(0.4));
    noise.forEach((n) => expect(sd(n)).toBeLessThan(0.6));
    expect(noise[1]).not.toEqual(noise[0]);
    expect(noise[3]).toEqual(noise[0]); // the same seed, the same noise
  });

  it('around a method with several deltas (GradientShap): all of them, concatenated, as Captum', async () => {
    let i = 0;
    const r = await noiseTunnel(x, 0, { samples: 2, stdevs: 0.1 }, testContext(lin.logits, { seed: 1 }), async () => {
      const v = [5, 1][i++];
      return { attributions: tf.zeros(x.shape) as tf.Tensor4D, targetLogit: 0, delta: 0, sampleDeltas: [v, -v], outputDifference: 1 };
    });
    expect(r.sampleDeltas).toEqual([5, -5, 1, -1]);
    expect(r.delta).toBe(0); // near-complete on average, while each sample is far off
    r.attributions.dispose();
  });

  it('around Integrated Gradients: delta is the mean of the inner deltas; progress spans all samples', async () => {
    const seen: Array<[number, number]> = [];
    const ctx: AttributionContext = {
      ...testContext(lin.logits, { batchSize: 4 }),
      step: async (done, total) => void seen.push([done, total]),
    };
    const b = tf.zeros(x.shape) as tf.Tensor4D;
    const r = await noiseTunnel(x, 2, { samples: 3, stdevs: 0.2 }, ctx, (noisy, sub) =>
      integratedGradients(noisy, 2, { baseline: b, steps: 10 }, sub),
    );
    // Linear: the smoothed IG is mean_i (x_i - 0) * W_t, each inner delta is 0.
    expect(Math.abs(r.delta!)).toBeLessThan(1e-4);
    expect(r.outputDifference!).toBeCloseTo(tf.tidy(() => tf.sum(r.attributions).dataSync()[0]), 4);
    expect(seen).toEqual([[4, 30], [8, 30], [10, 30], [14, 30], [18, 30], [20, 30], [24, 30], [28, 30], [30, 30]]);
    tf.dispose([r.attributions, b]);
  });

  it('rejects an unknown type', async () => {
    const run = noiseTunnel(x, 0, { type: 'smoothgrad_abs' as 'vargrad' }, testContext(lin.logits), (n, s) => saliency(n, 0, {}, s));
    await expect(run).rejects.toThrow(/Unknown NoiseTunnel type/);
  });

  it('subContext maps a sub-run into its slice and forwards the model', async () => {
    const seen: Array<[number, number]> = [];
    const ctx = { ...testContext(lin.logits), step: async (d: number, t: number) => void seen.push([d, t]) };
    const sub = subContext(ctx, 2, 4);
    await sub.step(1, 5);
    await sub.step(5, 5);
    expect(seen).toEqual([[11, 20], [15, 20]]);
    expect(sub.rng).toBe(ctx.rng);
    tf.tidy(() => sub.logits(x)).dispose();
    expect(ctx.calls.logits).toBe(1);
  });
});

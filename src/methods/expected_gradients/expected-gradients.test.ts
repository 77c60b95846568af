import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../shared/rng';
import { linearModel, maxAbsDiff, tanhModel, testContext } from '../../testing/context';
import { drawShapSamples } from '../gradshap/gradient-shap';
import { DEFAULT_PARAMS } from '../params';
import type { MethodInputs } from '../run-types';
import { choosePhotos, expectedGradients } from './expected-gradients';
import { run } from './run';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('choosePhotos', () => {
  it('distinct, never the excluded photo, capped at what exists, reproducible from the seed', () => {
    for (let seed = 0; seed < 50; seed++) {
      const c = choosePhotos(createRng(seed), 16, 1000, 1);
      expect(c).toHaveLength(16);
      expect(new Set(c).size).toBe(16);
      expect(c).not.toContain(1);
      c.forEach((i) => expect(i >= 0 && i < 1000).toBe(true));
      expect(choosePhotos(createRng(seed), 16, 1000, 1)).toEqual(c);
    }
    expect(choosePhotos(createRng(3), 10, 4, 2).sort()).toEqual([0, 1, 3]);
    expect(choosePhotos(createRng(3), 10, 4, null).sort()).toEqual([0, 1, 2, 3]);
  });

  it('brute force on a tiny set: every ordered pair of 3 photos (4 minus the excluded one) is equally likely', () => {
    const counts = new Map<string, number>();
    const n = 12000;
    const rng = createRng(7);
    for (let i = 0; i < n; i++) {
      const key = choosePhotos(rng, 2, 4, 2).join(',');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['0,1', '0,3', '1,0', '1,3', '3,0', '3,1']);
    // Each 1/6: 2000 expected, standard deviation about 41.
    for (const c of counts.values()) expect(Math.abs(c - n / 6)).toBeLessThan(200);
  });
});

describe('Expected Gradients', () => {
  const shape: [number, number, number] = [4, 4, 3];
  const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 11) as tf.Tensor4D;
  // The "data set": 6 photos; photo i is row i.
  const photos = tf.randomNormal([6, ...shape], 0, 1, 'float32', 12) as tf.Tensor4D;
  const lin = linearModel(shape, 5);
  const toy = tanhModel(shape);
  afterAll(() => {
    tf.dispose([x, photos]);
    lin.dispose();
    toy.dispose();
  });

  /** MethodInputs whose sample photos are the rows of `photos`, recording what was loaded. */
  const inputsWith = (exclude: number | null, loaded: number[][]): MethodInputs => ({
    spec: undefined as never,
    pixels: new Float32Array(0),
    baseline: () => {
      throw new Error('not used');
    },
    distribution: () => {
      throw new Error('not used');
    },
    samplePhotos: {
      count: photos.shape[0],
      exclude,
      load: async (indices) => {
        loaded.push(indices);
        return tf.gather(photos, indices) as tf.Tensor4D;
      },
    },
    noiseStdev: 0,
    setPhase: () => {},
  });

  it('linear model: converges to the expectation w * (x - mean of the reference photos); each delta is 0', async () => {
    const r = await expectedGradients(x, 2, { photos, samples: 4000 }, testContext(lin.logits, { batchSize: 1000, seed: 3 }));
    const expected = tf.tidy(() => tf.mul(tf.sub(x, tf.mean(photos, 0, true)), lin.gradient(2)));
    // Standard error per element: |w| * sd(photo) / sqrt(4000) ~ 0.016 for |w| ~ 1.
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(0.08);
    r.sampleDeltas!.forEach((d) => expect(Math.abs(d)).toBeLessThan(1e-4));
    expect(r.sampleDeltas).toHaveLength(4000);
    tf.dispose([r.attributions, expected]);
  });

  it('linear model, few samples: exactly w * (x - mean of the drawn photos), from the same draws', async () => {
    const loaded: number[][] = [];
    const p = { ...DEFAULT_PARAMS, method: 'expected_gradients' as const, egPhotos: 3, egSamples: 5 };
    const r = await run(p, inputsWith(4, loaded))(x, 1, testContext(lin.logits, { seed: 21 }));
    // Replay: the photos are chosen first, then GradientShap's draws, from one generator.
    const rng = createRng(21);
    const chosen = choosePhotos(rng, 3, 6, 4);
    expect(loaded).toEqual([chosen]);
    expect(chosen).not.toContain(4);
    expect(r.notes?.photoIndices).toBe(chosen.join(','));
    const draws = drawShapSamples(rng, 5, 3);
    const expected = tf.tidy(() => {
      const drawn = tf.gather(photos, draws.map((d) => chosen[d.baseline]));
      return tf.mul(tf.sub(x, tf.mean(drawn, 0, true)), lin.gradient(1));
    });
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-5);
    tf.dispose([r.attributions, expected]);
  });

  it('nonlinear model: the mean of (x - b_i) * grad f(b_i + alpha_i (x - b_i)) over the drawn pairs, by brute force, with per-sample deltas', async () => {
    const loaded: number[][] = [];
    const p = { ...DEFAULT_PARAMS, method: 'expected_gradients' as const, egPhotos: 4, egSamples: 6 };
    const before = tf.memory().numTensors;
    const r = await run(p, inputsWith(0, loaded))(x, 3, testContext(toy.logits, { seed: 5, batchSize: 4 }));
    const rng = createRng(5);
    const chosen = choosePhotos(rng, 4, 6, 0);
    const draws = drawShapSamples(rng, 6, 4);
    const f = (v: tf.Tensor4D) => tf.squeeze(tf.gather(toy.logits(v), [3], 1)) as tf.Scalar;
    let sum = tf.zerosLike(x) as tf.Tensor;
    const deltas: number[] = [];
    for (const d of draws) {
      const b = tf.slice(photos, [chosen[d.baseline], 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
      const attr = tf.tidy(() => tf.mul(tf.sub(x, b), tf.grad((v: tf.Tensor) => f(v as tf.Tensor4D))(tf.add(b, tf.mul(d.alpha, tf.sub(x, b))))));
      deltas.push(tf.tidy(() => tf.sum(attr).dataSync()[0] - (f(x).dataSync()[0] - f(b).dataSync()[0])));
      const next = tf.add(sum, attr);
      tf.dispose([sum, attr, b]);
      sum = next;
    }
    const expected = tf.div(sum, draws.length);
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-5);
    r.sampleDeltas!.forEach((d, i) => expect(d).toBeCloseTo(deltas[i], 4));
    expect(Math.abs(r.delta!)).toBeGreaterThan(1e-4); // one point per pair is not exact on a nonlinear model
    tf.dispose([r.attributions, expected, sum]);
    // The loaded photos belong to the request (the engine disposes them): only they remain.
    expect(tf.memory().numTensors).toBe(before + 1);
  });

  it('without sample photos the request fails with a message', async () => {
    const inputs = { ...inputsWith(null, []), samplePhotos: undefined };
    const p = { ...DEFAULT_PARAMS, method: 'expected_gradients' as const };
    await expect(run(p, inputs)(x, 0, testContext(lin.logits))).rejects.toThrow(/sample photos/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearModel, maxAbsDiff, tanhModel, testContext } from '../../testing/context';
import { integratedGradients } from '../ig/integrated-gradients';
import { guidedIg } from './guided-ig';
import { guidedStep, quantileLower } from './guided-path';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Guided IG path (PAIR guided_ig_impl)', () => {
  it("np.quantile(..., method='lower')", () => {
    expect(quantileLower(Float64Array.from([5, 1, 4, 2, 3]), 0.25)).toBe(2); // index floor(0.25 * 4) = 1
    expect(quantileLower(Float64Array.from([4, 3, 2, 1]), 0.25)).toBe(1); // floor(0.75) = 0
    expect(quantileLower(Float64Array.from([Infinity, 1, 2, 3]), 0.9)).toBe(3);
    // Quickselect against a sort, with ties and infinities, at many sizes and fractions.
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 1; n < 300; n += 7) {
      const v = Float64Array.from({ length: n }, () => (rand() < 0.1 ? Infinity : Math.floor(rand() * 20) / 4));
      const sorted = Float64Array.from(v).sort();
      for (const q of [0, 0.1, 0.25, 0.5, 0.99, 1]) expect(quantileLower(v, q)).toBe(sorted[Math.floor(q * (n - 1))]);
    }
  });

  it('one step by hand: the smallest |gradient| moves first, to x_max, until the L1 target is met', () => {
    // input 1, baseline 0 in 4 features; steps 2, max_dist 1: step 0 targets L1 = 4 (1 - 1/2) = 2, x_max = 1.
    const input = Float64Array.from([1, 1, 1, 1]);
    const baseline = new Float64Array(4);
    const x = new Float64Array(4);
    const attr = new Float64Array(4);
    const gradient = [0.4, -0.1, 0.3, 0.2];
    guidedStep({ input, baseline, x, attr, gradient, l1Total: 4, step: 0, steps: 2, fraction: 0.25, maxDist: 1 });
    // Round 1: L1 4, threshold = sorted |g|[floor(0.25 * 3)] = 0.1 -> feature 1; gamma = (4 - 2)/1 = 2 > 1, so it
    // goes all the way to x_max = 1. Round 2: L1 3, feature 1 now at x_max (|g| = inf), threshold 0.2 ->
    // feature 3; gamma = (3 - 2)/1 = 1, not > 1: x += (x_max - x) * 1, and the loop ends at L1 2.
    expect(Array.from(x)).toEqual([0, 1, 0, 1]);
    expect(Array.from(attr)).toEqual([0, -0.1, 0, 0.2]);
    // Step 1 (target L1 0; alpha_min 0, so no pull): feature 2 (gamma 2), then feature 0 (gamma 1).
    guidedStep({ input, baseline, x, attr, gradient, l1Total: 4, step: 1, steps: 2, fraction: 0.25, maxDist: 1 });
    expect(Array.from(x)).toEqual([1, 1, 1, 1]);
    expect(Array.from(attr)).toEqual([0.4, -0.1, 0.3, 0.2]);
  });
});

describe('Guided IG on toy models', () => {
  const shape: [number, number, number] = [4, 4, 3];
  const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 11) as tf.Tensor4D;
  const b = tf.fill([1, ...shape], -1) as tf.Tensor4D;
  const lin = linearModel(shape, 5);
  const toy = tanhModel(shape);
  afterAll(() => {
    tf.dispose([x, b]);
    lin.dispose();
    toy.dispose();
  });

  it('linear model: exactly (x - b) * w, as IG (the path ends at x and the gradient is constant); no leaks', async () => {
    const before = tf.memory().numTensors;
    const ctx = testContext(lin.logits);
    const r = await guidedIg(x, 3, { baseline: b, steps: 20 }, ctx);
    const expected = tf.tidy(() => tf.mul(tf.sub(x, b), lin.gradient(3)));
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-5);
    expect(Math.abs(r.delta!)).toBeLessThan(1e-4);
    expect(ctx.calls.steps).toBe(20); // one progress step per path step
    tf.dispose([r.attributions, expected]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("max_dist 0 is Integrated Gradients with riemann_left (the app's IG, independently)", async () => {
    const g = await guidedIg(x, 1, { baseline: b, steps: 16, maxDist: 0 }, testContext(toy.logits));
    const ig = await integratedGradients(x, 1, { baseline: b, steps: 16, method: 'riemann_left' }, testContext(toy.logits));
    expect(maxAbsDiff(g.attributions, ig.attributions)).toBeLessThan(1e-5);
    tf.dispose([g.attributions, ig.attributions]);
  });

  it('nonlinear model at the defaults: completeness, and the path differs from IG', async () => {
    const g = await guidedIg(x, 1, { baseline: b }, testContext(toy.logits));
    const ig = await integratedGradients(x, 1, { baseline: b, steps: 50 }, testContext(toy.logits));
    console.log(`Guided IG tanh toy: f(x)-f(b)=${g.outputDifference} delta=${g.delta} |GIG-IG|max=${maxAbsDiff(g.attributions, ig.attributions)}`);
    expect(Math.abs(g.outputDifference!)).toBeGreaterThan(0.3);
    expect(Math.abs(g.delta!)).toBeLessThan(0.02 * Math.abs(g.outputDifference!));
    expect(maxAbsDiff(g.attributions, ig.attributions)).toBeGreaterThan(1e-3);
    tf.dispose([g.attributions, ig.attributions]);
  });

  it('input equal to the baseline: zeros, as PAIR', async () => {
    const r = await guidedIg(b, 0, { baseline: b, steps: 5 }, testContext(toy.logits));
    expect(tf.tidy(() => tf.max(tf.abs(r.attributions)).dataSync()[0])).toBe(0);
    r.attributions.dispose();
  });
});

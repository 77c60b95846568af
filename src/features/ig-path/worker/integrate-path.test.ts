import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROXIMATION_METHODS, quadrature } from '../../../methods/ig/approximation';
import { integratedGradients } from '../../../methods/ig/integrated-gradients';
import { contextFor, linearModel, tanhModel, testContext } from '../../../testing/context';
import { reluToy, TOY_INPUT } from '../../../testing/relu-toy';
import { targetLogits } from '../../../worker/attribution/gradients';
import { integratePath } from './integrate-path';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SHAPE: [number, number, number] = [4, 4, 3];
const D = 4 * 4 * 3;
const HW = 16;
const read = (t: tf.Tensor) => Float64Array.from(t.dataSync());
const running = (v: number[]) => v.map((_, k) => v.slice(0, k + 1).reduce((a, b) => a + b, 0));

/**
 * A quadratic toy, logits[:, 0] = Σ_i c_i x_i² + Σ_i v_i x_i (class 1: a linear decoy). Along the path
 * x_α = b + α d: ∇f = 2 c ⊙ x_α + v, f(x_α) as written, and d(x_α)·∇f is linear in α, so Gauss–Legendre
 * (exact to degree 2n − 1) and the trapezoid/midpoint rules integrate it exactly.
 */
function quadraticToy(seed = 7) {
  const c = tf.randomNormal([D], 0, 1, 'float32', seed) as tf.Tensor1D;
  const v = tf.randomNormal([D], 0, 1, 'float32', seed + 1) as tf.Tensor1D;
  const logits = (x: tf.Tensor4D) =>
    tf.tidy(() => {
      const flat = tf.reshape(x, [x.shape[0], D]);
      const quad = tf.add(tf.sum(tf.mul(c, tf.square(flat)), 1), tf.sum(tf.mul(v, flat), 1));
      return tf.stack([quad, tf.sum(flat, 1)], 1) as tf.Tensor2D;
    });
  return { c: read(c), v: read(v), logits, dispose: () => tf.dispose([c, v]) };
}

describe('IG path on toy models with closed forms', () => {
  const x = tf.randomNormal([1, ...SHAPE], 0, 1, 'float32', 1) as tf.Tensor4D;
  const b = tf.randomNormal([1, ...SHAPE], 0, 1, 'float32', 2) as tf.Tensor4D;
  const [xs, bs] = [read(x), read(b)];
  const quad = quadraticToy();
  const lin = linearModel(SHAPE, 3);
  afterAll(() => {
    tf.dispose([x, b]);
    quad.dispose();
    lin.dispose();
  });

  it.each(APPROXIMATION_METHODS)('quadratic, %s: points, weights, f(x_α), gradients and increments as closed forms; no leaks', async (method) => {
    const before = tf.memory().numTensors;
    const p = await integratePath(testContext(quad.logits, { batchSize: 3 }), x, b, 0, { steps: 7, method });
    expect(tf.memory().numTensors).toBe(before);
    const q = quadrature(method, 7);
    expect(p.alphas).toEqual(q.alphas);
    expect(p.weights).toEqual(q.stepSizes);
    const f = (a: number) => xs.reduce((s, xi, i) => { const z = bs[i] + a * (xi - bs[i]); return s + quad.c[i] * z * z + quad.v[i] * z; }, 0);
    const grad = (a: number, i: number) => 2 * quad.c[i] * (bs[i] + a * (xs[i] - bs[i])) + quad.v[i];
    p.alphas.forEach((a, k) => {
      expect(p.scores[k]).toBeCloseTo(f(a), 4);
      for (let px = 0; px < HW; px++) {
        let g = 0;
        let inc = 0;
        for (let ch = 0; ch < 3; ch++) {
          const i = px * 3 + ch;
          g += grad(a, i);
          inc += p.weights[k] * (xs[i] - bs[i]) * grad(a, i);
        }
        expect(p.gradients[k * HW + px]).toBeCloseTo(g, 4);
        expect(p.increments[k * HW + px]).toBeCloseTo(inc, 4);
      }
    });
    for (let px = 0; px < HW; px++) {
      expect(p.endGradients[px]).toBeCloseTo([0, 1, 2].reduce((s, ch) => s + grad(0, px * 3 + ch), 0), 4);
      expect(p.endGradients[HW + px]).toBeCloseTo([0, 1, 2].reduce((s, ch) => s + grad(1, px * 3 + ch), 0), 4);
    }
    expect(p.fBaseline).toBeCloseTo(f(0), 4);
    expect(p.fInput).toBeCloseTo(f(1), 4);
    // The running sum reaches f(x) − f(b) exactly for the rules exact on a linear integrand.
    const total = p.incrementSums.reduce((s, v) => s + v, 0);
    const diff = f(1) - f(0);
    expect(Math.abs(diff)).toBeGreaterThan(1); // so the checks bite
    if (method === 'gausslegendre' || method === 'trapezoid' || method === 'riemann_middle') expect(Math.abs(total - diff)).toBeLessThan(1e-4 * Math.abs(diff));
    else expect(Math.abs(total - diff)).toBeGreaterThan(1e-3 * Math.abs(diff)); // first-order rules are not exact
    expect(Math.abs(total - p.attributionSum)).toBeLessThan(1e-5 * Math.abs(total));
  });

  it('linear: the gradient is the same at every α, and the running sum after point k is (w_1 + … + w_k)(f(x) − f(b))', async () => {
    const p = await integratePath(testContext(lin.logits), x, b, 2, { steps: 6, method: 'riemann_trapezoid' });
    const w = read(lin.gradient(2));
    const perPixel = Array.from({ length: HW }, (_, px) => w[px * 3] + w[px * 3 + 1] + w[px * 3 + 2]);
    for (let k = 0; k < 6; k++) for (let px = 0; px < HW; px++) expect(p.gradients[k * HW + px]).toBeCloseTo(perPixel[px], 5);
    const diff = p.fInput - p.fBaseline;
    const expected = running(p.weights).map((s) => s * diff);
    running(p.incrementSums).forEach((s, k) => expect(s).toBeCloseTo(expected[k], 4));
    // Captum's riemann_trapezoid weights sum to (n − 1)/n: the running sum ends 1/6 short, as IG's delta does.
    expect(running(p.incrementSums)[5]).toBeCloseTo((5 / 6) * diff, 4);
  });
});

describe('the path explorer gives the Explain panel\u2019s IG', () => {
  const toy = reluToy();
  const tanh = tanhModel(SHAPE);
  const x6 = tf.randomNormal([1, ...TOY_INPUT], 0, 1, 'float32', 11) as tf.Tensor4D;
  const b6 = tf.zeros([1, ...TOY_INPUT]) as tf.Tensor4D;
  const x4 = tf.randomNormal([1, ...SHAPE], 0, 1, 'float32', 12) as tf.Tensor4D;
  const b4 = tf.randomNormal([1, ...SHAPE], 0, 0.5, 'float32', 13) as tf.Tensor4D;
  afterAll(() => {
    tf.dispose([x6, b6, x4, b4]);
    toy.dispose();
    tanh.dispose();
  });
  const cases = [
    { name: 'relu toy (conv, ReLU, ReLU6), Gauss–Legendre 20', steps: 20, method: 'gausslegendre' as const, batch: 8, target: 1 },
    { name: 'relu toy, riemann_right 9', steps: 9, method: 'riemann_right' as const, batch: 4, target: 2 },
    { name: 'tanh toy, trapezoid 16', steps: 16, method: 'trapezoid' as const, batch: 5, target: 3 },
  ];
  it.each(cases)('$name: Σ attributions and the running sum\u2019s end equal integratedGradients()\u2019s; the curve ends at its f(x) − f(b)', async (c) => {
    const relu = c.name.startsWith('relu');
    const [x, b] = relu ? [x6, b6] : [x4, b4];
    const ctx = () => (relu ? contextFor(toy.compiled, { batchSize: c.batch }) : testContext(tanh.logits, { batchSize: c.batch }));
    const ig = await integratedGradients(x, c.target, { baseline: b, steps: c.steps, method: c.method }, ctx());
    const igSum = read(ig.attributions).reduce((s, v) => s + v, 0); // the map's Σ in float64, as a reader of the .npy sums it
    ig.attributions.dispose();
    const p = await integratePath(ctx(), x, b, c.target, c);
    const runningEnd = p.incrementSums.reduce((s, v) => s + v, 0);
    expect(Math.abs(igSum)).toBeGreaterThan(0.1);
    expect(Math.abs(p.attributionSum - igSum)).toBeLessThanOrEqual(1e-6 * Math.abs(igSum)); // the same computation
    expect(Math.abs(runningEnd - igSum)).toBeLessThan(1e-5 * Math.abs(igSum));
    expect(p.fInput - p.fBaseline).toBe(ig.outputDifference); // the same forward pass
    expect(p.fInput).toBe(ig.targetLogit);
    const ends = tf.concat([x, b]);
    const [fx, fb] = await targetLogits(ctx(), ends, c.target);
    ends.dispose();
    expect([p.fInput, p.fBaseline]).toEqual([fx, fb]);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PixelModel } from '../../../worker/runtime/pixel-model';
import { linearModel } from '../../../testing/context';
import { marginOf, optimiseCounterfactual, updateC } from './optimise';

const SHAPE: [number, number, number] = [4, 4, 3];
const D = 48;
let net: ReturnType<typeof linearModel>;
/** Pixels -> (p / 127.5 - 1) -> linear logits: gradients are known exactly. */
let f: PixelModel;
let W: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  net = linearModel(SHAPE, 5, 11);
  f = (p) => net.logits(tf.sub(tf.div(p, 127.5), 1) as tf.Tensor4D);
  W = net.W.dataSync() as Float32Array;
});
afterAll(() => net.dispose());

const image = (seed: number) => Float32Array.from(tf.tidy(() => tf.randomUniform([1, ...SHAPE], 60, 195, 'float32', seed).dataSync()));
const logitsOf = (pixels: Float32Array) => tf.tidy(() => Array.from(f(tf.tensor4d(pixels, [1, ...SHAPE])).dataSync()));
const argmax = (v: number[]) => v.indexOf(Math.max(...v));

describe('margin and the binary search on c (OmniXAI)', () => {
  it('margin is logit_t minus the best other logit, or the best other minus the label when untargeted', () => {
    const logits = tf.tensor2d([
      [1, 5, 2, -1],
      [0, -2, 3, 3.5],
    ]);
    expect(Array.from(marginOf(logits, 2, 0).dataSync())).toEqual([2 - 5, 3 - 3.5]);
    expect(Array.from(marginOf(logits, null, 1).dataSync())).toEqual([2 - 5, 3.5 - -2]);
    logits.dispose();
  });

  it('raises c tenfold until a counterfactual is found, then bisects', () => {
    let [c, lb, ub] = [10, 0, 1e10];
    [c, lb, ub] = updateC(c, lb, ub, false);
    expect([c, lb, ub]).toEqual([100, 10, 1e10]);
    [c, lb, ub] = updateC(c, lb, ub, true);
    expect([c, lb, ub]).toEqual([55, 10, 100]);
    [c, lb, ub] = updateC(c, lb, ub, false);
    expect([c, lb, ub]).toEqual([77.5, 55, 100]);
  });
});

describe('optimisation counterfactual on a linear model', () => {
  it('takes the clipped gradient step of c * hinge + L1 (first iterate checked by hand)', async () => {
    const x0 = image(3);
    const logits = logitsOf(x0);
    const label = argmax(logits);
    const target = (label + 1) % 5;
    const others = logits.map((v, j) => (j === target ? -Infinity : v));
    const rival = argmax(others);
    const o = { target, label, c: 2, kappa: 100, learningRate: 0.01, iterations: 3, searchSteps: 1, gradClip: 1e3 };
    const x = tf.tensor4d(x0, [1, ...SHAPE]);
    const r = await optimiseCounterfactual(f, x, o);
    x.dispose();
    expect(r.trace[0].margin).toBeCloseTo(logits[target] - logits[rival], 3);
    expect(r.trace[0].l1).toBe(0);
    // d margin / d x (x in [0, 1]) = 255 / 127.5 * (W_t - W_rival); the L1 term's gradient is 0 at x0.
    let l1 = 0;
    for (let i = 0; i < D; i++) {
      const g = -o.c * 2 * (W[i * 5 + target] - W[i * 5 + rival]);
      const x1 = Math.min(1, Math.max(0, x0[i] / 255 - o.learningRate * g));
      l1 += Math.abs(x1 - x0[i] / 255);
    }
    expect(r.trace[1].l1).toBeCloseTo(l1, 4);
  });

  it('finds a counterfactual that an independent forward pass classifies as the target, nearest in L1 of all found', async () => {
    const x0 = image(4);
    const label = argmax(logitsOf(x0));
    const target = (label + 2) % 5;
    const x = tf.tensor4d(x0, [1, ...SHAPE]);
    const r = await optimiseCounterfactual(f, x, { target, label, c: 10, kappa: 1, learningRate: 0.01, iterations: 60, searchSteps: 3, gradClip: 1e3 });
    x.dispose();
    expect(r.best).not.toBeNull();
    const best = r.best!;
    expect(Math.min(...best)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...best)).toBeLessThanOrEqual(1);
    expect(argmax(logitsOf(best.map((v) => v * 255)))).toBe(target);
    expect(r.bestL1).toBeCloseTo(best.reduce((s, v, i) => s + Math.abs(v - x0[i] / 255), 0), 4);
    const found = r.trace.filter((t) => t.margin > 0);
    expect(found.length).toBeGreaterThan(0);
    expect(r.bestL1).toBeCloseTo(Math.min(...found.map((t) => t.l1)), 5);
    expect(r.iterations).toBe(r.trace.length);
    expect(tf.memory().numTensors).toBeLessThan(10);
  });

  it('untargeted (OmniXAI): any class but the label', async () => {
    const x0 = image(5);
    const label = argmax(logitsOf(x0));
    const x = tf.tensor4d(x0, [1, ...SHAPE]);
    const r = await optimiseCounterfactual(f, x, { target: null, label, c: 10, kappa: 1, learningRate: 0.01, iterations: 60, searchSteps: 1, gradClip: 1e3 });
    x.dispose();
    expect(r.best).not.toBeNull();
    expect(argmax(logitsOf(r.best!.map((v) => v * 255)))).not.toBe(label);
  });

  it('says nothing was found when the budget is too small', async () => {
    const x0 = image(6);
    const logits = logitsOf(x0);
    const label = argmax(logits);
    const target = logits.indexOf(Math.min(...logits));
    const x = tf.tensor4d(x0, [1, ...SHAPE]);
    const r = await optimiseCounterfactual(f, x, { target, label, c: 10, kappa: 1, learningRate: 1e-5, iterations: 2, searchSteps: 1, gradClip: 1e3 });
    x.dispose();
    expect(r.best).toBeNull();
    expect(r.bestAt).toBeNull();
    expect(r.bestMargin).toBeLessThan(0);
    expect(r.iterations).toBe(2);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKeras, type CompiledModel } from '../../worker/runtime/compile';
import { targetGradient } from '../../worker/attribution/gradients';
import { contextFor } from '../../testing/context';
import { lrp, presetChoice } from './lrp';
import { CAPTUM } from './lrp-rules';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** input [1, 1, n] -> flatten -> dense (ReLU) -> dense logits; weights given as [in][out] arrays. */
function denseToy(w1: number[][], w2: number[][], bias = false): { compiled: CompiledModel; dispose(): void } {
  const n = w1.length;
  const input = tf.input({ shape: [1, 1, n], name: 'input_1' });
  const f = tf.layers.flatten({ name: 'flatten' }).apply(input) as tf.SymbolicTensor;
  const h = tf.layers.dense({ units: w1[0].length, useBias: bias, name: 'hidden' }).apply(f) as tf.SymbolicTensor;
  const r = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(h) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: w2[0].length, useBias: bias, name: 'fc' }).apply(r) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const weights: Record<string, tf.Tensor> = { 'hidden/kernel': tf.tensor2d(w1), 'fc/kernel': tf.tensor2d(w2) };
  if (bias) Object.assign(weights, { 'hidden/bias': tf.tensor1d(w1[0].map((_, i) => 0.3 - 0.2 * i)), 'fc/bias': tf.tensor1d(w2[0].map(() => 0.5)) });
  const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: w2[0].length });
  return { compiled, dispose: () => (compiled.dispose(), model.dispose(), tf.dispose(Object.values(weights))) };
}

const input = (v: number[]) => tf.tensor4d(v, [1, 1, 1, v.length]);
const bounds = { low: [-1, -1], high: [1, 1] };

describe('LRP on a hand-worked 2-2-1 network (x = [1, 2], f(x) = 2)', () => {
  // hidden: z0 = 1·1 + 2·1 = 3, z1 = 1·2 + 2·(−0.5) = 1; logit 0: 3·1 + 1·(−1) = 2.
  const toy = denseToy([[1, 2], [1, -0.5]], [[1, 0], [-1, 0]]);
  const x = input([1, 2]);
  afterAll(() => (toy.dispose(), x.dispose()));

  const run = async (rule: 'epsilon' | 'gamma' | 'zplus') => {
    const r = await lrp(x, 0, { rule, ...bounds }, contextFor(toy.compiled), CAPTUM);
    const v = Array.from(await r.attributions.data());
    r.attributions.dispose();
    return { v, r };
  };

  it('ε (Captum default, 1e-9) = gradient × input: [1·(−1), 2·1.5] = [−1, 3], Σ = f(x)', async () => {
    const { v, r } = await run('epsilon');
    expect(v[0]).toBeCloseTo(-1, 6);
    expect(v[1]).toBeCloseTo(3, 6);
    expect(r.targetLogit).toBeCloseTo(2, 6);
    expect(Math.abs(r.delta!)).toBeLessThan(1e-6);
  });

  it('γ = 0.25: [−10/33, 76/33]', async () => {
    // top: w' = [1.25, −1], z' = 2.75, R_h = [3.75, −1]/2.75 (normalised);
    // hidden: W' columns [1.25, 1.25], [2.5, −0.5]; z' = [3.75, 1.5]; s = [4/11, −8/33];
    // c = [1.25·4/11 − 2.5·8/33, 1.25·4/11 + 0.5·8/33] = [−5/33, 19/33]; R = x ⊙ c · f(x).
    const { v, r } = await run('gamma');
    expect(v[0]).toBeCloseTo(-10 / 33, 6);
    expect(v[1]).toBeCloseTo(76 / 33, 6);
    expect(Math.abs(r.delta!)).toBeLessThan(1e-6);
  });

  it('z⁺: [2/3, 4/3]', async () => {
    // top: w⁺ = [1, 0], z' = 3, R_h = [1, 0]; hidden: W⁺ columns [1, 1], [2, 0]; s = [1/3, 0];
    // c = [1/3, 1/3]; R = [1/3, 2/3] · f(x).
    const { v } = await run('zplus');
    expect(v[0]).toBeCloseTo(2 / 3, 6);
    expect(v[1]).toBeCloseTo(4 / 3, 6);
  });
});

describe('LRP-ε → 0 on a random dense + ReLU + dense network without biases', () => {
  const rand = (r: number, c: number, seed: number) => tf.tidy(() => tf.randomNormal([r, c], 0, 1, 'float32', seed).arraySync() as number[][]);
  const toy = denseToy(rand(6, 8, 1), rand(8, 3, 2));
  afterAll(() => toy.dispose());

  it('equals gradient × input (rel. < 1e-5) and conserves f(x) exactly, for every class, without leaking tensors', async () => {
    const ctx = contextFor(toy.compiled);
    const before = tf.memory().numTensors;
    for (const seed of [3, 4, 5]) {
      const x = tf.randomNormal([1, 1, 1, 6], 0, 1, 'float32', seed) as tf.Tensor4D;
      for (let t = 0; t < 3; t++) {
        const r = await lrp(x, t, { rule: 'epsilon', ...bounds }, ctx, CAPTUM);
        const ours = await r.attributions.data();
        const ixg = tf.tidy(() => tf.mul(targetGradient(ctx, x, t), x).dataSync());
        r.attributions.dispose();
        const scale = Math.max(...Array.from(ixg, Math.abs));
        ours.forEach((v, i) => expect(Math.abs(v - ixg[i])).toBeLessThan(1e-5 * scale));
        expect(Math.abs(r.delta!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(r.targetLogit)));
      }
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('γ and z⁺ differ from gradient × input here (the rules act)', async () => {
    const ctx = contextFor(toy.compiled);
    const x = tf.randomNormal([1, 1, 1, 6], 0, 1, 'float32', 3) as tf.Tensor4D;
    const e = await lrp(x, 0, { rule: 'epsilon', ...bounds }, ctx);
    for (const rule of ['gamma', 'zplus'] as const) {
      const r = await lrp(x, 0, { rule, ...bounds }, ctx);
      const d = tf.tidy(() => tf.norm(tf.sub(r.attributions, e.attributions)).dataSync()[0] / tf.norm(e.attributions).dataSync()[0]);
      expect(d).toBeGreaterThan(0.05);
      r.attributions.dispose();
    }
    tf.dispose([e.attributions, x]);
  });
});

describe('z^B on a single dense layer with a bias', () => {
  // logits = x · W + b, x in [l, h] per feature; the composite's first layer is this (logits) layer.
  const W = [[0.5, -1.2], [-0.7, 0.4], [1.1, 0.9]];
  const b = [0.3, -0.6];
  const low = [-1, -2, -0.5];
  const high = [1, 0.5, 2];
  const xv = [0.4, -1.5, 1.2];
  let compiled: CompiledModel;
  let model: tf.LayersModel;
  const weights = { 'fc/kernel': tf.tensor2d(W), 'fc/bias': tf.tensor1d(b) };
  beforeAll(() => {
    const inp = tf.input({ shape: [1, 1, 3], name: 'input_1' });
    const f = tf.layers.flatten({ name: 'flatten' }).apply(inp) as tf.SymbolicTensor;
    model = tf.model({ inputs: inp, outputs: tf.layers.dense({ units: 2, name: 'fc' }).apply(f) as tf.SymbolicTensor });
    compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 2 });
  });
  afterAll(() => (compiled.dispose(), model.dispose(), tf.dispose(Object.values(weights))));

  it('equals f(x)·(x w − l w⁺ − h w⁻)_i / Σ_i(x w − l w⁺ − h w⁻), the bias cancelling in the denominator', async () => {
    const x = input(xv);
    for (let t = 0; t < 2; t++) {
      const terms = xv.map((xi, i) => xi * W[i][t] - low[i] * Math.max(W[i][t], 0) - high[i] * Math.min(W[i][t], 0));
      const z = terms.reduce((s, v) => s + v, 0);
      const f = xv.reduce((s, xi, i) => s + xi * W[i][t], b[t]);
      const r = await lrp(x, t, { rule: 'composite', low, high }, contextFor(compiled));
      const v = await r.attributions.data();
      r.attributions.dispose();
      terms.forEach((term, i) => expect(v[i]).toBeCloseTo((f * term) / (z + 1e-9), 5));
      expect(r.targetLogit).toBeCloseTo(f, 5);
      // Relevance sums to f(x): z^B conserves (the bias is not in z').
      expect(Math.abs(r.delta!)).toBeLessThan(1e-5);
    }
    x.dispose();
  });

  it('the composite assigns z^B to the first weighted layer only and ε to the logits', () => {
    const choose = presetChoice({ rule: 'composite', low, high });
    const layer = (isLogits: boolean) => ({ name: 'l', className: 'Conv2D', isLogits, weighted: true });
    expect(choose(layer(false), true).kind).toBe('zbox');
    expect(choose(layer(false), false)).toEqual({ kind: 'gamma', gamma: 0.25 });
    expect(choose(layer(true), false)).toEqual({ kind: 'epsilon', epsilon: 1e-9 });
  });
});

describe('a single dense layer with a bias: the ε-rule with and without the bias in z\'', () => {
  const W = [[0.5, -1.2], [-0.7, 0.4], [1.1, 0.9]];
  const b = [0.3, -0.6];
  const xv = [0.4, -1.5, 1.5];
  const weights = { 'fc/kernel': tf.tensor2d(W), 'fc/bias': tf.tensor1d(b) };
  const inp = tf.input({ shape: [1, 1, 3], name: 'input_1' });
  const f = tf.layers.flatten({ name: 'flatten' }).apply(inp) as tf.SymbolicTensor;
  const model = tf.model({ inputs: inp, outputs: tf.layers.dense({ units: 2, name: 'fc' }).apply(f) as tf.SymbolicTensor });
  const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 2 });
  afterAll(() => (compiled.dispose(), model.dispose(), tf.dispose(Object.values(weights))));

  it("Captum (bias in z'): R_i = x_i w_i, Σ R = f(x) − b; default: R_i = f(x)·x_i w_i / Σ x w, Σ R = f(x)", async () => {
    const x = input(xv);
    for (let t = 0; t < 2; t++) {
      const terms = xv.map((xi, i) => xi * W[i][t]);
      const z = terms.reduce((s, v) => s + v, 0);
      const captum = await lrp(x, t, { rule: 'epsilon', low: [0, 0, 0], high: [0, 0, 0] }, contextFor(compiled), CAPTUM);
      const ours = await lrp(x, t, { rule: 'epsilon', low: [0, 0, 0], high: [0, 0, 0] }, contextFor(compiled));
      const vc = await captum.attributions.data();
      const vo = await ours.attributions.data();
      tf.dispose([captum.attributions, ours.attributions]);
      terms.forEach((term, i) => expect(vc[i]).toBeCloseTo(term, 5));
      terms.forEach((term, i) => expect(vo[i]).toBeCloseTo(((z + b[t]) * term) / z, 4));
      expect(captum.delta!).toBeCloseTo(-b[t], 5);
      expect(Math.abs(ours.delta!)).toBeLessThan(1e-4);
    }
    x.dispose();
  });

  it("a bias-driven unit (z' = x·w = 0.4·(−1.2) − 1.5·0.4 + 1.2·0.9 = 0, f(x) = b = −0.6) takes the w²-rule: R_i = f(x)·w_i² / Σ w²", async () => {
    const x = input([0.4, -1.5, 1.2]);
    const r = await lrp(x, 1, { rule: 'epsilon', low: [0, 0, 0], high: [0, 0, 0] }, contextFor(compiled));
    const v = await r.attributions.data();
    r.attributions.dispose();
    const w2 = W.map((row) => row[1] ** 2);
    const n = w2.reduce((s2, q) => s2 + q, 0);
    w2.forEach((q, i) => expect(v[i]).toBeCloseTo((-0.6 * q) / n, 5));
    expect(Math.abs(r.delta!)).toBeLessThan(1e-5);
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelInput } from '../../shared/image/pixels';
import { MODELS } from '../../shared/models/registry';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { APPROXIMATION_METHODS } from './approximation';
import { contextFor, linearModel, maxAbsDiff, tanhModel, testContext } from '../../testing/context';
import { croppedRgb } from '../../testing/node-image';
import { assetPath, fileHandler } from '../../testing/node-io';
import { integratedGradients } from './integrated-gradients';
import { describeRealModel } from '../../testing/tiers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Integrated Gradients on toy models', () => {
  const shape: [number, number, number] = [4, 4, 3];
  const x = tf.randomNormal([1, ...shape], 0, 1, 'float32', 1) as tf.Tensor4D;
  const b = tf.randomNormal([1, ...shape], 0, 1, 'float32', 2) as tf.Tensor4D;
  const lin = linearModel(shape, 5);
  const toy = tanhModel(shape);
  afterAll(() => {
    tf.dispose([x, b]);
    lin.dispose();
    toy.dispose();
  });

  it.each(APPROXIMATION_METHODS)('linear model, %s: (x - b) * W_t * (sum of weights), delta as closed form, no leaks', async (method) => {
    const before = tf.memory().numTensors;
    const r = await integratedGradients(x, 4, { baseline: b, steps: 7, method }, testContext(lin.logits));
    // Every rule but Captum's riemann_trapezoid has weights summing to 1; that one sums to (n - 1)/n = 6/7,
    // so its attributions are 6/7 of (x - b) * W_t and its delta is -(f(x) - f(b))/7.
    const weightSum = method === 'riemann_trapezoid' ? 6 / 7 : 1;
    const expected = tf.tidy(() => tf.mul(tf.mul(tf.sub(x, b), lin.gradient(4)), weightSum));
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-5);
    const [fx, fb] = tf.tidy(() => Array.from(tf.gather(lin.logits(tf.concat([x, b])), [4], 1).dataSync()));
    expect(r.targetLogit).toBeCloseTo(fx, 5);
    expect(r.outputDifference).toBeCloseTo(fx - fb, 5);
    expect(Math.abs(r.delta! - (weightSum - 1) * (fx - fb))).toBeLessThan(1e-4);
    if (method === 'riemann_trapezoid') expect(Math.abs(fx - fb)).toBeGreaterThan(0.1); // so the check above bites
    tf.dispose([r.attributions, expected]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('smooth model: Gauss-Legendre converges much faster than riemann_left at the same steps', async () => {
    const abs = async (method: 'gausslegendre' | 'riemann_left', steps: number) => {
      const r = await integratedGradients(x, 1, { baseline: b, steps, method }, testContext(toy.logits));
      r.attributions.dispose();
      return { delta: Math.abs(r.delta!), diff: Math.abs(r.outputDifference!) };
    };
    const gl = await abs('gausslegendre', 10);
    const left = await abs('riemann_left', 10);
    const left20 = await abs('riemann_left', 20);
    expect(gl.diff).toBeGreaterThan(0.5); // a non-trivial path
    expect(left.delta / left20.delta).toBeCloseTo(2, 0); // first order
    expect(gl.delta).toBeLessThan(left.delta / 100); // measured 2e-5 vs 0.28
    expect(gl.delta).toBeLessThan(1e-3 * gl.diff);
  });

  it('chunks the path by ctx.batchSize: steps=10, batch 4 is 3 steps and equals batch 10', async () => {
    const small = testContext(toy.logits, { batchSize: 4 });
    const big = testContext(toy.logits, { batchSize: 10 });
    const a = await integratedGradients(x, 2, { baseline: b, steps: 10 }, small);
    const c = await integratedGradients(x, 2, { baseline: b, steps: 10 }, big);
    expect(small.calls.steps).toBe(3);
    expect(big.calls.steps).toBe(1);
    // 10 gradient rows in 3 passes, then f(x) and f(b) in one forward pass.
    expect(small.calls).toEqual({ logits: 4, rows: 12, steps: 3 });
    expect(maxAbsDiff(a.attributions, c.attributions)).toBeLessThan(1e-6);
    expect(a.delta).toBeCloseTo(c.delta!, 5);
    tf.dispose([a.attributions, c.attributions]);
  });

  it('rejects a baseline of another shape', async () => {
    const wrong = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    await expect(integratedGradients(x, 0, { baseline: wrong }, testContext(lin.logits))).rejects.toThrow(/baseline/);
    wrong.dispose();
  });
});

describeRealModel('Integrated Gradients on MobileNet at 224x224: completeness', () => {
  const spec = MODELS['mobilenet_v1_0.75_224'];
  let m: LoadedModel;
  let x: tf.Tensor4D;
  let black: tf.Tensor4D;
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
    const rgb = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'));
    x = tf.tensor4d(toModelInput(rgb, spec.preprocessing), [1, 224, 224, 3]);
    black = tf.fill([1, 224, 224, 3], -1) as tf.Tensor4D; // pixels 0 in MobileNet's [-1, 1]
  });
  afterAll(() => {
    tf.dispose([x, black]);
    m?.dispose();
  });

  it('goldfish vs black, 100 Gauss-Legendre steps: |delta| < 1 % of |f(x) - f(black)|', async () => {
    const ctx = contextFor(m.compiled, { batchSize: 10 });
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const r = await integratedGradients(x, 1, { baseline: black, steps: 100, method: 'gausslegendre' }, ctx);
    const seconds = (performance.now() - t0) / 1000;
    const relative = Math.abs(r.delta!) / Math.abs(r.outputDifference!);
    console.log(
      `IG MobileNet 224, 100 GL steps: f(x)=${r.targetLogit.toFixed(4)} f(x)-f(b)=${r.outputDifference!.toFixed(4)} ` +
        `delta=${r.delta!.toExponential(3)} (${(100 * relative).toFixed(3)} %), ${seconds.toFixed(0)} s, ${ctx.calls.steps} chunks`,
    );
    expect(ctx.calls.steps).toBe(10);
    expect(r.outputDifference!).toBeGreaterThan(1); // the goldfish logit rises from black
    expect(relative).toBeLessThan(0.01);
    r.attributions.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 3_600_000);
});

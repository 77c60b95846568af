import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../../testing/context';
import { TOY_INPUT, referencePass, relL2, reluToy, type ReluToy } from '../../testing/relu-toy';
import { deconvolution } from './deconvolution';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Deconvolution on a conv + ReLU + ReLU6 + dense toy, against loops written in the test', () => {
  let toy: ReluToy;
  const xs = [11, 12, 13].map((seed) => tf.randomNormal([1, ...TOY_INPUT], 0, 1.5, 'float32', seed) as tf.Tensor4D);
  beforeAll(() => {
    toy = reluToy();
  });
  afterAll(() => {
    tf.dispose(xs);
    toy.dispose();
  });

  it('equals relu(signal) at every ReLU and ReLU6 whatever the input (rel. L2 < 1e-6), for every class, leak-free', async () => {
    const ctx = contextFor(toy.compiled);
    const before = tf.memory().numTensors;
    let errors = 0;
    let passedAboveSix = 0;
    for (const x of xs) {
      const data = Float64Array.from(x.dataSync());
      for (let t = 0; t < 3; t++) {
        const ref = referencePass(toy, data, t, 'deconv');
        const r = await deconvolution(x, t, {}, ctx);
        const ours = await r.attributions.data();
        r.attributions.dispose();
        expect(ref.gradient.some((v) => v !== 0)).toBe(true);
        errors = Math.max(errors, relL2(ours, ref.gradient));
        expect(r.targetLogit).toBeCloseTo(ref.logits[t], 4);
        expect(r.delta).toBeUndefined();
        // Saturated ReLU6 units reached by a positive signal: deconv passes it, guided and plain do not.
        passedAboveSix += ref.relu6Inputs.filter((v, i) => v > 6 && ref.relu6Signal[i] > 0).length;
      }
    }
    expect(errors).toBeLessThan(1e-6); // measured 4e-8
    expect(passedAboveSix).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differs from Guided Backprop and from the plain gradient', async () => {
    const data = Float64Array.from(xs[0].dataSync());
    const [plain, guided] = (['plain', 'guided'] as const).map((rule) => referencePass(toy, data, 0, rule).gradient);
    const r = await deconvolution(xs[0], 0, {}, contextFor(toy.compiled));
    const ours = await r.attributions.data();
    r.attributions.dispose();
    expect(relL2(ours, guided)).toBeGreaterThan(0.1);
    expect(relL2(ours, plain)).toBeGreaterThan(0.1);
  });
});

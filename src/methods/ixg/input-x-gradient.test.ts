import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { linearModel, maxAbsDiff, testContext } from '../../testing/context';
import { inputXGradient } from './input-x-gradient';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Input x Gradient on a linear model', () => {
  it('is x * W_t with f(x)_t as targetLogit, no delta, one chunk, no leaks', async () => {
    const lin = linearModel([4, 4, 3], 5);
    const x = tf.randomNormal([1, 4, 4, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const ctx = testContext(lin.logits);
    const before = tf.memory().numTensors;
    const r = await inputXGradient(x, 2, {}, ctx);
    const expected = tf.tidy(() => tf.mul(x, lin.gradient(2)));
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-6);
    expect(r.targetLogit).toBeCloseTo(tf.tidy(() => lin.logits(x).dataSync()[2]), 5);
    expect(r.delta).toBeUndefined();
    expect(ctx.calls).toEqual({ logits: 1, rows: 1, steps: 1 }); // value and gradient from one pass
    tf.dispose([r.attributions, expected]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    lin.dispose();
  });

  it('rejects a batch of inputs', async () => {
    const lin = linearModel([4, 4, 3], 5);
    const x = tf.zeros([2, 4, 4, 3]) as tf.Tensor4D;
    await expect(inputXGradient(x, 0, {}, testContext(lin.logits))).rejects.toThrow(/one input/);
    x.dispose();
    lin.dispose();
  });
});

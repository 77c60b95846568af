import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toModelInput } from '../../shared/image/pixels';
import { MODELS } from '../../shared/models/registry';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { contextFor, linearModel, maxAbsDiff, testContext } from '../../testing/context';
import { croppedRgb } from '../../testing/node-image';
import { assetPath, fileHandler } from '../../testing/node-io';
import { deepLift } from './deeplift';
import { describeRealModel } from '../../testing/tiers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('DeepLift on a linear model', () => {
  it('equals (x - b) * W_t, with delta 0, one pass of 2 rows, and no leaks', async () => {
    const lin = linearModel([4, 4, 3], 5);
    const ctx = testContext(lin.logits);
    const x = tf.randomNormal([1, 4, 4, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const b = tf.randomNormal([1, 4, 4, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const r = await deepLift(x, 2, { baseline: b }, ctx);
    const expected = tf.tidy(() => tf.mul(tf.sub(x, b), lin.gradient(2)));
    expect(maxAbsDiff(r.attributions, expected)).toBeLessThan(1e-6);
    expect(Math.abs(r.delta!)).toBeLessThan(1e-4);
    const fx = tf.tidy(() => lin.logits(x).dataSync()[2]);
    expect(r.targetLogit).toBeCloseTo(fx, 5);
    expect(ctx.calls).toEqual({ logits: 1, rows: 2, steps: 1 });
    tf.dispose([r.attributions, expected]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, b]);
    lin.dispose();
  });
});

describeRealModel('DeepLift on MobileNet (ReLU6 everywhere), goldfish vs black', () => {
  let m: LoadedModel;
  let x: tf.Tensor4D;
  let black: tf.Tensor4D;
  const spec = MODELS['mobilenet_v1_0.75_224'];
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
    const rgb = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'));
    x = tf.tensor4d(toModelInput(rgb, spec.preprocessing), [1, 224, 224, 3]);
    black = tf.tensor4d(toModelInput(new Uint8Array(224 * 224 * 3), spec.preprocessing), [1, 224, 224, 3]);
  });
  afterAll(() => {
    tf.dispose([x, black]);
    m?.dispose();
  });

  it('sums to f(x) - f(black) to float precision; plain gradients do not', async () => {
    const ctx = contextFor(m.compiled);
    const before = tf.memory().numTensors;
    const ours = await deepLift(x, 1, { baseline: black }, ctx);
    const plain = await deepLift(x, 1, { baseline: black, nonlinearities: {} }, ctx);
    const diff = ours.outputDifference!;
    console.log(
      `MobileNet goldfish: f(x)-f(b) = ${diff.toFixed(4)}, delta rescale = ${ours.delta!.toExponential(3)} ` +
        `(relative ${Math.abs(ours.delta! / diff).toExponential(2)}), delta plain gradient = ${plain.delta!.toFixed(3)}`,
    );
    expect(Math.abs(ours.delta! / diff)).toBeLessThan(1e-3);
    expect(Math.abs(plain.delta!)).toBeGreaterThan(100 * Math.abs(ours.delta!));
    expect(Math.abs(plain.delta!)).toBeGreaterThan(1);
    expect(plain.outputDifference).toBeCloseTo(diff, 4);
    tf.dispose([ours.attributions, plain.attributions]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

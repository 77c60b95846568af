import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { compileKeras } from '../../worker/runtime/compile';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { contextFor } from '../../testing/context';
import { fileHandler } from '../../testing/node-io';
import { gradCam } from './grad-cam';
import { describeRealModel } from '../../testing/tiers';
import { camToy, finiteDifferenceGradient, maxAbs, resizeHalfPixel } from '../../testing/cam-toy';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Grad-CAM on a toy whose logits are linear in the layer: GAP then dense', () => {
  it('weights are W[c, t] / (h w), the map is sum_c weight_c A_c, upsampled bilinearly', async () => {
    const input = tf.input({ shape: [8, 8, 2], name: 'input_1' });
    const conv = tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv' });
    const a = conv.apply(input) as tf.SymbolicTensor; // [4, 4, 3]
    const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(a) as tf.SymbolicTensor;
    const fc = tf.layers.dense({ units: 4, name: 'fc' });
    const model = tf.model({ inputs: input, outputs: fc.apply(gap) as tf.SymbolicTensor });
    // Channel weights of mixed sign for class 2, so the signed map has both signs.
    fc.setWeights([tf.tensor2d([[0.1, 0, 1, 0], [0.2, 0, -2, 0], [0.3, 0, 0.5, 0]]), tf.zeros([4])]);
    // Seeded conv weights: Keras' default initialiser is unseeded, and some draws gave a one-signed map.
    conv.setWeights([tf.randomNormal([3, 3, 2, 3], 0, 0.5, 'float32', 4), tf.zeros([3])]);
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
    const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 4 });
    const x = tf.randomNormal([1, 8, 8, 2], 0, 1, 'float32', 9) as tf.Tensor4D;
    const ctx = contextFor(compiled);

    const before = tf.memory().numTensors;
    const signed = await gradCam(x, 2, { layer: 'conv' }, ctx);
    const relu = await gradCam(x, 2, { layer: 'conv', reluAttributions: true }, ctx);
    const [want, wantRelu] = tf.tidy(() => {
      const A = tf.model({ inputs: input, outputs: a }).predict(x) as tf.Tensor4D;
      const w = tf.div(tf.reshape(tf.slice(weights['fc/kernel'], [0, 2], [3, 1]), [1, 1, 1, 3]), 16);
      const map = tf.sum(tf.mul(A, w), 3, true) as tf.Tensor4D;
      return [map, tf.relu(map)].map((m) => tf.image.resizeBilinear(m as tf.Tensor4D, [8, 8], false, true));
    });
    const maxDiff = (p: tf.Tensor, q: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(p, q))).dataSync()[0]);
    expect(signed.attributions.shape).toEqual([1, 8, 8, 1]);
    expect(maxDiff(signed.attributions, want)).toBeLessThan(1e-5);
    expect(maxDiff(relu.attributions, wantRelu)).toBeLessThan(1e-5);
    expect(tf.tidy(() => tf.min(want).dataSync()[0])).toBeLessThan(0); // both signs occur
    expect(tf.tidy(() => tf.max(want).dataSync()[0])).toBeGreaterThan(0);
    expect(signed.notes).toMatchObject({ layer: 'conv', map: '4x4', channels: 3 });
    expect(signed.delta).toBeUndefined();
    expect(signed.targetLogit).toBeCloseTo(tf.tidy(() => compiled.logits(x).dataSync()[2]), 5);
    tf.dispose([signed.attributions, relu.attributions, want, wantRelu]);
    expect(tf.memory().numTensors).toBe(before);
    await expect(gradCam(x, 2, { layer: 'fc' }, ctx)).rejects.toThrow(/\[1, h, w, c\]/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    compiled.dispose();
    model.dispose();
  });
});

describe('Grad-CAM at a layer below the last conv block', () => {
  it('equals a brute-force computation at that layer (finite-difference gradients, float64 loops)', async () => {
    // 'cam' feeds a 1x1 conv with ReLU ('head'), the toy's last conv: its gradient varies in space.
    const toy = camToy();
    const act = toy.activation(toy.x);
    const { h, w, c } = act;
    const before = tf.memory().numTensors;
    for (const t of [0, 2]) {
      const g = finiteDifferenceGradient(toy, act, t);
      const weights = Array.from({ length: c }, (_, k) => {
        let s = 0;
        for (let p = 0; p < h * w; p++) s += g[p * c + k];
        return s / (h * w);
      });
      const low = Float64Array.from({ length: h * w }, (_, p) => weights.reduce((s, wk, k) => s + wk * act.a[p * c + k], 0));
      const want = resizeHalfPixel(low, h, w, 8, 8);
      const r = await gradCam(toy.x, t, { layer: 'cam' }, contextFor(toy.compiled));
      expect(r.attributions.shape).toEqual([1, 8, 8, 1]);
      expect(r.notes).toMatchObject({ layer: 'cam', map: '4x4', channels: 3 });
      const got = await r.attributions.data();
      r.attributions.dispose();
      expect(maxAbs(got, want)).toBeLessThan(1e-4 * Math.max(1, ...want.map(Math.abs)));
      expect(Math.max(...want.map(Math.abs))).toBeGreaterThan(1e-3); // not a trivially zero map
    }
    expect(tf.memory().numTensors).toBe(before);
    toy.dispose();
  });
});

describeRealModel('Grad-CAM on MobileNet (conv_pw_13_relu)', () => {
  let m: LoadedModel;
  const spec = MODELS['mobilenet_v1_0.75_224'];
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
  });
  afterAll(() => m?.dispose());

  it('returns a finite, non-zero [1, 224, 224, 1] map from the 7x7 layer, leak-free', async () => {
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 4) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const r = await gradCam(x, 1, { layer: 'conv_pw_13_relu' }, contextFor(m.compiled));
    expect(r.attributions.shape).toEqual([1, 224, 224, 1]);
    const values = r.attributions.dataSync();
    expect(values.every(Number.isFinite)).toBe(true);
    expect(values.some((v) => v !== 0)).toBe(true);
    expect(r.notes).toMatchObject({ map: '7x7', channels: 768 });
    r.attributions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

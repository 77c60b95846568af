import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { fileHandler } from '../../testing/node-io';
import { compileKeras } from './compile';
import { loadModel, type LoadedModel } from './load-model';
import { describeRealModel } from '../../testing/tiers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A small functional model exercising every layer kind ResNet-50 uses, built by tfjs-layers. */
function toyLayersModel(): tf.LayersModel {
  const input = tf.input({ shape: [6, 6, 2], name: 'input_1' });
  const a = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', name: 'conv_a' }).apply(input) as tf.SymbolicTensor;
  const an = tf.layers.batchNormalization({ name: 'bn_a', epsilon: 1e-3 }).apply(a) as tf.SymbolicTensor;
  const ar = tf.layers.activation({ activation: 'relu', name: 'relu_a' }).apply(an) as tf.SymbolicTensor;
  const b = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'dw_b' }).apply(input) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ name: 'bn_b' }).apply(b) as tf.SymbolicTensor;
  const b1 = tf.layers.conv2d({ filters: 3, kernelSize: 1, name: 'conv_b1' }).apply(bn) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'add_1' }).apply([ar, b1]) as tf.SymbolicTensor;
  const padded = tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pool_pad' }).apply(sum) as tf.SymbolicTensor;
  const pooled = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool' }).apply(padded) as tf.SymbolicTensor;
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(pooled) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 4, activation: 'softmax', name: 'fc' }).apply(gap) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  // Non-trivial BatchNorm statistics, so a wrong fold cannot pass.
  model.setWeights(model.weights.map((w) => ({ ...w, shape: w.shape as number[] })).map((w) => (w.originalName.endsWith('moving_variance') ? tf.randomUniform(w.shape, 0.5, 2, 'float32', 1) : tf.randomNormal(w.shape, 0, 0.5, 'float32', 7))));
  return model;
}

describe('compileKeras on a toy topology', () => {
  it('equals tfjs-layers (softmax of our logits = model.predict) and leaks nothing', () => {
    const model = toyLayersModel();
    const topology = model.toJSON(null, false);
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
    const compiled = compileKeras(topology, weights, { logitsLayer: 'fc', numClasses: 4 });
    const x = tf.randomNormal([3, 6, 6, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const ours = tf.tidy(() => tf.softmax(compiled.logits(x)));
    expect(tf.memory().numTensors).toBe(before + 1);
    const ref = model.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0]).toBeLessThan(1e-5);
    expect(compiled.layers.map((l) => l.name)).not.toContain('bn_a'); // folded into conv_a
    expect(compiled.layers.find((l) => l.name === 'conv_a')?.weightNames).toContain('bn_a/moving_mean');
    compiled.dispose();
    model.dispose();
  });
  it('names a layer type it cannot compile', () => {
    const topo = { class_name: 'Model', config: { layers: [{ class_name: 'LSTM', config: { name: 'lstm' }, inbound_nodes: [] }], input_layers: [], output_layers: [] } };
    expect(() => compileKeras(topo, {}, { logitsLayer: 'lstm', numClasses: 1 })).toThrow(/LSTM/);
  });
});

describe('ForwardOptions.tap: one layer\'s output, seen and replaceable', () => {
  it('reads a layer (a folded BatchNorm reads its conv), replaces it for one call, rejects unknown layers', () => {
    const model = toyLayersModel();
    const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
    const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 4 });
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
    const base = tf.tidy(() => compiled.logits(x));
    for (const layer of ['relu_a', 'bn_b', 'add_1']) {
      const ref = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
      let seen: tf.Tensor | null = null;
      const logits = compiled.logits(x, { tap: { layer, replace: (a) => (seen = a) } });
      expect(maxDiff(seen!, ref)).toBeLessThan(1e-5);
      expect(maxDiff(logits, base)).toBe(0); // returning it unchanged changes nothing
      tf.dispose([ref, seen!, logits]);
    }
    // Zero after add_1: max-pool and GAP of zeros are zero, so the logits are fc's bias.
    const zeroed = tf.tidy(() => compiled.logits(x, { tap: { layer: 'add_1', replace: (a) => tf.zerosLike(a) } }));
    expect(tf.tidy(() => maxDiff(zeroed, tf.stack([weights['fc/bias'], weights['fc/bias']])))).toBeLessThan(1e-6);
    expect(tf.tidy(() => maxDiff(compiled.logits(x), base))).toBe(0); // only for that call
    expect(() => compiled.logits(x, { tap: { layer: 'nope', replace: (a) => a } })).toThrow(/nope/);
    tf.dispose([x, base, zeroed]);
    compiled.dispose();
    model.dispose();
  });
});

describeRealModel('compiled MobileNet: replaceable parts and input-only gradients', () => {
  let m: LoadedModel;
  // GAP makes the network size-agnostic; 96x96 keeps the CPU test fast.
  const x = tf.randomUniform([1, 96, 96, 3], -1, 1, 'float32', 11) as tf.Tensor4D;
  beforeAll(async () => {
    m = await loadModel(MODELS['mobilenet_v1_0.75_224'], fileHandler(MODELS['mobilenet_v1_0.75_224']));
  });
  afterAll(() => m?.dispose());

  it('routes every ReLU6 through the replaceable nonlinearity', () => {
    const seen: string[] = [];
    const base = tf.tidy(() => m.compiled.logits(x));
    const swapped = tf.tidy(() =>
      m.compiled.logits(x, { nonlinearities: { relu6: (t, layer) => (seen.push(layer), tf.relu(t)) } }),
    );
    expect(seen).toHaveLength(27);
    expect(new Set(seen).size).toBe(27);
    expect(tf.max(tf.abs(tf.sub(base, swapped))).dataSync()[0]).toBeGreaterThan(1e-3);
    tf.dispose([base, swapped]);
  });

  it('uses replacement weights for one call only', () => {
    const base = tf.tidy(() => m.compiled.logits(x));
    const zeroKernel = tf.zerosLike(m.weights['conv_preds/kernel']);
    const replaced = tf.tidy(() => m.compiled.logits(x, { weights: { 'conv_preds/kernel': zeroKernel } }));
    // With a zero kernel the logits are exactly the bias.
    expect(tf.max(tf.abs(tf.sub(replaced, tf.reshape(m.weights['conv_preds/bias'], [1, 1000])))).dataSync()[0]).toBe(0);
    const again = tf.tidy(() => m.compiled.logits(x));
    expect(tf.max(tf.abs(tf.sub(base, again))).dataSync()[0]).toBe(0);
    // Overriding a folded BatchNorm's statistics refolds it.
    const mean = m.weights['conv1_bn/moving_mean'];
    const shifted = tf.tidy(() => m.compiled.logits(x, { weights: { 'conv1_bn/moving_mean': tf.add(mean, 1) } }));
    expect(tf.max(tf.abs(tf.sub(base, shifted))).dataSync()[0]).toBeGreaterThan(1e-3);
    expect(() => m.compiled.logits(x, { weights: { 'conv_preds/kernel': tf.zeros([1]) } })).toThrow(/shape/);
    tf.dispose([base, zeroKernel, replaced, again, shifted]);
  });

  it('computes input gradients without any weight-gradient kernel', async () => {
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.gather(m.compiled.logits(input as tf.Tensor4D), [1], 1)));
    const profile = await tf.profile(() => grad(x));
    const kernels = new Set(profile.kernelNames);
    expect(kernels.has('Conv2DBackpropInput')).toBe(true);
    expect(kernels.has('DepthwiseConv2dNativeBackpropInput')).toBe(true);
    expect(kernels.has('Conv2DBackpropFilter')).toBe(false);
    expect(kernels.has('DepthwiseConv2dNativeBackpropFilter')).toBe(false);
    const before = tf.memory().numTensors;
    tf.tidy(() => grad(x)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

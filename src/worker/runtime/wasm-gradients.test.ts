/**
 * The differentiated paths on the wasm backend (with wasm-kernels.ts) equal the CPU backend's, on a
 * small compiled network with every layer kind the compiler builds: Conv2D (strided, 'same', 'valid',
 * with an activation, BatchNorm folded or not), DepthwiseConv2D (stride 1 'same', stride 2 'valid' after
 * MobileNet's asymmetric ZeroPadding2D, channel multiplier 2), ReLU(6), Activation, standalone
 * BatchNormalization, Add, ZeroPadding2D, MaxPooling2D (3x3/2 as ResNet, 2x2/1 'same'), GAP, Reshape,
 * Dropout, Flatten, Dense. Compared: the forward pass, the input gradient, DeepLIFT's rules, Grad-CAM's
 * layer gradient (at a ReLU feeding a max-pool: all-zero windows, where wasm's own MaxPoolGrad is
 * wrong) and the attack loss gradient through the caffe preprocessing.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepLiftNonlinearities } from '../../methods/deeplift/deeplift-rules';
import { lossGradient } from '../../features/attacks/worker/gradient-attacks';
import { compileKeras, type CompiledModel } from './compile';
import { preprocessTensor } from './pixel-model';
import './wasm-kernels';

type Sym = tf.SymbolicTensor;

function toyNetwork(): tf.LayersModel {
  const input = tf.input({ shape: [16, 16, 3], name: 'input_1' });
  const l = tf.layers;
  let x = l.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'conv1' }).apply(input) as Sym;
  x = l.batchNormalization({ name: 'conv1_bn' }).apply(x) as Sym;
  x = l.activation({ activation: 'relu', name: 'act1' }).apply(x) as Sym;
  x = l.maxPooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'pool_same' }).apply(x) as Sym;
  x = l.depthwiseConv2d({ kernelSize: 3, padding: 'same', useBias: false, name: 'dw1' }).apply(x) as Sym;
  x = l.batchNormalization({ name: 'dw1_bn' }).apply(x) as Sym;
  x = l.reLU({ maxValue: 6, name: 'dw1_relu' }).apply(x) as Sym;
  x = l.conv2d({ filters: 8, kernelSize: 1, useBias: false, name: 'pw1' }).apply(x) as Sym;
  x = l.batchNormalization({ name: 'pw1_bn' }).apply(x) as Sym;
  x = l.reLU({ maxValue: 6, name: 'pw1_relu' }).apply(x) as Sym;
  x = l.zeroPadding2d({ padding: [[0, 1], [0, 1]], name: 'pad2' }).apply(x) as Sym;
  x = l.depthwiseConv2d({ kernelSize: 3, strides: 2, depthMultiplier: 2, padding: 'valid', name: 'dw2' }).apply(x) as Sym;
  const a = l.reLU({ maxValue: 6, name: 'dw2_relu' }).apply(x) as Sym;
  let b = l.conv2d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv_b' }).apply(a) as Sym;
  b = l.batchNormalization({ name: 'bn_b' }).apply(b) as Sym;
  x = l.add({ name: 'add' }).apply([a, b]) as Sym;
  x = l.activation({ activation: 'relu', name: 'act_add' }).apply(x) as Sym;
  x = l.zeroPadding2d({ padding: 1, name: 'pool_pad' }).apply(x) as Sym;
  x = l.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool' }).apply(x) as Sym;
  x = l.globalAveragePooling2d({ name: 'gap' }).apply(x) as Sym;
  x = l.reshape({ targetShape: [1, 1, 16], name: 'reshape_1' }).apply(x) as Sym;
  x = l.dropout({ rate: 0.5, name: 'dropout' }).apply(x) as Sym;
  x = l.conv2d({ filters: 12, kernelSize: 1, name: 'conv_preds' }).apply(x) as Sym;
  x = l.flatten({ name: 'flatten' }).apply(x) as Sym;
  x = l.dense({ units: 8, activation: 'relu', name: 'fc1' }).apply(x) as Sym;
  const out = l.dense({ units: 5, activation: 'softmax', name: 'fc' }).apply(x) as Sym;
  const model = tf.model({ inputs: input, outputs: out });
  // Non-trivial BatchNorm statistics and weights large enough that the ReLUs cut.
  model.setWeights(
    model.weights.map((w, i) =>
      w.originalName.endsWith('moving_variance') ? tf.randomUniform(w.shape as number[], 0.5, 2, 'float32', i) : tf.randomNormal(w.shape as number[], 0, 0.6, 'float32', 100 + i),
    ),
  );
  return model;
}

const TARGET = 3;
const logit = (model: CompiledModel, options?: Parameters<CompiledModel['logits']>[1]) => (t: tf.Tensor) =>
  tf.sum(tf.gather(model.logits(t as tf.Tensor4D, options), [TARGET], 1));

const PATHS: Array<[string, (model: CompiledModel, x: tf.Tensor4D) => tf.Tensor]> = [
  ['forward (fused, inference only)', (m, x) => m.logits(x, { inferenceOnly: true })],
  ['input gradient', (m, x) => tf.grad(logit(m))(x)],
  ['DeepLIFT rules (input and baseline rows)', (m, x) => tf.grad(logit(m, { nonlinearities: deepLiftNonlinearities() }))(tf.concat([x, tf.mul(x, 0.25)]))],
  ...['act_add', 'pw1_relu', 'dw2_relu'].map((layer): [string, (m: CompiledModel, x: tf.Tensor4D) => tf.Tensor] => [
    `Grad-CAM layer gradient at ${layer}`,
    (m, x) => {
      let seen: tf.Tensor | null = null;
      m.logits(x, { tap: { layer, replace: (t) => (seen = t) } });
      return tf.grad((t: tf.Tensor) => tf.sum(tf.gather(m.logits(x, { tap: { layer, replace: () => t } }), [TARGET], 1)))(seen!);
    },
  ]),
  ['attack loss gradient (caffe preprocessing)', (m, x) => lossGradient((p) => m.logits(preprocessTensor(p, 'caffe')), tf.mul(tf.add(x, 2), 60) as tf.Tensor4D, TARGET)],
];

describe('gradients of a compiled network with every layer kind: wasm equals cpu', () => {
  let layers: tf.LayersModel;
  let model: CompiledModel;
  let x: tf.Tensor4D;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    layers = toyNetwork();
    const weights = Object.fromEntries(layers.weights.map((w) => [w.originalName, w.read()]));
    model = compileKeras(layers.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 5 });
    x = tf.randomNormal([2, 16, 16, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
    tf.dispose(x);
    model.dispose();
    layers.dispose();
  });

  it.each(PATHS)('%s', async (_name, path) => {
    const run = async (backend: string) => {
      expect(await tf.setBackend(backend)).toBe(true);
      const y = tf.tidy(() => path(model, x));
      const values = (await y.data()) as Float32Array;
      y.dispose();
      return values;
    };
    const cpu = await run('cpu');
    const wasm = await run('wasm');
    await tf.setBackend('cpu');
    expect(wasm.length).toBe(cpu.length);
    let scale = 0;
    let diff = 0;
    for (let i = 0; i < cpu.length; i++) {
      scale = Math.max(scale, Math.abs(cpu[i]));
      diff = Math.max(diff, Math.abs(wasm[i] - cpu[i]));
    }
    console.log(`${_name}: max |cpu| = ${scale.toExponential(2)}, max |wasm - cpu| = ${diff.toExponential(2)}`);
    expect(scale).toBeGreaterThan(0);
    expect(diff).toBeLessThanOrEqual(1e-5 * scale);
  });
});

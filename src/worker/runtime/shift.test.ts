import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { toModelInput } from '../../shared/image/pixels';
import { assetPath, fileHandler } from '../../testing/node-io';
import { croppedRgb } from '../../testing/node-image';
import { compileKeras, type CompiledModel } from './compile';
import { loadModel, type LoadedModel } from './load-model';
import { shiftCompensation } from './shift';
import { describeRealModel } from '../../testing/tiers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxAbs = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const shiftTensor = (c: number[]) => tf.tensor4d(c, [1, 1, 1, c.length]);

/** Input gradient of logit `cls`, through the plain (differentiable) ops. */
function inputGradient(model: CompiledModel, x: tf.Tensor4D, cls: number, options = {}): tf.Tensor4D {
  return tf.grad((input: tf.Tensor) => tf.sum(tf.gather(model.logits(input as tf.Tensor4D, options), [cls], 1)))(x) as tf.Tensor4D;
}

/** Random weights with non-trivial BatchNorm statistics (a wrong compensation cannot pass). */
function randomizeWeights(model: tf.LayersModel): void {
  model.setWeights(
    model.weights.map((w, i) => {
      const shape = w.shape as number[];
      if (w.originalName.endsWith('moving_variance')) return tf.randomUniform(shape, 0.5, 2, 'float32', 100 + i);
      if (w.originalName.endsWith('moving_mean')) return tf.randomNormal(shape, 0, 3, 'float32', 100 + i);
      return tf.randomNormal(shape, 0, 0.3, 'float32', 100 + i);
    }),
  );
}

function compileToy(model: tf.LayersModel, logitsLayer: string, numClasses: number) {
  const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
  return { weights, compiled: compileKeras(model.toJSON(null, false), weights, { logitsLayer, numClasses }) };
}

/** ResNet-50's stem in miniature: InputLayer -> ZeroPadding2D -> Conv2D (bias, valid) -> BN -> ReLU -> GAP -> Dense. */
function resnetStemToy(): tf.LayersModel {
  const input = tf.input({ shape: [11, 11, 3], name: 'input_1' });
  const padded = tf.layers.zeroPadding2d({ padding: [[3, 3], [3, 3]], name: 'conv1_pad' }).apply(input) as tf.SymbolicTensor;
  const conv = tf.layers.conv2d({ filters: 6, kernelSize: 7, strides: 2, padding: 'valid', name: 'conv1' }).apply(padded) as tf.SymbolicTensor;
  const bn = tf.layers.batchNormalization({ name: 'bn_conv1', epsilon: 1e-3 }).apply(conv) as tf.SymbolicTensor;
  const relu = tf.layers.activation({ activation: 'relu', name: 'activation_1' }).apply(bn) as tf.SymbolicTensor;
  const gap = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(relu) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 5, activation: 'softmax', name: 'fc1000' }).apply(gap) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  randomizeWeights(model);
  return model;
}

describe('ForwardOptions.inputPadValue', () => {
  it("zero pad value reproduces TF 'same' padding exactly (odd/even sizes, strides, dilation, depthwise)", () => {
    const cases = [
      { size: 7, conv: { kernelSize: 3, strides: 2 } },
      { size: 8, conv: { kernelSize: 3, strides: 2 } },
      { size: 9, conv: { kernelSize: 4, strides: 3 } },
      { size: 8, conv: { kernelSize: 3, strides: 1, dilationRate: 2 } },
    ];
    for (const [i, c] of cases.entries()) {
      for (const depthwise of [false, true]) {
        const input = tf.input({ shape: [c.size, c.size, 2], name: 'input_1' });
        const layer = depthwise
          ? tf.layers.depthwiseConv2d({ ...c.conv, padding: 'same', depthMultiplier: 2, name: 'first' })
          : tf.layers.conv2d({ ...c.conv, filters: 3, padding: 'same', name: 'first' });
        const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(
          tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(layer.apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor,
        ) as tf.SymbolicTensor;
        const flat = tf.layers.dense({ units: 3, name: 'fc' }).apply(gap) as tf.SymbolicTensor;
        const model = tf.model({ inputs: input, outputs: flat });
        randomizeWeights(model);
        const { weights, compiled } = compileToy(model, 'fc', 3);
        const x = tf.randomNormal([2, c.size, c.size, 2], 0, 1, 'float32', 40 + i) as tf.Tensor4D;
        const ref = model.predict(x) as tf.Tensor;
        const plain = tf.tidy(() => compiled.logits(x));
        const zeroPad = tf.tidy(() => compiled.logits(x, { inputPadValue: [0, 0] }));
        const fused = tf.tidy(() => compiled.logits(x, { inputPadValue: [0, 0], inferenceOnly: true }));
        // tfjs-layers' DepthwiseConv2D drops dilation_rate (passes null), so it is no reference there.
        if (!(depthwise && c.conv.dilationRate)) expect(maxAbs(plain, ref)).toBeLessThan(1e-5);
        expect(maxAbs(zeroPad, plain)).toBe(0); // explicit TF-'same' amounts + 'valid' == 'same'
        expect(maxAbs(fused, plain)).toBeLessThan(1e-5);
        // A non-zero value changes the border, so the option does reach the conv.
        const valued = tf.tidy(() => compiled.logits(x, { inputPadValue: [5, -5] }));
        expect(maxAbs(valued, plain)).toBeGreaterThan(1e-3);
        if (!depthwise) {
          // ...and pads where TF's 'same' pads: compensating a shift through the 'same' conv is exact.
          const shift = [0.7, -1.9];
          const comp = shiftCompensation(compiled, weights, shift);
          const shifted = tf.tidy(() => compiled.logits(tf.add(x, shiftTensor(shift)) as tf.Tensor4D, { weights: comp.weights, inputPadValue: comp.inputPadValue }));
          expect(maxAbs(shifted, plain)).toBeLessThan(1e-5); // measured <= 1.5e-7
          shifted.dispose();
          comp.dispose();
        }
        tf.dispose([x, ref, plain, zeroPad, fused, valued]);
        compiled.dispose();
        model.dispose();
      }
    }
  });

  it('rejects a pad value whose length is not the channel count', () => {
    const model = resnetStemToy();
    const { compiled } = compileToy(model, 'fc1000', 5);
    const x = tf.zeros([1, 11, 11, 3]) as tf.Tensor4D;
    expect(() => compiled.logits(x, { inputPadValue: [1, 2] })).toThrow(/inputPadValue/);
    x.dispose();
    compiled.dispose();
    model.dispose();
  });
});

describe('shiftCompensation on a ResNet-50-like stem (bias path)', () => {
  it('f2(x + c) == f1(x), needs the padded border, keeps the input gradient, leaks nothing', () => {
    const model = resnetStemToy();
    const { weights, compiled } = compileToy(model, 'fc1000', 5);
    // Caffe-like units (pixel values minus a mean): a per-channel shift of tens of units.
    const x = tf.randomNormal([2, 11, 11, 3], 0, 50, 'float32', 9) as tf.Tensor4D;
    const base = tf.tidy(() => compiled.logits(x));
    const scale = tf.tidy(() => tf.max(tf.abs(base)).dataSync()[0]);
    for (const c of [[30, 30, 30], [-50, -50, -50], [103.9, -116.8, 12.5]]) {
      const before = tf.memory().numTensors;
      const comp = shiftCompensation(compiled, weights, c);
      expect(comp.layer).toBe('conv1');
      expect(Object.keys(comp.weights)).toEqual(['conv1/bias']);
      expect(comp.inputPadValue).toEqual(c);
      const xs = tf.tidy(() => tf.add(x, shiftTensor(c)) as tf.Tensor4D);
      const shifted = tf.tidy(() => compiled.logits(xs, { weights: comp.weights, inputPadValue: comp.inputPadValue }));
      // Measured: max |diff| 4.8e-6 to 7.6e-6 on logits up to 17.3 (<= 4.4e-7 relative).
      expect(maxAbs(shifted, base) / scale).toBeLessThan(1e-5);
      // Bias alone, zero padding at the border: measured 8.2 to 33.
      const biasOnly = tf.tidy(() => compiled.logits(xs, { weights: comp.weights }));
      expect(maxAbs(biasOnly, base)).toBeGreaterThan(1e-3);
      const g1 = tf.tidy(() => inputGradient(compiled, x, 2));
      const g2 = tf.tidy(() => inputGradient(compiled, xs, 2, { weights: comp.weights, inputPadValue: comp.inputPadValue }));
      expect(maxAbs(g2, g1) / tf.tidy(() => tf.max(tf.abs(g1)).dataSync()[0])).toBeLessThan(1e-4); // measured 0
      tf.dispose([xs, shifted, biasOnly, g1, g2]);
      comp.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    // The original bias is untouched.
    const again = tf.tidy(() => compiled.logits(x));
    expect(maxAbs(again, base)).toBe(0);
    tf.dispose([x, base, again]);
    compiled.dispose();
    model.dispose();
  });

  it('refuses a first conv with neither bias nor BatchNorm, and a shift of the wrong length', () => {
    const input = tf.input({ shape: [5, 5, 3], name: 'input_1' });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, useBias: false, name: 'conv1' }).apply(input) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(conv) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2, name: 'fc' }).apply(gap) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const { weights, compiled } = compileToy(model, 'fc', 2);
    expect(() => shiftCompensation(compiled, weights, [1, 2, 3])).toThrow(/neither a bias nor a folded BatchNormalization/);
    expect(() => shiftCompensation(compiled, weights, [1, 2])).toThrow(/3 input channels/);
    compiled.dispose();
    model.dispose();
  });
});

describeRealModel('shiftCompensation on MobileNet v1 (no bias: folded BatchNorm mean), full 224x224', () => {
  let m: LoadedModel;
  let x: tf.Tensor4D;
  let base: tf.Tensor2D;
  beforeAll(async () => {
    m = await loadModel(MODELS['mobilenet_v1_0.75_224'], fileHandler(MODELS['mobilenet_v1_0.75_224']));
    const rgb = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'));
    x = tf.tensor4d(toModelInput(rgb, 'mobilenet'), [1, 224, 224, 3]);
    base = tf.tidy(() => m.compiled.logits(x));
  });
  afterAll(() => {
    tf.dispose([x, base]);
    m?.dispose();
  });

  // Pixel shifts (0..255 units) converted to MobileNet's input units (x = rgb / 127.5 - 1).
  const shifts: Array<[string, number[]]> = [
    ['+30 px', [30, 30, 30].map((p) => p / 127.5)],
    ['-50 px', [-50, -50, -50].map((p) => p / 127.5)],
    ['per channel (+40, -20, +90) px', [40, -20, 90].map((p) => p / 127.5)],
  ];

  it.each(shifts)('logits(x + c, compensated) == logits(x) for a %s shift; zero padding breaks it', (_, c) => {
    const comp = shiftCompensation(m.compiled, m.weights, c);
    expect(comp.layer).toBe('conv1');
    expect(Object.keys(comp.weights)).toEqual(['conv1_bn/moving_mean']);
    const xs = tf.tidy(() => tf.add(x, shiftTensor(c)) as tf.Tensor4D);
    const shifted = tf.tidy(() => m.compiled.logits(xs, { weights: comp.weights, inputPadValue: comp.inputPadValue }));
    const fused = tf.tidy(() => m.compiled.logits(xs, { weights: comp.weights, inputPadValue: comp.inputPadValue, inferenceOnly: true }));
    // Measured max |diff| (plain and fused alike): 2.19e-5 (+30 px), 2.29e-5 (-50 px), 2.19e-5 (per channel).
    expect(maxAbs(shifted, base)).toBeLessThan(1e-4);
    expect(maxAbs(fused, base)).toBeLessThan(1e-4);
    // Mean compensation alone, zero padding at the border: measured 0.32, 0.29, 0.53.
    const meanOnly = tf.tidy(() => m.compiled.logits(xs, { weights: comp.weights }));
    expect(maxAbs(meanOnly, base)).toBeGreaterThan(1e-3);
    // Without any compensation the shift is a real change of input: measured 0.89, 2.0, 5.5.
    const uncompensated = tf.tidy(() => m.compiled.logits(xs));
    expect(maxAbs(uncompensated, base)).toBeGreaterThan(0.1);
    tf.dispose([xs, shifted, fused, meanOnly, uncompensated]);
    comp.dispose();
  });

  it('the input gradient of the shifted model at x + c equals the original one at x', () => {
    const c = [40, -20, 90].map((p) => p / 127.5);
    const comp = shiftCompensation(m.compiled, m.weights, c);
    const shifted = { weights: comp.weights, inputPadValue: comp.inputPadValue };
    const xs = tf.tidy(() => tf.add(x, shiftTensor(c)) as tf.Tensor4D);
    const relMax = (a: tf.Tensor, b: tf.Tensor) => maxAbs(a, b) / tf.tidy(() => tf.max(tf.abs(b)).dataSync()[0]);
    const relL2 = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.norm(tf.sub(a, b)).dataSync()[0] / tf.norm(b).dataSync()[0]);

    // The algebra, exactly: with ReLU6 replaced by a smooth clip (softplus(t) - softplus(t - 6)) the
    // gradients agree everywhere. Measured: max |g2 - g1| / max |g1| = 3.2e-6.
    const smooth = { relu6: (t: tf.Tensor) => tf.sub(tf.softplus(t), tf.softplus(tf.sub(t, 6))) };
    const s1 = tf.tidy(() => inputGradient(m.compiled, x, 1, { nonlinearities: smooth }));
    const s2 = tf.tidy(() => inputGradient(m.compiled, xs, 1, { ...shifted, nonlinearities: smooth }));
    expect(relMax(s2, s1)).toBeLessThan(1e-4);

    // The real network: its gradient is piecewise constant in the ReLU6 masks, and the ~1e-6 float32
    // rounding of x + c flips the odd unit that sits within 1e-6 of a kink, which moves the gradient in
    // that unit's receptive field only. Measured for this shift: relative L2 5.0e-3, max 6.6e-2 at a
    // single pixel, 41 of 50176 pixels off by more than 1 % of max |g1| (for a -50 px shift, no unit
    // flips and the gradients are bit-identical).
    const g1 = tf.tidy(() => inputGradient(m.compiled, x, 1));
    const g2 = tf.tidy(() => inputGradient(m.compiled, xs, 1, shifted));
    expect(relL2(g2, g1)).toBeLessThan(2e-2);
    const scale = tf.tidy(() => tf.max(tf.abs(g1)).dataSync()[0]);
    const offPixels = tf.tidy(() => tf.sum(tf.cast(tf.greater(tf.sum(tf.abs(tf.sub(g2, g1)), 3), 1e-2 * scale), 'int32')).dataSync()[0]);
    expect(offPixels).toBeLessThan(0.005 * 224 * 224);

    // ...while Input x Gradient is not invariant: (x + c) * g differs from x * g by c * g.
    const ixg1 = tf.mul(x, g1);
    const ixg2 = tf.mul(xs, g2);
    expect(relL2(ixg2, ixg1)).toBeGreaterThan(0.1); // measured 0.59
    tf.dispose([xs, s1, s2, g1, g2, ixg1, ixg2]);
    comp.dispose();
    // The originals are untouched.
    const again = tf.tidy(() => m.compiled.logits(x));
    expect(maxAbs(again, base)).toBe(0);
    again.dispose();
  });
});

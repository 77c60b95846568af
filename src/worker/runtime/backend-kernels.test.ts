/**
 * Every kernel our forward and gradient paths dispatch must exist on the backends the app runs on:
 * tfjs throws "kernel not registered" only at run time, on the student's machine. Profile the paths on
 * the CPU backend and look each kernel up in the webgpu, webgl and wasm registries (wasm with the
 * kernels wasm-kernels.ts adds: without them it lacks DepthwiseConv2dNativeBackpropInput and
 * UnsortedSegmentSum).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import './wasm-kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { deepLiftNonlinearities } from '../../methods/deeplift/deeplift-rules';
import { reluRuleNonlinearities } from '../attribution/relu-rules';
import { fileHandler } from '../../testing/node-io';
import { compileKeras, type CompiledModel, type ForwardOptions } from './compile';
import { loadModel, type LoadedModel } from './load-model';
import { preprocessTensor } from './pixel-model';
import type { Preprocessing } from '../../shared/models/registry';
import { lossGradient } from '../../features/attacks/worker/gradient-attacks';
import { marginOf } from '../../features/counterfactuals/worker/optimise';
import { gradCamPP } from '../../methods/gradcam_pp/grad-cam-pp';
import { scoreCam } from '../../methods/score_cam/score-cam';
import { contextFor } from '../../testing/context';
import { gaussianBlur } from '../../methods/blur_ig/gaussian';
import { inputBounds, presetChoice } from '../../methods/lrp/lrp';
import { lrpForwardOptions } from '../../methods/lrp/lrp-rules';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Path = () => tf.TensorContainer | Promise<tf.TensorContainer>;

async function kernelsOf(f: Path): Promise<string[]> {
  const info = await tf.profile(async () => {
    tf.dispose(await f());
  });
  // The profile also lists tf.customGrad compositions (fused ops, DeepLIFT rules: "fusedConv2d__op",
  // "forward"), which run as JS and dispatch real kernels listed on their own. Having run on the CPU
  // backend, the real kernels are exactly those registered for cpu.
  return [...new Set(info.kernelNames)].filter((k) => tf.getKernel(k, 'cpu'));
}

function paths(model: CompiledModel, x: tf.Tensor4D, layer: string, preprocessing: Preprocessing, camLayer?: string): Array<[string, Path]> {
  const grad = (options?: ForwardOptions) => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(model.logits(t as tf.Tensor4D, options), [1], 1)));
  const pair = tf.concat([x, tf.zerosLike(x)], 0);
  const pixels = (p: tf.Tensor4D) => model.logits(preprocessTensor(p, preprocessing));
  // Grad-CAM++'s and Score-CAM's own ops (the model's are the other paths): on the small topology only,
  // as Score-CAM runs one forward pass per channel.
  const cams: Array<[string, Path]> = camLayer
    ? [
        [
          'Grad-CAM++ and Score-CAM (weights, channel masks, softmax, resizes)',
          async () => {
            const ctx = contextFor(model, { batchSize: 16 });
            const maps = [await gradCamPP(x, 1, { layer: camLayer }, ctx), await scoreCam(x, 1, { layer: camLayer }, ctx)];
            return maps.map((m) => m.attributions);
          },
        ],
      ]
    : [];
  return [
    ['inference forward', () => tf.softmax(model.logits(x, { inferenceOnly: true }))],
    ['input gradient', () => grad()(x)],
    ['DeepLift rules', () => grad({ nonlinearities: deepLiftNonlinearities() })(pair)],
    ['Guided Backprop rules', () => grad({ nonlinearities: reluRuleNonlinearities('guided') })(x)],
    ['Deconvolution rules', () => grad({ nonlinearities: reluRuleNonlinearities('deconv') })(x)],
    [
      'layer tap gradient (Grad-CAM)',
      () => {
        let a: tf.Tensor | null = null;
        model.logits(x, { tap: { layer, replace: (t) => (a = t) } });
        return tf.grad((t: tf.Tensor) => tf.sum(tf.gather(model.logits(x, { tap: { layer, replace: () => t } }), [1], 1)))(a!);
      },
    ],
    ['Blur IG (Gaussian blur with constant padding)', () => gaussianBlur(x, 3, [0, 0, 0])],
    ...(['composite', 'zplus'] as const).map((rule): [string, Path] => [
      `LRP rules (${rule}, with the w\u00b2 fallback)`,
      () => grad(lrpForwardOptions(presetChoice({ rule, ...inputBounds(preprocessing) })))(x),
    ]),
    ['attack loss gradient (FGSM, PGD)', () => lossGradient(pixels, x, 1)],
    ['counterfactual hinge gradient', () => tf.grad((t: tf.Tensor) => tf.sum(tf.relu(tf.sub(0.1, marginOf(pixels(t as tf.Tensor4D), 2, 1)))))(x)],
    ...cams,
  ];
}

function missing(kernels: string[], backend: string): string[] {
  return kernels.filter((k) => !tf.getKernel(k, backend));
}

describe('kernels used by the model paths exist on webgpu, webgl and wasm', () => {
  let mobilenet: LoadedModel;
  beforeAll(async () => {
    mobilenet = await loadModel(MODELS['mobilenet_v1_0.75_224'], fileHandler(MODELS['mobilenet_v1_0.75_224']));
  });
  afterAll(() => mobilenet?.dispose());

  it('MobileNet (conv, depthwise, ReLU6)', async () => {
    const x = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    for (const [name, run] of paths(mobilenet.compiled, x, 'conv_pw_13_relu', 'mobilenet')) {
      const kernels = await kernelsOf(run);
      expect(kernels.length, name).toBeGreaterThan(3);
      expect(missing(kernels, 'webgpu'), `${name} on webgpu`).toEqual([]);
      expect(missing(kernels, 'webgl'), `${name} on webgl`).toEqual([]);
      expect(missing(kernels, 'wasm'), `${name} on wasm`).toEqual([]);
    }
    x.dispose();
  });

  it('a ResNet-style topology (zero padding, 3x3/2 max-pool, residual add, dense)', async () => {
    const input = tf.input({ shape: [16, 16, 3], name: 'input_1' });
    const c = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv1' }).apply(input) as tf.SymbolicTensor;
    const bn = tf.layers.batchNormalization({ name: 'bn_conv1' }).apply(c) as tf.SymbolicTensor;
    const r = tf.layers.activation({ activation: 'relu', name: 'act1' }).apply(bn) as tf.SymbolicTensor;
    const pad = tf.layers.zeroPadding2d({ padding: 1, name: 'pool1_pad' }).apply(r) as tf.SymbolicTensor;
    const pool = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1' }).apply(pad) as tf.SymbolicTensor;
    const branch = tf.layers.conv2d({ filters: 4, kernelSize: 1, name: 'branch' }).apply(pool) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'add_1' }).apply([pool, branch]) as tf.SymbolicTensor;
    const act = tf.layers.activation({ activation: 'relu', name: 'last' }).apply(sum) as tf.SymbolicTensor;
    const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(act) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 3, activation: 'softmax', name: 'fc' }).apply(gap) as tf.SymbolicTensor;
    const layers = tf.model({ inputs: input, outputs: out });
    const weights = Object.fromEntries(layers.weights.map((w) => [w.originalName, w.read()]));
    const model = compileKeras(layers.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 3 });
    const x = tf.randomNormal([1, 16, 16, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    for (const [name, run] of paths(model, x, 'last', 'caffe', 'last')) {
      const kernels = await kernelsOf(run);
      if (name === 'input gradient') expect(kernels, name).toContain('MaxPoolGrad');
      if (name.startsWith('Grad-CAM++')) expect(kernels, name).toEqual(expect.arrayContaining(['ResizeBilinear', 'Softmax', 'NotEqual', 'Select']));
      // The DeepLift max-pool rule splits ties with strided slices, comparisons and pads instead.
      if (name === 'DeepLift rules') expect(kernels, name).toEqual(expect.arrayContaining(['StridedSlice', 'Equal', 'PadV2', 'Pack']));
      expect(missing(kernels, 'webgpu'), `${name} on webgpu`).toEqual([]);
      expect(missing(kernels, 'webgl'), `${name} on webgl`).toEqual([]);
      expect(missing(kernels, 'wasm'), `${name} on wasm`).toEqual([]);
    }
    tf.dispose([x]);
    model.dispose();
    layers.dispose();
  });
});

/**
 * shared/models/method-work.ts against what the engine really runs: every row through the compiled
 * network is counted (inference-only rows vs rows that are differentiated), for the methods the bench
 * times, with and without a named target.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { methodWork, type BenchedMethod } from '../../shared/models/method-work';
import { compileKeras } from '../runtime/compile';
import type { LoadedModel } from '../runtime/load-model';
import { runAttribution } from './engine';
import { DEFAULT_PARAMS, type AttributionParams } from '../../methods/params';

const SIZE = 8;
let model: LoadedModel;
let keras: tf.LayersModel;
const rows = { forward: 0, gradient: 0 };
const rgba = Uint8ClampedArray.from({ length: SIZE * SIZE * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 53) % 256));

beforeAll(async () => {
  await tf.setBackend('cpu');
  const input = tf.input({ shape: [SIZE, SIZE, 3], name: 'input_1' });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) });
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(conv.apply(input)) as tf.SymbolicTensor;
  const fc = tf.layers.dense({ units: 3, name: 'fc', kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) });
  keras = tf.model({ inputs: input, outputs: fc.apply(gap) as tf.SymbolicTensor });
  const weights = Object.fromEntries(keras.weights.map((w) => [w.originalName, w.read()]));
  const compiled = compileKeras(keras.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 3 });
  const logits = compiled.logits.bind(compiled);
  compiled.logits = (x, options) => {
    rows[options?.inferenceOnly ? 'forward' : 'gradient'] += x.shape[0];
    return logits(x, options);
  };
  const spec = { ...MODELS['mobilenet_v1_0.75_224'], inputSize: SIZE, numClasses: 3, logitsLayer: 'fc', gradCamLayer: 'conv' };
  model = { spec, compiled, weights, dispose: () => compiled.dispose() };
});
afterAll(() => {
  model.compiled.dispose();
  keras.dispose();
});

const CASES: Array<[BenchedMethod, Partial<AttributionParams>, { steps?: number; baselines?: number }]> = [
  ['saliency', {}, {}],
  ['ig', { steps: 50 }, { steps: 50 }],
  ['ig', { steps: 7, igMethod: 'riemann_trapezoid' }, { steps: 7 }],
  ['deepliftshap', { dist: 'black_white' }, { baselines: 2 }],
  ['deepliftshap', { dist: 'noise' }, { baselines: 4 }],
];

describe('methodWork equals the rows the engine runs', () => {
  for (const targetGiven of [false, true]) {
    it.each(CASES)(`%s %o (target ${targetGiven ? 'given' : 'predicted'})`, async (method, extra, options) => {
      rows.forward = 0;
      rows.gradient = 0;
      const params: AttributionParams = { ...DEFAULT_PARAMS, method, ...extra, target: targetGiven ? 2 : null, batch: 4 };
      const result = await runAttribution(model, rgba, params, { backend: 'cpu', progress: () => {}, checkCancelled: () => {} });
      // The bench reads timings.predictMs to know whether the predicted-class pass ran.
      expect(result.timings.predictMs === undefined).toBe(targetGiven);
      const want = methodWork(method, { ...options, targetGiven });
      expect({ forwardRows: rows.forward, gradientRows: rows.gradient }).toEqual({ forwardRows: want.forwardRows, gradientRows: want.gradientRows });
      expect(want.forwardEquivalents).toBe(want.forwardRows + 3 * want.gradientRows);
    });
  }
});

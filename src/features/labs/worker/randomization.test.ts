/**
 * The randomisation lab with several methods (Adebayo et al. 2018, Figure 2): every method runs on the
 * same seeded randomised models, on a small compiled Keras network (CPU backend); and the paper's
 * finding measured on MobileNet and the goldfish (wasm): Guided Backprop's map stays much more like its
 * original than the gradient's when the top layers are re-drawn.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type MethodId } from '../../../methods/params';
import { compareMaps } from '../../../shared/metrics/compare-maps';
import { attributionMap } from '../../../shared/viz/attribution-map';
import { MODELS } from '../../../shared/models/registry';
import { compileKeras } from '../../../worker/runtime/compile';
import { loadModel, type LoadedModel } from '../../../worker/runtime/load-model';
import type { EngineEnv } from '../../../worker/attribution/engine';
import { assetPath, fileHandler } from '../../../testing/node-io';
import { croppedRgb } from '../../../testing/node-image';
import { describeRealModel } from '../../../testing/tiers';
import type { RandomizationLabResult, TargetedParams } from '../protocol';
import { labMethods, randomizationLab } from './randomization';

const env = (backend: EngineEnv['backend'] = 'cpu'): EngineEnv => ({ backend, progress: () => {}, checkCancelled: () => {} });
const request = (method: MethodId, methods: MethodId[] | undefined, depth: number, target = 1) => ({
  lab: 'randomization' as const,
  params: { ...DEFAULT_PARAMS, method, target } as TargetedParams,
  mode: 'cascade' as const,
  depth,
  seed: 3,
  methods,
});

describe('labMethods', () => {
  it("the request's own method first, then the others named, each once", () => {
    expect(labMethods(request('gradcam', undefined, 1))).toEqual(['gradcam']);
    expect(labMethods(request('gradcam', [], 1))).toEqual(['gradcam']);
    expect(labMethods(request('gradcam', ['saliency', 'gradcam', 'ig', 'saliency'], 1))).toEqual(['gradcam', 'saliency', 'ig']);
  });
});

describe('several methods on the same randomised models (toy network)', () => {
  const SIZE = 16;
  let model: LoadedModel;
  let keras: tf.LayersModel;
  const rgba = Uint8ClampedArray.from({ length: SIZE * SIZE * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256));

  beforeAll(async () => {
    await tf.setBackend('cpu');
    const input = tf.input({ shape: [SIZE, SIZE, 3], name: 'input_1' });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) });
    const conv2 = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2', kernelInitializer: tf.initializers.glorotNormal({ seed: 5 }) });
    const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(conv2.apply(conv.apply(input))) as tf.SymbolicTensor;
    const fc = tf.layers.dense({ units: 4, name: 'fc', kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) });
    keras = tf.model({ inputs: input, outputs: fc.apply(gap) as tf.SymbolicTensor });
    const weights = Object.fromEntries(keras.weights.map((w) => [w.originalName, w.read()]));
    const compiled = compileKeras(keras.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 4 });
    const spec = { ...MODELS['mobilenet_v1_0.75_224'], inputSize: SIZE, numClasses: 4, logitsLayer: 'fc', gradCamLayer: 'conv2' };
    model = { spec, compiled, weights, dispose: () => compiled.dispose() };
  });
  afterAll(() => {
    model.compiled.dispose();
    keras.dispose();
  });

  it('each method gets its original map, one map per step and their similarities; the first is the request’s own (original, steps)', async () => {
    const before = tf.memory().numTensors;
    const r = await randomizationLab(model, rgba, request('saliency', ['guided_backprop', 'ixg'], 3), env());
    expect(tf.memory().numTensors).toBe(before);
    expect(r.series.map((s) => s.method)).toEqual(['saliency', 'guided_backprop', 'ixg']);
    expect(r.steps.map((s) => s.layers)).toEqual([['fc'], ['fc', 'conv2'], ['fc', 'conv2', 'conv']]);
    expect(r.series[0].original).toBe(r.original);
    r.steps.forEach((s, i) => {
      expect(r.series[0].results[i]).toBe(s.result);
      expect(r.series[0].similarity[i]).toEqual(s.similarity);
    });
    for (const s of r.series) {
      expect(s.results).toHaveLength(3);
      s.results.forEach((m, i) => {
        expect(m.method).toBe(s.method);
        expect(s.similarity[i]).toEqual(compareMaps(attributionMap(s.original), attributionMap(m), SIZE, SIZE));
      });
    }
    // Fully randomised, the gradient map has changed.
    expect(r.series[0].similarity[2].spearman).toBeLessThan(0.9);
  });

  it('every method’s maps equal that method run alone: the same seeded weights at each depth', async () => {
    const both = await randomizationLab(model, rgba, request('guided_backprop', ['saliency'], 2), env());
    const alone = (m: MethodId) => randomizationLab(model, rgba, request(m, undefined, 2), env());
    const single: RandomizationLabResult[] = [await alone('guided_backprop'), await alone('saliency')];
    both.series.forEach((s, k) => {
      expect(Array.from(s.original.attributions)).toEqual(Array.from(single[k].original.attributions));
      s.results.forEach((m, i) => expect(Array.from(m.attributions)).toEqual(Array.from(single[k].steps[i].result.attributions)));
    });
    // And the randomised maps differ from the originals (the weights were re-drawn).
    expect(Array.from(both.series[1].results[1].attributions)).not.toEqual(Array.from(both.series[1].original.attributions));
  });
});

describeRealModel('Adebayo et al. 2018, Figure 2, on MobileNet and the goldfish (cascading, 4 layers, seed 0)', () => {
  let model: LoadedModel;
  let rgba: Uint8ClampedArray;
  const spec = MODELS['mobilenet_v1_0.75_224'];

  beforeAll(async () => {
    model = await loadModel(spec, fileHandler(spec));
    const rgb = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'));
    rgba = new Uint8ClampedArray((rgb.length / 3) * 4);
    for (let p = 0; p < rgb.length / 3; p++) {
      for (let c = 0; c < 3; c++) rgba[p * 4 + c] = rgb[p * 3 + c];
      rgba[p * 4 + 3] = 255;
    }
  });
  afterAll(() => model?.dispose());

  it("Guided Backprop's |Spearman| to its original map stays higher than the gradient's at every depth", async () => {
    const r = await randomizationLab(model, rgba, { ...request('guided_backprop', ['saliency'], 4, 1), seed: 0 }, env('wasm'));
    const [guided, gradient] = r.series;
    expect([guided.method, gradient.method]).toEqual(['guided_backprop', 'saliency']);
    expect(r.steps.map((s) => s.layers.at(-1))).toEqual(['conv_preds', 'conv_pw_13', 'conv_dw_13', 'conv_pw_12']);
    const table = r.steps.map((s, i) => ({
      layer: s.layers.at(-1),
      guidedSpearmanAbs: guided.similarity[i].spearmanAbs,
      gradientSpearmanAbs: gradient.similarity[i].spearmanAbs,
      guidedSsim: guided.similarity[i].ssim,
      gradientSsim: gradient.similarity[i].ssim,
    }));
    console.log(JSON.stringify(table, null, 1));
    table.forEach((t) => expect(t.guidedSpearmanAbs).toBeGreaterThan(t.gradientSpearmanAbs));
    // The paper's point at the lab's default depth: Guided Backprop barely changes, the gradient does.
    expect(table[3].guidedSpearmanAbs).toBeGreaterThan(table[3].gradientSpearmanAbs + 0.2);
  }, 120_000);
});

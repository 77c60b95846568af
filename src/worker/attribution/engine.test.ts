/**
 * The worker's attribution entry point on a small compiled Keras network (conv, ReLU, global
 * average pooling, dense): memory stays flat over many runs of every method, and running out of GPU
 * memory retries with smaller batches and gives the same result.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { compileKeras } from '../runtime/compile';
import { GpuOutOfMemoryError } from '../runtime/gpu-faults';
import type { LoadedModel } from '../runtime/load-model';
import { runAttribution, runAttributionOnPixels, type EngineEnv } from './engine';
import { DEFAULT_PARAMS, METHOD_IDS, type AttributionParams } from '../../methods/params';

const SIZE = 16;
let model: LoadedModel;
let keras: tf.LayersModel;
const rgba = Uint8ClampedArray.from({ length: SIZE * SIZE * 4 }, (_, i) => (i % 4 === 3 ? 255 : (i * 37) % 256));

beforeAll(async () => {
  await tf.setBackend('cpu');
  const input = tf.input({ shape: [SIZE, SIZE, 3], name: 'input_1' });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }) });
  const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(conv.apply(input)) as tf.SymbolicTensor;
  const fc = tf.layers.dense({ units: 4, name: 'fc', kernelInitializer: tf.initializers.glorotNormal({ seed: 4 }) });
  keras = tf.model({ inputs: input, outputs: fc.apply(gap) as tf.SymbolicTensor });
  const weights = Object.fromEntries(keras.weights.map((w) => [w.originalName, w.read()]));
  const compiled = compileKeras(keras.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 4 });
  const spec = { ...MODELS['mobilenet_v1_0.75_224'], inputSize: SIZE, numClasses: 4, logitsLayer: 'fc', gradCamLayer: 'conv' };
  model = { spec, compiled, weights, dispose: () => compiled.dispose() };
});
afterAll(() => {
  model.compiled.dispose();
  keras.dispose();
});

const params = (method: AttributionParams['method'], batch: number): AttributionParams => ({
  ...DEFAULT_PARAMS,
  method,
  target: 1,
  steps: 8,
  blurSteps: 8,
  gigSteps: 8,
  xraiSteps: 4,
  samples: 6,
  dist: 'black_white',
  window: 4,
  stride: 4,
  batch,
});

function env(checkMemory?: (batch: number) => void): EngineEnv {
  // Expected Gradients' reference "photos": a gradient pattern per index.
  const samplePhotos = {
    count: 10,
    exclude: 1,
    load: async (indices: number[], size: number) => indices.map((k) => Float32Array.from({ length: size * size * 3 }, (_, i) => (i * (k + 3)) % 256)),
  };
  return { backend: 'cpu', progress: () => {}, checkCancelled: () => {}, checkMemory, samplePhotos };
}

describe('memory across runs', () => {
  it.each(METHOD_IDS)('%s: 20 consecutive runs leave tf.memory() unchanged', async (method) => {
    const p = params(method, 4);
    const first = await runAttribution(model, rgba, p, env()); // lazily created state, if any, exists after this
    const before = tf.memory();
    for (let i = 0; i < 20; i++) {
      const r = await runAttribution(model, rgba, { ...p, seed: i }, env());
      expect(r.memory.numTensorsAfter).toBe(r.memory.numTensorsBefore);
    }
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(first.attributions.length).toBeGreaterThan(0);
  });
});

describe('CAM layer', () => {
  it.each(['gradcam', 'gradcam_pp', 'score_cam', 'guided_gradcam'] as const)('%s: an unknown layer= fails the request with a message naming the choices, leaking nothing', async (method) => {
    const before = tf.memory().numTensors;
    await expect(runAttribution(model, rgba, { ...params(method, 4), layer: 'conv_pw_99_relu' }, env())).rejects.toThrow(
      /Unknown layer "conv_pw_99_relu" for MobileNet.*one of conv_pw_1_relu/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('out of GPU memory', () => {
  const oomAbove = (limit: number) => (batch: number) => {
    if (batch > limit) throw new GpuOutOfMemoryError('out of memory (test)');
  };

  it.each(['ig', 'gradshap', 'occlusion', 'score_cam'] as const)('%s: retries with halved batches and gives the result of the small batch', async (method) => {
    const small = await runAttribution(model, rgba, params(method, 2), env());
    const before = tf.memory();
    const retried = await runAttribution(model, rgba, params(method, 8), env(oomAbove(2)));
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    expect(retried.notes.outOfMemoryRetries).toBe('8 → 4 → 2');
    expect(retried.batchSize).toBe(2);
    expect(Array.from(retried.attributions)).toEqual(Array.from(small.attributions));
    expect(retried.delta).toEqual(small.delta);
  });

  it('gives up at batch 1, and never retries other errors', async () => {
    const before = tf.memory().numTensors;
    await expect(runAttribution(model, rgba, params('ig', 4), env(oomAbove(0)))).rejects.toThrow(/out of memory/);
    let calls = 0;
    const other = () => {
      calls++;
      throw new Error('shader compilation failed');
    };
    await expect(runAttribution(model, rgba, params('ig', 4), env(other))).rejects.toThrow(/shader/);
    expect(calls).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('numerical guards', () => {
  it('counts NaN/Inf attributions in the notes (the panels then refuse to draw the map)', async () => {
    const rgb = new Float32Array(SIZE * SIZE * 3).fill(100);
    rgb[5] = NaN;
    const r = await runAttributionOnPixels(model, rgb, rgba, params('ixg', 4), env());
    expect(r.notes.nonFiniteValues).toBeGreaterThan(0);
    const clean = await runAttributionOnPixels(model, rgb.fill(100), rgba, params('ixg', 4), env());
    expect(clean.notes.nonFiniteValues).toBeUndefined();
  });
});

/**
 * compileKeras on NESTED and odd topologies (issue 18): small models generated with tfjs-layers,
 * saved as tfjs saves them, compiled, and compared with tfjs-layers' own predict; and every hook the
 * methods rely on (nonlinearities, LayerTap, weight overrides, LRP's linear rule, shift compensation).
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flattenTopology } from '../../shared/models/keras-graph';
import { referenceLogits, randomizeWeights, saveToMemory, tinyMobileNet, tmToy, type SavedModel, type Sym } from '../../testing/nested-toy';
import { compileKeras, type CompiledModel } from './compile';
import { cascadeLayers, randomizedWeights, weightLayers } from './randomize';
import { shiftCompensation } from './shift';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

/** Compiles a saved model and checks logits (vs tfjs with a linear head) and softmax (vs predict), plain and fused. */
async function expectSameAsTfjs(saved: SavedModel, logitsLayer: string, numClasses: number, inputShape: [number, number, number]): Promise<CompiledModel> {
  const compiled = compileKeras(saved.artifacts.modelTopology, saved.weights, { logitsLayer, numClasses });
  const x = tf.randomNormal([3, ...inputShape], 0, 1, 'float32', 11) as tf.Tensor4D;
  const before = tf.memory().numTensors;
  const ours = tf.tidy(() => compiled.logits(x));
  expect(tf.memory().numTensors).toBe(before + 1); // no leaked intermediates
  const fused = tf.tidy(() => compiled.logits(x, { inferenceOnly: true }));
  const ref = await referenceLogits(saved.artifacts, logitsLayer, x);
  const probs = saved.model.predict(x) as tf.Tensor;
  expect(ours.shape).toEqual([3, numClasses]);
  expect(maxDiff(ours, ref)).toBeLessThan(1e-4);
  expect(maxDiff(fused, ref)).toBeLessThan(1e-4);
  expect(maxDiff(tf.tidy(() => tf.softmax(ours)), probs)).toBeLessThan(1e-4);
  expect(maxAbs(ours)).toBeGreaterThan(1e-2); // not a degenerate network
  tf.dispose([x, ours, fused, ref, probs]);
  return compiled;
}

describe("Teachable Machine's layout: Sequential[Sequential[Model, GAP], Sequential[Dense, Dropout, Dense]]", () => {
  let saved: SavedModel;
  let compiled: CompiledModel;
  beforeAll(async () => {
    saved = await saveToMemory(tmToy());
    compiled = await expectSameAsTfjs(saved, 'dense_Dense2', 3, [8, 8, 3]);
  });
  afterAll(() => {
    compiled?.dispose();
    saved?.model.dispose();
  });

  it('flattens to one graph with the manifest weight names, nested models gone', () => {
    const topology = saved.artifacts.modelTopology as { class_name: string };
    expect(topology.class_name).toBe('Sequential');
    const flat = flattenTopology(topology);
    const names = flat.layers.map((l) => l.config.name);
    expect(names).not.toContain('model_inner');
    expect(names).not.toContain('sequential_feat');
    expect(flat.inputs).toEqual(['model_inner_input']);
    expect(flat.outputs).toEqual(['dense_Dense2']);
    // Sequential layers chain in order; a nested model's output feeds what follows it.
    const inbound = (n: string) => flat.layers.find((l) => l.config.name === n)!.inbound_nodes[0][0][0];
    expect(inbound('global_average_pooling2d_GlobalAveragePooling2D1')).toBe('out_relu');
    expect(inbound('dense_Dense1')).toBe('global_average_pooling2d_GlobalAveragePooling2D1');
    expect(inbound('Conv1_pad')).toBe('model_inner_input');
    const weightNames = compiled.layers.flatMap((l) => l.weightNames);
    for (const w of saved.artifacts.weightSpecs!) expect(weightNames, w.name).toContain(w.name);
    // Folds: a BN right after a linear conv; the BN after the Add stays a layer of its own.
    const layerNames = compiled.layers.map((l) => l.name);
    expect(layerNames).not.toContain('bn_Conv1');
    expect(layerNames).toContain('block_add_BN');
  });

  it('routes ReLU(max_value 6) through relu6, ReLU(max_value 4) and Dense relu through relu', () => {
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
    const seen = { relu: [] as string[], relu6: [] as string[] };
    const swapped = tf.tidy(() =>
      compiled.logits(x, {
        nonlinearities: { relu: (t, l) => (seen.relu.push(l), tf.relu(t)), relu6: (t, l) => (seen.relu6.push(l), tf.relu6(t)) },
      }),
    );
    expect(seen.relu6.sort()).toEqual(['Conv1_relu', 'block_depthwise_relu', 'block_pointwise_relu6', 'out_relu'].sort());
    expect(seen.relu.sort()).toEqual(['block_relu4', 'dense_Dense1']);
    const base = tf.tidy(() => compiled.logits(x));
    expect(maxDiff(swapped, base)).toBe(0);
    tf.dispose([x, swapped, base]);
  });

  it('taps a layer inside the nested functional model (Grad-CAM) and replaces it for one call', () => {
    const inner = saved.model.layers[0] as tf.Sequential;
    const mobile = inner.layers[0] as tf.LayersModel;
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
    for (const layer of ['out_relu', 'block_add', 'block_add_BN', 'block_project_BN', 'Conv1_relu']) {
      const ref = tf.model({ inputs: mobile.inputs, outputs: mobile.getLayer(layer).output as Sym }).predict(x) as tf.Tensor;
      let seen: tf.Tensor | null = null;
      const logits = compiled.logits(x, { tap: { layer, replace: (a) => (seen = a) } });
      expect(maxDiff(seen!, ref), layer).toBeLessThan(1e-4);
      tf.dispose([ref, seen!, logits]);
    }
    // Zero at out_relu: GAP of zeros is zero, dense_Dense1 gives relu(bias), the logits follow.
    const zeroed = tf.tidy(() => compiled.logits(x, { tap: { layer: 'out_relu', replace: (a) => tf.zerosLike(a) } }));
    const expected = tf.tidy(() => tf.matMul(tf.relu(tf.stack([saved.weights['dense_Dense1/bias'], saved.weights['dense_Dense1/bias']])), saved.weights['dense_Dense2/kernel'] as tf.Tensor2D));
    expect(maxDiff(zeroed, expected)).toBeLessThan(1e-6);
    tf.dispose([x, zeroed, expected]);
  });

  it('randomises nested kernels top-down (weight overrides, one call only)', async () => {
    expect(weightLayers(compiled).map((l) => l.name)).toEqual([
      'dense_Dense2',
      'dense_Dense1',
      'Conv_1',
      'block_project',
      'block_pointwise_relu6',
      'block_depthwise_bias',
      'block_depthwise',
      'Conv1',
    ]);
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const base = tf.tidy(() => compiled.logits(x));
    const steps = cascadeLayers(compiled, 3);
    const random = await randomizedWeights(compiled, saved.weights, steps[2], 1);
    expect(Object.keys(random).sort()).toEqual(['Conv_1/kernel', 'dense_Dense1/kernel', 'dense_Dense2/kernel']);
    const changed = tf.tidy(() => compiled.logits(x, { weights: random }));
    expect(maxDiff(changed, base)).toBeGreaterThan(1e-3);
    expect(maxDiff(tf.tidy(() => compiled.logits(x)), base)).toBe(0);
    tf.dispose([x, base, changed, ...Object.values(random)]);
  });

  it("evaluates every linear layer through LRP's rule hook (identity rule: same logits)", () => {
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 6) as tf.Tensor4D;
    const seen = new Map<string, string>();
    const ruled = tf.tidy(() => compiled.logits(x, { linearRule: (layer, inputs, forward) => (seen.set(layer.name, layer.className), forward(inputs)) }));
    expect(maxDiff(ruled, tf.tidy(() => compiled.logits(x)))).toBe(0);
    expect(new Set(seen.values())).toEqual(new Set(['ZeroPadding2D', 'Conv2D', 'DepthwiseConv2D', 'Add', 'BatchNormalization', 'GlobalAveragePooling2D', 'Dense']));
    expect(seen.get('block_add_BN')).toBe('BatchNormalization');
    tf.dispose([x, ruled]);
  });

  it('compensates an input shift exactly in the first conv (input invariance), and has input-only gradients', () => {
    const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
    const shift = [0.3, -0.2, 0.5];
    const comp = shiftCompensation(compiled, saved.weights, shift);
    expect(comp.layer).toBe('Conv1');
    const shifted = tf.tidy(() => compiled.logits(tf.add(x, tf.tensor1d(shift)) as tf.Tensor4D, { weights: comp.weights, inputPadValue: comp.inputPadValue }));
    expect(maxDiff(shifted, tf.tidy(() => compiled.logits(x)))).toBeLessThan(1e-4);
    comp.dispose();
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.gather(compiled.logits(input as tf.Tensor4D), [1], 1)));
    tf.tidy(() => grad(x)).dispose(); // the first call caches tfjs' own constants
    const before = tf.memory().numTensors;
    const g = tf.tidy(() => grad(x));
    expect(g.shape).toEqual([1, 8, 8, 3]);
    expect(maxAbs(g)).toBeGreaterThan(0);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, shifted]);
  });
});

describe('other nestings and layers', () => {
  it('a functional model calling a nested Sequential, then Flatten and a Dense softmax', async () => {
    const input = tf.input({ shape: [6, 6, 2], name: 'img' });
    const c = tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same', activation: 'relu', name: 'c1' }).apply(input) as Sym;
    const block = tf.sequential({
      name: 'inner_seq',
      layers: [
        tf.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [6, 6, 3], name: 'c2' }),
        tf.layers.batchNormalization({ name: 'c2_bn' }),
        tf.layers.activation({ activation: 'relu6', name: 'c2_relu6' }),
      ],
    });
    const nested = block.apply(c) as Sym;
    const flat = tf.layers.flatten({ name: 'flat' }).apply(nested) as Sym;
    const out = tf.layers.dense({ units: 4, activation: 'softmax', name: 'fc' }).apply(flat) as Sym;
    const model = tf.model({ inputs: input, outputs: out, name: 'outer_fn' });
    randomizeWeights(model, 21);
    const saved = await saveToMemory(model);
    const names = flattenTopology(saved.artifacts.modelTopology).layers.map((l) => l.config.name);
    expect(names).toEqual(['img', 'c1', 'c2', 'c2_bn', 'c2_relu6', 'flat', 'fc']);
    (await expectSameAsTfjs(saved, 'fc', 4, [6, 6, 2])).dispose();
    model.dispose();
  });

  it('a Sequential without InputLayer (its input from the first layer), Rescaling, MaxPooling and a Softmax layer after the logits', async () => {
    const model = tf.sequential({
      name: 'plain_seq',
      layers: [
        tf.layers.rescaling({ scale: 1 / 127.5, offset: -1, inputShape: [7, 7, 3], name: 'rescale' }),
        tf.layers.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', name: 'cv' }),
        tf.layers.activation({ activation: 'relu', name: 'cv_relu' }),
        tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
        tf.layers.flatten({ name: 'flat' }),
        tf.layers.dense({ units: 3, name: 'logits' }),
        tf.layers.softmax({ name: 'probs' }),
      ],
    });
    randomizeWeights(model, 31);
    const saved = await saveToMemory(model);
    const flat = flattenTopology(saved.artifacts.modelTopology);
    expect(flat.inputs).toEqual(['rescale_input']);
    const compiled = compileKeras(saved.artifacts.modelTopology, saved.weights, { logitsLayer: 'logits', numClasses: 3 });
    const x = tf.randomUniform([2, 7, 7, 3], 0, 255, 'float32', 3) as tf.Tensor4D;
    const ours = tf.tidy(() => tf.softmax(compiled.logits(x)));
    const ref = model.predict(x) as tf.Tensor;
    expect(maxDiff(ours, ref)).toBeLessThan(1e-5);
    const seen: string[] = [];
    tf.tidy(() => compiled.logits(x, { linearRule: (l, ins, f) => (seen.push(l.className), f(ins)) }));
    expect(seen).toContain('Rescaling');
    tf.dispose([x, ours, ref]);
    compiled.dispose();
    model.dispose();
  });

  it('a functional model used alone (not nested) compiles as before', async () => {
    const model = tinyMobileNet(9, 'alone');
    randomizeWeights(model, 41);
    const gap = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(model.outputs[0]) as Sym;
    const fc = tf.layers.dense({ units: 5, activation: 'softmax', name: 'fc' }).apply(gap) as Sym;
    const full = tf.model({ inputs: model.inputs, outputs: fc });
    randomizeWeights(full, 43);
    const saved = await saveToMemory(full);
    (await expectSameAsTfjs(saved, 'fc', 5, [9, 9, 3])).dispose();
    full.dispose();
  });
});

describe('flattenTopology on hand-written JSON', () => {
  const dense = (name: string, extra: object = {}) => ({ class_name: 'Dense', config: { name, units: 2, ...extra } });
  const seq = (name: string, layers: object[]) => ({ class_name: 'Sequential', config: { name, layers } });

  it('renames a repeated weightless layer inside a nested model, refuses a repeated weighted one', () => {
    const drop = { class_name: 'Dropout', config: { name: 'drop', rate: 0.1 } };
    const a = seq('outer', [seq('first', [dense('d1', { batch_input_shape: [null, 4] }), drop]), seq('second', [drop, dense('d2')])]);
    const flat = flattenTopology(a);
    expect(flat.layers.map((l) => l.config.name)).toEqual(['d1_input', 'd1', 'drop', 'second/drop', 'd2']);
    expect(flat.layers[4].inbound_nodes[0][0][0]).toBe('second/drop');
    const b = seq('outer', [seq('first', [dense('d1', { batch_input_shape: [null, 4] })]), seq('second', [dense('d1')])]);
    expect(() => flattenTopology(b)).toThrow(/Two layers are named d1.*weights cannot be told apart/);
  });

  it("reads the oldest Sequential format (config is the layer list) and refuses Keras 3 inbound nodes and shared layers", () => {
    const old = { class_name: 'Sequential', config: [dense('d1', { batch_input_shape: [null, 3] }), dense('d2')] };
    expect(flattenTopology(old).layers.map((l) => l.config.name)).toEqual(['d1_input', 'd1', 'd2']);
    const keras3 = {
      class_name: 'Functional',
      config: {
        name: 'f',
        layers: [
          { class_name: 'InputLayer', config: { name: 'in', batch_shape: [null, 3] }, inbound_nodes: [] },
          { class_name: 'Dense', config: { name: 'd', units: 2 }, inbound_nodes: [{ args: [{ class_name: '__keras_tensor__' }], kwargs: {} }] },
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['d', 0, 0]],
      },
    };
    expect(() => flattenTopology(keras3)).toThrow(/Keras 3/);
    const shared = { class_name: 'Model', config: { name: 'm', layers: [{ class_name: 'Dense', config: { name: 'd' }, inbound_nodes: [[['a', 0, 0, {}]], [['b', 0, 0, {}]]] }], input_layers: [], output_layers: [] } };
    expect(() => flattenTopology(shared)).toThrow(/shared/);
    expect(() => flattenTopology(seq('empty', []))).toThrow(/no layers/);
  });
});

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileKeras, type CompiledModel } from '../../worker/runtime/compile';
import { contextFor, maxAbsDiff } from '../../testing/context';
import { deepLift } from '../deeplift/deeplift';
import { deepLiftShap } from './deeplift-shap';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** conv+relu -> pad -> 3x3/2 max-pool -> GAP -> dense: nonlinear, so baselines really differ. */
function toy(): { compiled: CompiledModel; dispose(): void } {
  const input = tf.input({ shape: [8, 8, 3], name: 'input_1' });
  const c = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }).apply(input) as tf.SymbolicTensor;
  const p = tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pad' }).apply(c) as tf.SymbolicTensor;
  const m = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool' }).apply(p) as tf.SymbolicTensor;
  const g = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(m) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, name: 'fc' }).apply(g) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
  const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 3 });
  return { compiled, dispose: () => (compiled.dispose(), model.dispose()) };
}

describe('DeepLiftShap', () => {
  let t: ReturnType<typeof toy>;
  const x = tf.randomNormal([1, 8, 8, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const refs = tf.randomNormal([3, 8, 8, 3], 0, 1, 'float32', 2) as tf.Tensor4D;
  const ref = (i: number) => tf.slice(refs, [i, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
  beforeAll(() => {
    t = toy();
  });
  afterAll(() => {
    tf.dispose([x, refs]);
    t.dispose();
  });

  it('with one baseline equals DeepLift; with two, the mean of the two DeepLifts', async () => {
    const [b0, b1, two] = [ref(0), ref(1), tf.slice(refs, [0, 0, 0, 0], [2, -1, -1, -1]) as tf.Tensor4D];
    const d0 = await deepLift(x, 1, { baseline: b0 }, contextFor(t.compiled));
    const d1 = await deepLift(x, 1, { baseline: b1 }, contextFor(t.compiled));
    const s1 = await deepLiftShap(x, 1, { baselines: b0 }, contextFor(t.compiled));
    expect(maxAbsDiff(s1.attributions, d0.attributions)).toBeLessThan(1e-6);
    expect(s1.delta).toBeCloseTo(d0.delta!, 6);
    expect(s1.outputDifference).toBeCloseTo(d0.outputDifference!, 6);
    const s2 = await deepLiftShap(x, 1, { baselines: two }, contextFor(t.compiled));
    const mean = tf.tidy(() => tf.div(tf.add(d0.attributions, d1.attributions), 2));
    expect(maxAbsDiff(s2.attributions, mean)).toBeLessThan(1e-6);
    expect(s2.delta).toBeCloseTo((d0.delta! + d1.delta!) / 2, 6);
    expect(s2.sampleDeltas).toHaveLength(2);
    expect(s2.sampleDeltas![0]).toBeCloseTo(d0.delta!, 6);
    expect(s2.sampleDeltas![1]).toBeCloseTo(d1.delta!, 6);
    expect(s2.outputDifference).toBeCloseTo((d0.outputDifference! + d1.outputDifference!) / 2, 5);
    expect(Math.abs(d0.outputDifference!)).toBeGreaterThan(1e-3); // a non-trivial test
    expect(maxAbsDiff(d0.attributions, d1.attributions)).toBeGreaterThan(1e-3);
    tf.dispose([b0, b1, two, d0.attributions, d1.attributions, s1.attributions, s2.attributions, mean]);
  });

  it('gives the same result in any chunking, one step per pass, within batchSize rows, leak-free', async () => {
    const before = tf.memory().numTensors;
    const small = contextFor(t.compiled, { batchSize: 1 }); // 1 pair (2 rows, the least) per pass
    const large = contextFor(t.compiled, { batchSize: 8 }); // 4 pairs per pass
    const a = await deepLiftShap(x, 2, { baselines: refs }, small);
    const b = await deepLiftShap(x, 2, { baselines: refs }, large);
    expect(maxAbsDiff(a.attributions, b.attributions)).toBeLessThan(1e-6);
    expect(a.delta).toBeCloseTo(b.delta!, 6);
    expect(Math.abs(a.delta!)).toBeLessThan(1e-5);
    expect(small.calls).toEqual({ logits: 3, rows: 6, steps: 3 });
    expect(large.calls).toEqual({ logits: 1, rows: 6, steps: 1 });
    tf.dispose([a.attributions, b.attributions]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKeras, type CompiledModel, type PoolSpec } from '../runtime/compile';
import { contextFor } from '../testing/context';
import { DEEPLIFT_EPS, deepLiftNonlinearities } from './deeplift-rules';
import { deepLift } from './methods/deeplift';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const POOL: PoolSpec = { poolSize: [3, 3], strides: [2, 2], padding: 'valid' };

/** relu -> zero padding -> 3x3 stride-2 max-pool (overlapping windows) -> dense, as in ResNet-50's stem. */
function poolToy(): { compiled: CompiledModel; dispose(): void } {
  const input = tf.input({ shape: [5, 5, 2], name: 'input_1' });
  const r = tf.layers.activation({ activation: 'relu', name: 'relu' }).apply(input) as tf.SymbolicTensor;
  const p = tf.layers.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'pad' }).apply(r) as tf.SymbolicTensor;
  const m = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool' }).apply(p) as tf.SymbolicTensor;
  const f = tf.layers.flatten({ name: 'flat' }).apply(m) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 3, name: 'fc', kernelInitializer: tf.initializers.randomNormal({ seed: 3 }) }).apply(f) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const weights = Object.fromEntries(model.weights.map((w) => [w.originalName, w.read()]));
  const compiled = compileKeras(model.toJSON(null, false), weights, { logitsLayer: 'fc', numClasses: 3 });
  return { compiled, dispose: () => (compiled.dispose(), model.dispose()) };
}

/**
 * Captum's max-pool rule as written (deep_lift.py `maxpool`): the same shares, routed with
 * max_unpool, which WRITES each window's share to its argmax (the last window wins) instead of adding.
 */
function captumMaxPool(pool: PoolSpec) {
  return tf.customGrad((x: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const input = x as tf.Tensor4D;
    const y = tf.maxPool(input, pool.poolSize, pool.strides, pool.padding);
    (save as tf.GradSaveFunc)([input, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [xs, ys]: tf.Tensor[]) => {
        const [xi, xr] = tf.split(xs, 2);
        const [yi, yr] = tf.split(ys, 2);
        const g = tf.split(dy, 2)[0];
        const top = tf.maximum(yi, yr);
        const shares = tf.concat([tf.mul(g, tf.sub(top, yr)), tf.mul(g, tf.sub(yi, top))]).dataSync();
        const { indexes } = tf.maxPoolWithArgmax(xs as tf.Tensor4D, pool.poolSize, pool.strides, pool.padding, true);
        const unpooled = new Float32Array(xs.size);
        indexes.dataSync().forEach((at, j) => (unpooled[at] = shares[j]));
        const [ux, ur] = tf.split(tf.tensor(unpooled, xs.shape), 2);
        const dIn = tf.sub(xi, xr);
        const small = tf.less(tf.abs(dIn), DEEPLIFT_EPS);
        const attrs = { filterSize: pool.poolSize, strides: pool.strides, pad: pool.padding };
        const ordinary = tf.engine().runKernel('MaxPoolGrad', { dy: g, input: xi, output: yi }, attrs) as tf.Tensor;
        const m = tf.where(small, ordinary, tf.div(tf.add(ux, ur), tf.where(small, tf.onesLike(dIn), dIn)));
        return tf.concat([m, m]);
      },
    };
  });
}

function captumStyleNonlinearities() {
  const pool = captumMaxPool(POOL);
  return { ...deepLiftNonlinearities(), maxPool: (x: tf.Tensor4D) => pool(x) as tf.Tensor4D };
}

describe('Rescale rule for ReLU / ReLU6', () => {
  it('gives Δout/Δin (the same for both halves), and the local gradient where Δin = 0', () => {
    const rules = deepLiftNonlinearities();
    const x = tf.tensor1d([3, -1, 8, 2, 0.5, 1]);
    const r = tf.tensor1d([-1, -3, 2, 2, 0.5, -2]);
    for (const [name, expected] of [
      ['relu', [3 / 4, 0, 1, 1, 1, 1 / 3]],
      ['relu6', [3 / 4, 0, 4 / 6, 1, 1, 1 / 3]],
    ] as const) {
      const m = tf.grad((t: tf.Tensor) => tf.sum(rules[name](t, 'test')))(tf.concat([x, r])).arraySync() as number[];
      m.slice(0, 6).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
      expect(m.slice(6)).toEqual(m.slice(0, 6));
    }
  });
});

describe('Rescale rule for max-pool with overlapping windows', () => {
  it('satisfies Σ m Δx = Σ g Δy at the layer, with differing argmaxes, ties and Δx = 0', () => {
    const rules = deepLiftNonlinearities();
    const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    // The reference equals x on a random half of the positions (Δx = 0 there), elsewhere differs.
    const keep = tf.less(tf.randomUniform([2, 9, 9, 3], 0, 1, 'float32', 2), 0.5);
    const r = tf.where(keep, x, tf.relu(tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 3))) as tf.Tensor4D;
    const g = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 4);
    const batch = tf.concat([x, r]);
    const m = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(rules.maxPool(t as tf.Tensor4D, POOL, 'pool'), tf.concat([g, g]))))(batch);
    const [mx, mr] = tf.split(m, 2);
    expect(tf.max(tf.abs(tf.sub(mx, mr))).dataSync()[0]).toBe(0);
    const dy = tf.sub(tf.maxPool(x, [3, 3], 2, 'valid'), tf.maxPool(r, [3, 3], 2, 'valid'));
    const lhs = tf.sum(tf.mul(mx, tf.sub(x, r))).dataSync()[0];
    const rhs = tf.sum(tf.mul(g, dy)).dataSync()[0];
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-5 * Math.max(1, Math.abs(rhs)));
    tf.dispose([x, keep, r, g, batch, m, mx, mr, dy]);
  });

  it('sums to delta through relu -> pad -> 3x3/2 pool -> dense, where max_unpool routing does not', async () => {
    const toy = poolToy();
    const ctx = contextFor(toy.compiled);
    // Random pair: argmaxes of input and reference differ in many windows.
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
    const b = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
    const ours = await deepLift(x, 1, { baseline: b }, ctx);
    expect(Math.abs(ours.delta!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ours.outputDifference!)));

    // Constructed: one bright pixel at (1, 1) is at padded (2, 2), the argmax of 4 overlapping
    // windows; max_unpool keeps one of their 4 shares, so the attribution misses the others.
    const data = new Float32Array(50);
    data[(1 * 5 + 1) * 2] = 5;
    const bright = tf.tensor4d(data, [1, 5, 5, 2]);
    const zero = tf.zeros([1, 5, 5, 2]) as tf.Tensor4D;
    const exact = await deepLift(bright, 0, { baseline: zero }, ctx);
    const captum = await deepLift(bright, 0, { baseline: zero, nonlinearities: captumStyleNonlinearities() }, ctx);
    console.log(`pool toy: Δf = ${exact.outputDifference}, delta ours ${exact.delta}, max_unpool routing ${captum.delta}`);
    expect(Math.abs(exact.delta!)).toBeLessThan(1e-5 * Math.abs(exact.outputDifference!));
    expect(Math.abs(captum.delta!)).toBeGreaterThan(0.1 * Math.abs(exact.outputDifference!));
    tf.dispose([ours.attributions, exact.attributions, captum.attributions, x, b, bright, zero]);
    toy.dispose();
  });
});

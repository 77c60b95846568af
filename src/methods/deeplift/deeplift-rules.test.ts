import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileKeras, type CompiledModel, type PoolSpec } from '../../worker/runtime/compile';
import { contextFor } from '../../testing/context';
import { DEEPLIFT_EPS, deepLiftNonlinearities, splitAmongTiedMaxima } from './deeplift-rules';
import { deepLift } from './deeplift';

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

/**
 * The convention-free max-pool rule in plain loops (float64), for one pair x, r: [H, W, C] arrays,
 * g: [h, w, C]. Window j's input-side share g_j (max(y_j, yr_j) - yr_j) is split equally among the
 * positions where x equals y_j, the reference-side share g_j (y_j - max(y_j, yr_j)) among those
 * where r equals yr_j; the fallback where |Δx| < eps splits g_j among x's maxima. Padding is
 * outside every window's list of positions.
 */
function bruteForceMaxPool(x: Float32Array, r: Float32Array, g: Float32Array, [H, W, C]: number[], pool: PoolSpec) {
  const [k0, k1] = pool.poolSize;
  const [s0, s1] = pool.strides;
  const geometry = (size: number, k: number, s: number) => {
    const out = pool.padding === 'same' ? Math.ceil(size / s) : Math.floor((size - k) / s) + 1;
    return { out, before: pool.padding === 'same' ? Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) : 0 };
  };
  const [gr, gc] = [geometry(H, k0, s0), geometry(W, k1, s1)];
  const at = (i: number, j: number, c: number) => (i * W + j) * C + c;
  const numerator = new Float64Array(H * W * C);
  const ordinary = new Float64Array(H * W * C);
  for (let a = 0; a < gr.out; a++) {
    for (let b = 0; b < gc.out; b++) {
      for (let c = 0; c < C; c++) {
        const cells: number[] = [];
        for (let dr = 0; dr < k0; dr++) {
          for (let dc = 0; dc < k1; dc++) {
            const [i, j] = [a * s0 + dr - gr.before, b * s1 + dc - gc.before];
            if (i >= 0 && i < H && j >= 0 && j < W) cells.push(at(i, j, c));
          }
        }
        const y = Math.max(...cells.map((p) => x[p]));
        const yr = Math.max(...cells.map((p) => r[p]));
        const top = Math.max(y, yr);
        const gj = g[(a * gc.out + b) * C + c];
        const tiedX = cells.filter((p) => x[p] === y);
        const tiedR = cells.filter((p) => r[p] === yr);
        for (const p of tiedX) numerator[p] += (gj * (top - yr)) / tiedX.length;
        for (const p of tiedR) numerator[p] += (gj * (y - top)) / tiedR.length;
        for (const p of tiedX) ordinary[p] += gj / tiedX.length;
      }
    }
  }
  return Array.from(numerator, (v, p) => (Math.abs(x[p] - r[p]) < DEEPLIFT_EPS ? ordinary[p] : v / (x[p] - r[p])));
}

/** The rule's multipliers for the pairs [x; r] with incoming multipliers g (for both halves). */
function ruleMultipliers(x: tf.Tensor4D, r: tf.Tensor4D, g: tf.Tensor4D, pool: PoolSpec): tf.Tensor4D {
  const rules = deepLiftNonlinearities();
  return tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(rules.maxPool(t as tf.Tensor4D, pool, 'pool'), tf.concat([g, g]))))(tf.concat([x, r])) as tf.Tensor4D);
}

const maxAbsDiffOf = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

/** Small integers: many windows have tied maxima. */
const tiedValues = (shape: [number, number, number, number], seed: number, low = 0) => tf.tidy(() => tf.floor(tf.randomUniform(shape, low, low + 3, 'float32', seed)) as tf.Tensor4D);

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

  it('splits a window among its tied maxima (hand-computed), overlapping windows adding, leak-free', () => {
    // One 3x3 window with maxima 5 at two positions: each gets half of a = 6.
    const x = tf.tensor4d([5, 1, 0, 2, 5, 0, 1, 1, 3], [1, 3, 3, 1]);
    const y = tf.maxPool(x, 3, 1, 'valid');
    const a = tf.fill([1, 1, 1, 1], 6) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const [one] = splitAmongTiedMaxima(x, y, [a], { poolSize: [3, 3], strides: [1, 1], padding: 'valid' });
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(Array.from(one.dataSync())).toEqual([3, 0, 0, 0, 3, 0, 0, 0, 0]);
    // A constant 1x5 row, 1x3 windows at stride 2 (columns 0-2 and 2-4, sharing column 2), two
    // weights at once: each window's a spreads over its 3 positions, column 2 gets a third of both.
    const row = tf.ones([1, 1, 5, 1]) as tf.Tensor4D;
    const pooled = tf.maxPool(row, [1, 3], [1, 2], 'valid');
    const [w1, w2] = [tf.tensor4d([3, 6], [1, 1, 2, 1]), tf.tensor4d([-3, 0], [1, 1, 2, 1])];
    const [two, three] = splitAmongTiedMaxima(row, pooled, [w1, w2], { poolSize: [1, 3], strides: [1, 2], padding: 'valid' });
    Array.from(two.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([1, 1, 3, 2, 2][i], 6));
    Array.from(three.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([-1, -1, -1, 0, 0][i], 6));
    tf.dispose([x, y, a, one, row, pooled, w1, w2, two, three]);
    expect(tf.memory().numTensors).toBe(before - 3);
  });

  it('equals the convention-free rule computed in plain loops, with constant and tied baselines, any padding', () => {
    const specs: Array<[PoolSpec, [number, number, number, number], number]> = [
      [POOL, [2, 9, 9, 3], 0], // ResNet-50's pool1 shape: 3x3 stride 2 'valid', overlapping windows
      [{ poolSize: [3, 3], strides: [2, 2], padding: 'same' }, [2, 6, 7, 2], -3], // negative values: a zero pad would win
      [{ poolSize: [3, 3], strides: [1, 1], padding: 'same' }, [2, 5, 5, 2], -3],
      [{ poolSize: [2, 2], strides: [2, 2], padding: 'valid' }, [2, 8, 8, 2], 0],
      [{ poolSize: [2, 2], strides: [3, 3], padding: 'valid' }, [2, 8, 8, 1], 0], // gaps between windows
    ];
    for (const [pool, shape, low] of specs) {
      const x = tiedValues(shape, 11, low);
      const out = tf.maxPool(x, pool.poolSize, pool.strides, pool.padding);
      const g = tf.randomNormal(out.shape, 0, 1, 'float32', 12) as tf.Tensor4D;
      for (const r of [tf.fill(shape, low + 1) as tf.Tensor4D, tiedValues(shape, 13, low)]) {
        const before = tf.memory().numTensors;
        const m = ruleMultipliers(x, r, g, pool);
        expect(tf.memory().numTensors, 'no leaks').toBe(before + 1);
        const [mx, mr] = tf.split(m, 2);
        expect(maxAbsDiffOf(mx, mr)).toBe(0);
        const rows = mx.dataSync();
        const [H, W, C] = shape.slice(1);
        const perPair = H * W * C;
        const [xs, rs, gs] = [x.dataSync(), r.dataSync(), g.dataSync()];
        const gSize = g.size / shape[0];
        for (let p = 0; p < shape[0]; p++) {
          const expected = bruteForceMaxPool(
            xs.subarray(p * perPair, (p + 1) * perPair) as Float32Array,
            rs.subarray(p * perPair, (p + 1) * perPair) as Float32Array,
            gs.subarray(p * gSize, (p + 1) * gSize) as Float32Array,
            [H, W, C],
            pool,
          );
          expected.forEach((v, i) => expect(Math.abs(rows[p * perPair + i] - v), `${JSON.stringify(pool)} pair ${p} at ${i}`).toBeLessThan(1e-5));
        }
        // Summation-to-delta at the layer.
        const dy = tf.sub(out, tf.maxPool(r, pool.poolSize, pool.strides, pool.padding));
        const lhs = tf.sum(tf.mul(mx, tf.sub(x, r))).dataSync()[0];
        const rhs = tf.sum(tf.mul(g, dy)).dataSync()[0];
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-5 * Math.max(1, Math.abs(rhs)));
        tf.dispose([r, m, mx, mr, dy]);
      }
      tf.dispose([x, out, g]);
    }
  });

  it('does not depend on the scan order: a mirrored input gives the mirrored multipliers (an argmax does not)', () => {
    const before = tf.memory().numTensors;
    // 9 = 3 + 2*3: the windows of the mirrored image are the mirrored windows.
    const x = tiedValues([2, 9, 9, 3], 21);
    const g = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 22) as tf.Tensor4D;
    const flip = (t: tf.Tensor4D) => tf.reverse(t, [1, 2]) as tf.Tensor4D;
    for (const r of [tf.zerosLike(x), tf.fill([2, 9, 9, 3], 1) as tf.Tensor4D, tiedValues([2, 9, 9, 3], 23)]) {
      const diff = tf.tidy(() => maxAbsDiffOf(flip(ruleMultipliers(flip(x), flip(r), flip(g), POOL)), ruleMultipliers(x, r, g, POOL)));
      expect(diff).toBeLessThan(1e-6);
      r.dispose();
    }
    // The same check on tfjs' max-pool gradient (one argmax per window) fails on a constant input.
    const argmaxRouting = (xs: tf.Tensor4D, d: tf.Tensor4D) =>
      tf.engine().runKernel('MaxPoolGrad', { dy: d, input: xs, output: tf.maxPool(xs, 3, 2, 'valid') }, { filterSize: [3, 3], strides: [2, 2], pad: 'valid' }) as tf.Tensor4D;
    const argmaxDiff = tf.tidy(() => {
      const constant = tf.ones([1, 9, 9, 1]) as tf.Tensor4D;
      const dy = tf.randomNormal([1, 4, 4, 1], 0, 1, 'float32', 24) as tf.Tensor4D;
      return maxAbsDiffOf(flip(argmaxRouting(flip(constant), flip(dy))), argmaxRouting(constant, dy));
    });
    expect(argmaxDiff).toBeGreaterThan(0.1);
    tf.dispose([x, g]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sums to delta through relu -> pad -> 3x3/2 pool -> dense, where max_unpool routing does not', async () => {
    const toy = poolToy();
    const ctx = contextFor(toy.compiled);
    // Random pair: argmaxes of input and reference differ in many windows.
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 7) as tf.Tensor4D;
    const b = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 8) as tf.Tensor4D;
    const ours = await deepLift(x, 1, { baseline: b }, ctx);
    expect(Math.abs(ours.delta!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(ours.outputDifference!)));
    // A constant (gray) baseline: every reference window is tied.
    const gray = tf.fill([1, 5, 5, 2], 0.5) as tf.Tensor4D;
    const fromGray = await deepLift(x, 1, { baseline: gray }, ctx);
    expect(Math.abs(fromGray.outputDifference!)).toBeGreaterThan(1e-2);
    expect(Math.abs(fromGray.delta!)).toBeLessThan(1e-5 * Math.max(1, Math.abs(fromGray.outputDifference!)));
    tf.dispose([gray, fromGray.attributions]);

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

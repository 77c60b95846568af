/**
 * The kernels wasm-kernels.ts registers for tfjs-backend-wasm equal the CPU backend's on random inputs,
 * for the shapes, strides and paddings the models use (and a few more), and leak nothing.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import './wasm-kernels';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

/** Seeded random values (made on the CPU backend, so both backends see the same numbers). */
async function randn(shape: number[], seed: number): Promise<{ shape: number[]; values: Float32Array }> {
  const current = tf.getBackend();
  await tf.setBackend('cpu');
  const t = tf.randomNormal(shape, 0, 1, 'float32', seed);
  const values = t.dataSync() as Float32Array;
  t.dispose();
  await tf.setBackend(current);
  return { shape, values };
}

type Data = { shape: number[]; values: Float32Array | Int32Array };

/** Runs `f` on fresh tensors of `inputs` on `backend`; its output's values, and tensors and data ids left behind. */
async function on(backend: string, inputs: Data[], f: (...xs: tf.Tensor[]) => tf.Tensor) {
  await tf.setBackend(backend);
  const xs = inputs.map((d) => tf.tensor(d.values, d.shape, d.values instanceof Int32Array ? 'int32' : 'float32'));
  const tensors = tf.memory().numTensors;
  const ids = tf.engine().backend.numDataIds();
  // tidy: tensors the test's function leaves are its own; data ids a kernel leaves still show.
  const y = tf.tidy(() => f(...xs));
  const values = (await y.data()) as Float32Array;
  const shape = y.shape;
  const leaked = { tensors: tf.memory().numTensors - tensors - 1, dataIds: tf.engine().backend.numDataIds() - ids - 1 };
  tf.dispose([y, ...xs]);
  await tf.setBackend('wasm');
  return { values, shape, leaked };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** wasm vs cpu: same shape, values within `tol`, nothing leaked on wasm. Returns the max abs difference. */
async function compare(inputs: Data[], f: (...xs: tf.Tensor[]) => tf.Tensor, tol: number): Promise<number> {
  const cpu = await on('cpu', inputs, f);
  const wasm = await on('wasm', inputs, f);
  expect(wasm.shape).toEqual(cpu.shape);
  expect(wasm.leaked).toEqual({ tensors: 0, dataIds: 0 });
  const d = maxAbsDiff(wasm.values, cpu.values);
  expect(d).toBeLessThan(tol);
  return d;
}

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
interface DepthwiseCase {
  name: string;
  input: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

const DEPTHWISE: DepthwiseCase[] = [
  { name: "MobileNet 3x3/1 'same'", input: [2, 8, 8, 6], filter: [3, 3, 6, 1], strides: 1, pad: 'same' },
  { name: "MobileNet 3x3/2 'same', even size", input: [2, 8, 8, 6], filter: [3, 3, 6, 1], strides: 2, pad: 'same' },
  { name: "3x3/2 'same', odd size", input: [1, 9, 7, 4], filter: [3, 3, 4, 1], strides: 2, pad: 'same' },
  { name: "3x3/1 'valid'", input: [1, 7, 9, 5], filter: [3, 3, 5, 1], strides: 1, pad: 'valid' },
  { name: "3x3/2 'valid', odd and even sizes", input: [2, 9, 8, 3], filter: [3, 3, 3, 1], strides: 2, pad: 'valid' },
  { name: "5x5/2 'same'", input: [1, 11, 10, 3], filter: [5, 5, 3, 1], strides: 2, pad: 'same' },
  { name: "2x4 filter, strides [1, 2], 'same'", input: [1, 6, 9, 3], filter: [2, 4, 3, 1], strides: [1, 2], pad: 'same' },
  { name: "channel multiplier 2, 3x3/2 'same'", input: [2, 7, 8, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'same' },
  { name: "channel multiplier 3, 3x3/1 'valid'", input: [1, 6, 6, 2], filter: [3, 3, 2, 3], strides: 1, pad: 'valid' },
  { name: 'numeric pad 1, 3x3/2', input: [1, 8, 9, 4], filter: [3, 3, 4, 1], strides: 2, pad: 1 },
  { name: 'explicit pads wider than the filter, 3x3/2', input: [1, 6, 7, 2], filter: [3, 3, 2, 1], strides: 2, pad: [[0, 0], [4, 1], [0, 3], [0, 0]] },
  { name: "1x1/2 'valid' (rows the stride skips)", input: [1, 6, 7, 3], filter: [1, 1, 3, 1], strides: 2, pad: 'valid' },
];

describe('wasm DepthwiseConv2dNativeBackpropInput equals the CPU kernel', () => {
  it.each(DEPTHWISE)('$name', async ({ input, filter, strides, pad }) => {
    const f = await randn(filter, 2);
    const outShape = (await on('cpu', [await randn(input, 1), f], (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad))).shape;
    const dy = await randn(outShape, 3);
    const kernel = (d: tf.Tensor, w: tf.Tensor) =>
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: d, filter: w }, { strides, dilations: 1, pad, inputShape: input }) as tf.Tensor;
    const d = await compare([dy, f], kernel, 1e-5);
    console.log(`DepthwiseConv2dNativeBackpropInput ${JSON.stringify({ input, filter, strides, pad })}: max |wasm - cpu| = ${d.toExponential(2)}`);
  });

  it('through tf.grad of tf.depthwiseConv2d (the path the models take)', async () => {
    const x = await randn([2, 9, 9, 4], 4);
    const w = await randn([3, 3, 4, 1], 5);
    const grad = (xt: tf.Tensor, wt: tf.Tensor) =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.depthwiseConv2d(t as tf.Tensor4D, wt as tf.Tensor4D, 2, 'same'))))(xt);
    expect(await compare([x, w], grad, 1e-4)).toBeGreaterThanOrEqual(0);
  });
});

const CONV: DepthwiseCase[] = [
  { name: "MobileNet's pointwise 1x1/1", input: [2, 7, 8, 6], filter: [1, 1, 6, 10], strides: 1, pad: 'valid' },
  { name: "ResNet's 1x1/2 'valid' (shortcut)", input: [2, 9, 8, 5], filter: [1, 1, 5, 7], strides: 2, pad: 'valid' },
  { name: "1x1/2 'same'", input: [1, 8, 9, 3], filter: [1, 1, 3, 4], strides: 2, pad: 'same' },
  { name: "3x3/1 'same'", input: [2, 8, 7, 4], filter: [3, 3, 4, 5], strides: 1, pad: 'same' },
  { name: "MobileNet's conv1 3x3/2 'valid' after its padding", input: [1, 11, 11, 3], filter: [3, 3, 3, 6], strides: 2, pad: 'valid' },
  { name: "ResNet's conv1 7x7/2 'valid' after its padding", input: [1, 17, 16, 3], filter: [7, 7, 3, 4], strides: 2, pad: 'valid' },
  { name: "3x3/2 'same', odd size", input: [1, 9, 7, 4], filter: [3, 3, 4, 3], strides: 2, pad: 'same' },
  { name: "2x4 filter, strides [1, 2], 'same'", input: [1, 6, 9, 3], filter: [2, 4, 3, 2], strides: [1, 2], pad: 'same' },
  { name: 'explicit pads wider than the filter, 3x3/2', input: [1, 6, 7, 2], filter: [3, 3, 2, 3], strides: 2, pad: [[0, 0], [4, 1], [0, 3], [0, 0]] },
  { name: 'explicit pads, 1x1/2', input: [1, 6, 7, 2], filter: [1, 1, 2, 3], strides: 2, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
];

describe('wasm Conv2DBackpropInput (ours, replacing wasm\'s loop) equals the CPU kernel', () => {
  it.each(CONV)('$name', async ({ input, filter, strides, pad }) => {
    const f = await randn(filter, 12);
    const outShape = (await on('cpu', [await randn(input, 11), f], (x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, strides, pad))).shape;
    const dy = await randn(outShape, 13);
    const kernel = (d: tf.Tensor, w: tf.Tensor) =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy: d, filter: w }, { strides, pad, dataFormat: 'NHWC', inputShape: input }) as tf.Tensor;
    const d = await compare([dy, f], kernel, 1e-5);
    console.log(`Conv2DBackpropInput ${JSON.stringify({ input, filter, strides, pad })}: max |wasm - cpu| = ${d.toExponential(2)}`);
  });
});

describe('wasm UnsortedSegmentSum equals the CPU kernel', () => {
  it('rows summed into their segments, negative ids dropped', async () => {
    const x = await randn([6, 3, 4], 6);
    const ids = { shape: [6], values: new Int32Array([0, 2, 2, -1, 4, 0]) };
    const kernel = (xt: tf.Tensor, segments: tf.Tensor) => tf.unsortedSegmentSum(xt, segments as tf.Tensor1D, 5);
    expect(await compare([x, ids], kernel, 1e-6)).toBe(0);
  });

  it("through tf.gather's gradient (picking the target logit)", async () => {
    const logits = await randn([3, 10], 7);
    const grad = (l: tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, [7, 2], 1), tf.tensor1d([2, -1]))))(l);
    expect(await compare([logits], grad, 1e-6)).toBe(0);
  });
});

describe('wasm MaxPoolGrad (ours, replacing wasm\'s) equals the CPU kernel', () => {
  const POOLS: Array<{ name: string; size: number; stride: number; pad: 'same' | 'valid'; input: number[] }> = [
    { name: "ResNet's 3x3/2 after zero padding ('valid')", size: 3, stride: 2, pad: 'valid', input: [2, 11, 11, 4] },
    { name: "3x3/2 'same'", size: 3, stride: 2, pad: 'same', input: [2, 10, 9, 4] },
    { name: "2x2/2 'valid'", size: 2, stride: 2, pad: 'valid', input: [1, 8, 8, 3] },
    { name: "3x3/1 'same'", size: 3, stride: 1, pad: 'same', input: [1, 6, 7, 2] },
  ];
  // A distinct weight per output, so a gradient routed to the wrong window shows.
  const grad = (size: number, stride: number, pad: 'same' | 'valid', relu: boolean) => (xt: tf.Tensor) =>
    tf.grad((t: tf.Tensor) => {
      const y = tf.maxPool((relu ? tf.relu(t) : t) as tf.Tensor4D, size, stride, pad);
      return tf.sum(tf.mul(y, tf.reshape(tf.range(1, 1 + y.size), y.shape)));
    })(xt);
  it.each(POOLS)('$name: negative maxima too (wasm 4.22 drops their gradient)', async ({ size, stride, pad, input }) => {
    expect(await compare([await randn(input, 8)], grad(size, stride, pad, false), 1e-6)).toBe(0);
  });
  it.each(POOLS)('$name, of a ReLU: all-zero windows, ties to the first maximum', async ({ size, stride, pad, input }) => {
    const x = await randn(input, 9);
    // With the ReLU's own gradient the tie would not show: differentiate at the pool's input.
    const tie = (xt: tf.Tensor) => grad(size, stride, pad, false)(tf.relu(tf.sub(xt, 1)));
    expect(await compare([x], tie, 1e-6)).toBe(0);
    expect(await compare([x], grad(size, stride, pad, true), 1e-6)).toBe(0);
  });
});

describe("convolutions with pad 'same' and a stride larger than the filter (wasm-same-padding.ts)", () => {
  // wasm 4.22's own kernels were 5 to 14 off the CPU's on exactly these (stride 2 and 3 agreed).
  const cases: Array<[number, number]> = [[3, 4], [3, 8], [2, 4], [3, 2], [1, 2]];
  it.each(cases)('%ix%i filter, stride %i: conv2d, fused conv2d and depthwise equal the CPU kernels', async (k, s) => {
    const x = await randn([1, 32, 32, 3], 31);
    const w = await randn([k, k, 3, 4], 32);
    const dw = await randn([k, k, 3, 2], 33);
    await compare([x, w], (a, b) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, 'same'), 1e-4);
    await compare([x, w], (a, b) => tf.fused.conv2d({ x: a as tf.Tensor4D, filter: b as tf.Tensor4D, strides: s, pad: 'same', bias: tf.ones([4]), activation: 'relu6' }), 1e-4);
    await compare([x, dw], (a, b) => tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, 'same'), 1e-4);
  });
});

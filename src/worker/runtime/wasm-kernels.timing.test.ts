/**
 * Timings behind wasm-kernels.ts' choices, at MobileNet v1 0.75 / ResNet-50 224x224 layer sizes. Not
 * part of the suite: `WASM_TIMING=1 npx vitest run src/worker/runtime/wasm-kernels.timing.test.ts`.
 * Each kernel: its median time over a few runs after a warm-up, on wasm (ours, and the alternative
 * we did not take) and on the CPU backend. Then whole models at 224x224 (real weights): a forward pass
 * and an input gradient on wasm and on cpu, and how far apart the two gradients are.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { MODELS, type BuiltinModelId } from '../../shared/models/registry';
import { fileHandler } from '../../testing/node-io';
import { loadModel } from './load-model';
import { conv2dBackpropInput, depthwiseConv2dBackpropInput, maxPoolGrad, unsortedSegmentSum } from './wasm-kernels';

type Info = tf.TensorInfo;
type Attrs = Record<string, unknown>;

async function median(f: () => void, runs = 7): Promise<number> {
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[runs >> 1];
}

/** The CPU kernel's loop, run over the wasm heap: the "kernel over wasm memory" alternative. */
function depthwiseBackpropInputLoop(backend: BackendWasm, dy: Info, filter: Info, attrs: Attrs): Info {
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides as number, 1, attrs.pad as 'same', undefined, true);
  const { batchSize, filterHeight: kh, filterWidth: kw, inChannels, inHeight, inWidth, outChannels, outHeight, outWidth, strideHeight, strideWidth } = info;
  const out = backend.makeOutput(info.inShape, 'float32');
  const dx = backend.typedArrayFromHeap(out);
  const dys = backend.typedArrayFromHeap(dy);
  const f = backend.typedArrayFromHeap(filter);
  const topPad = kh - 1 - info.padInfo.top;
  const leftPad = kw - 1 - info.padInfo.left;
  const chMul = outChannels / inChannels;
  for (let b = 0; b < batchSize; ++b) {
    for (let d1 = 0; d1 < inChannels; ++d1) {
      for (let xR = 0; xR < inHeight; ++xR) {
        const xRCorner = xR - topPad;
        const xRMin = Math.max(0, Math.ceil(xRCorner / strideHeight));
        const yRMax = Math.min(outHeight, (kh + xRCorner) / strideHeight);
        for (let xC = 0; xC < inWidth; ++xC) {
          const xCCorner = xC - leftPad;
          const xCMin = Math.max(0, Math.ceil(xCCorner / strideWidth));
          const yCMax = Math.min(outWidth, (kw + xCCorner) / strideWidth);
          let dot = 0;
          for (let yR = xRMin; yR < yRMax; ++yR) {
            const wR = yR * strideHeight - xRCorner;
            for (let yC = xCMin; yC < yCMax; ++yC) {
              const wC = yC * strideWidth - xCCorner;
              const dyOffset = ((b * outHeight + yR) * outWidth + yC) * outChannels;
              const fOffset = ((kh - 1 - wR) * kw + (kw - 1 - wC)) * inChannels * chMul + d1 * chMul;
              for (let dm = 0; dm < chMul; ++dm) dot += dys[dyOffset + d1 * chMul + dm] * f[fOffset + dm];
            }
          }
          dx[((b * inHeight + xR) * inWidth + xC) * inChannels + d1] = dot;
        }
      }
    }
  }
  return out;
}

async function timeKernel(backendName: string, name: string, inputs: Record<string, tf.Tensor>, attrs: Attrs): Promise<number> {
  await tf.setBackend(backendName);
  const moved = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tf.tensor(t.dataSync(), t.shape, t.dtype)]));
  const ms = await median(() => tf.dispose(tf.engine().runKernel(name, moved, attrs as tf.NamedAttrMap) as tf.Tensor));
  tf.dispose(Object.values(moved));
  return ms;
}

/** A kernel function of ours (or an alternative) on the wasm backend, bypassing the registry. */
async function timeOnWasm(inputs: Record<string, tf.Tensor>, run: (backend: BackendWasm, xs: Record<string, Info>) => Info): Promise<number> {
  await tf.setBackend('wasm');
  const backend = tf.engine().backend as unknown as BackendWasm;
  const moved = Object.fromEntries(Object.entries(inputs).map(([k, t]) => [k, tf.tensor(t.dataSync(), t.shape, t.dtype)]));
  const ms = await median(() => backend.disposeData(run(backend, moved).dataId));
  tf.dispose(Object.values(moved));
  return ms;
}

const DEPTHWISE = [
  { layer: 'MobileNet conv_dw_1 (112x112x24, 3x3/1)', input: [1, 112, 112, 24], strides: 1, pad: 'same' },
  { layer: 'MobileNet conv_dw_2 (112x112x48 -> 56, 3x3/2)', input: [1, 113, 113, 48], strides: 2, pad: 'valid' },
  { layer: 'MobileNet conv_dw_6 (28x28x192 -> 14, 3x3/2)', input: [1, 29, 29, 192], strides: 2, pad: 'valid' },
  { layer: 'MobileNet conv_dw_13 (7x7x768, 3x3/1)', input: [1, 7, 7, 768], strides: 1, pad: 'same' },
] as const;

describe.skipIf(process.env.WASM_TIMING !== '1')('wasm kernel timings (ms, median of 7)', () => {
  it('DepthwiseConv2dNativeBackpropInput: composition (ours) vs a loop over the heap vs cpu', async () => {
    for (const { layer, input, strides, pad } of DEPTHWISE) {
      await tf.setBackend('cpu');
      const filter = tf.randomNormal([3, 3, input[3], 1], 0, 1, 'float32', 1);
      const y = tf.depthwiseConv2d(tf.zeros([...input]) as tf.Tensor4D, filter as tf.Tensor4D, strides, pad);
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 2);
      const attrs = { strides, pad, dilations: 1, inputShape: input };
      const ours = await timeOnWasm({ dy, filter }, (backend, xs) => depthwiseConv2dBackpropInput({ inputs: xs, attrs: attrs as tf.NamedAttrMap, backend }));
      const loop = await timeOnWasm({ dy, filter }, (backend, xs) => depthwiseBackpropInputLoop(backend, xs.dy, xs.filter, attrs));
      const cpu = await timeKernel('cpu', 'DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs);
      console.log(`${layer}: composition ${ours.toFixed(2)}, heap loop ${loop.toFixed(2)}, cpu ${cpu.toFixed(2)}`);
      tf.dispose([filter, y, dy]);
      expect(ours).toBeLessThan(loop);
    }
  });

  it('Conv2DBackpropInput: composition (ours) vs wasm 4.22\'s loop vs cpu', async () => {
    const { conv2DBackpropInputConfig } = await import('@tensorflow/tfjs-backend-wasm/dist/kernels/Conv2DBackpropInput.js');
    await tf.setBackend('wasm');
    conv2DBackpropInputConfig.setupFunc!(tf.engine().backend);
    const CONVS = [
      { layer: 'MobileNet conv_pw_1 (112x112, 24 -> 48, 1x1)', input: [1, 112, 112, 24], filter: [1, 1, 24, 48], strides: 1, pad: 'valid' },
      { layer: 'MobileNet conv_pw_13 (7x7, 768 -> 768, 1x1)', input: [1, 7, 7, 768], filter: [1, 1, 768, 768], strides: 1, pad: 'valid' },
      { layer: 'ResNet-50 res2a_branch2b (56x56, 64 -> 64, 3x3)', input: [1, 56, 56, 64], filter: [3, 3, 64, 64], strides: 1, pad: 'same' },
      { layer: 'ResNet-50 res3a_branch1 (56 -> 28, 256 -> 512, 1x1/2)', input: [1, 56, 56, 256], filter: [1, 1, 256, 512], strides: 2, pad: 'valid' },
    ] as const;
    for (const { layer, input, filter: fShape, strides, pad } of CONVS) {
      await tf.setBackend('cpu');
      const filter = tf.randomNormal([...fShape], 0, 1, 'float32', 1);
      const y = tf.conv2d(tf.zeros([...input]) as tf.Tensor4D, filter as tf.Tensor4D, strides, pad);
      const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 2);
      const attrs = { strides, pad, dataFormat: 'NHWC', inputShape: input };
      const ours = await timeOnWasm({ dy, filter }, (backend, xs) => conv2dBackpropInput({ inputs: xs, attrs: attrs as unknown as tf.NamedAttrMap, backend }));
      const native = await timeOnWasm({ dy, filter }, (backend, xs) => conv2DBackpropInputConfig.kernelFunc({ inputs: xs, attrs: attrs as unknown as tf.NamedAttrMap, backend }) as Info);
      const cpu = await timeKernel('cpu', 'Conv2DBackpropInput', { dy, filter }, attrs);
      console.log(`${layer}: composition ${ours.toFixed(2)}, wasm 4.22 ${native.toFixed(2)}, cpu ${cpu.toFixed(2)}`);
      tf.dispose([filter, y, dy]);
    }
  });

  it('MaxPoolGrad at ResNet-50 pool1 (114x114x64 -> 56, 3x3/2): ours vs wasm 4.22 (wrong) vs cpu', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([1, 114, 114, 64], 0, 1, 'float32', 3);
    const dy = tf.randomNormal([1, 56, 56, 64], 0, 1, 'float32', 4);
    const attrs = { filterSize: 3, strides: 2, pad: 'valid' };
    const ours = await timeOnWasm({ dy, input: x }, (backend, xs) => maxPoolGrad({ inputs: xs, attrs: attrs as tf.NamedAttrMap, backend }));
    // wasm's own kernel, which ours replaced before the backend started, so set it up here.
    const { maxPoolGradConfig } = await import('@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPoolGrad.js');
    await tf.setBackend('wasm');
    maxPoolGradConfig.setupFunc!(tf.engine().backend);
    const native = await timeOnWasm({ dy, input: x }, (backend, xs) => maxPoolGradConfig.kernelFunc({ inputs: xs, attrs, backend }) as Info);
    const cpu = await timeKernel('cpu', 'MaxPoolGrad', { dy, input: x, output: dy }, attrs);
    console.log(`MaxPoolGrad pool1: ours ${ours.toFixed(2)}, wasm 4.22 ${native.toFixed(2)}, cpu ${cpu.toFixed(2)}`);
    tf.dispose([x, dy]);
  });

  it('UnsortedSegmentSum as in gather\'s gradient (1000 classes, batch 16): heap loop (ours) vs one-hot matmul', async () => {
    await tf.setBackend('cpu');
    const x = tf.randomNormal([1, 16], 0, 1, 'float32', 5);
    const ids = tf.tensor1d([7], 'int32');
    const ours = await timeOnWasm({ x, segmentIds: ids }, (backend, xs) => unsortedSegmentSum({ inputs: xs, attrs: { numSegments: 1000 }, backend }));
    await tf.setBackend('wasm');
    const xw = tf.tensor(x.dataSync(), x.shape);
    const idw = tf.tensor1d([7], 'int32');
    const matmul = await median(() => tf.dispose(tf.tidy(() => tf.matMul(tf.oneHot(idw, 1000), xw, true, false))));
    const cpu = await timeKernel('cpu', 'UnsortedSegmentSum', { x, segmentIds: ids }, { numSegments: 1000 });
    console.log(`UnsortedSegmentSum: heap loop ${ours.toFixed(3)}, one-hot matmul ${matmul.toFixed(3)}, cpu ${cpu.toFixed(3)}`);
    tf.dispose([x, ids, xw, idw]);
  });
});

const MODEL_IDS = (process.env.WASM_TIMING_MODELS ?? 'mobilenet_v1_0.75_224').split(',') as BuiltinModelId[];

describe.skipIf(process.env.WASM_TIMING !== '1').each(MODEL_IDS)('%s at 224x224 (ms)', (id) => {
  it('forward pass and input gradient: wasm vs cpu', async () => {
    await tf.setBackend('cpu');
    const model = await loadModel(MODELS[id], fileHandler(MODELS[id]));
    const x = tf.randomUniform([1, 224, 224, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    const grad = tf.grad((t: tf.Tensor) => tf.sum(tf.gather(model.compiled.logits(t as tf.Tensor4D), [1], 1)));
    const results: Record<string, { forward: number; gradient: number; values: Float32Array }> = {};
    for (const backend of ['wasm', 'cpu']) {
      await tf.setBackend(backend);
      // ResNet-50 on the CPU backend takes tens of seconds a pass: one timed run after the warm-up.
      const runs = backend === 'wasm' ? 5 : id === 'resnet50' ? 1 : 3;
      const forward = await median(() => tf.tidy(() => model.compiled.logits(x, { inferenceOnly: true }).dataSync()), runs);
      const gradient = await median(() => tf.tidy(() => grad(x).dataSync()), runs);
      results[backend] = { forward, gradient, values: tf.tidy(() => grad(x).dataSync() as Float32Array) };
    }
    const { wasm, cpu } = results;
    // The CPU backend against itself at an input moved by 1e-6 (about float32's rounding of these
    // activations): how far a deep ReLU6 network's gradient moves when a few units cross 0 or 6, as
    // another summation order also makes them.
    const nudged = tf.tidy(() => grad(tf.add(x, tf.randomNormal(x.shape, 0, 1e-6, 'float32', 2))).dataSync() as Float32Array);
    const scale = cpu.values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const compare = (a: Float32Array, b: Float32Array) => {
      let max = 0;
      let sq = 0;
      let norm = 0;
      let over = 0;
      for (let i = 0; i < a.length; i++) {
        max = Math.max(max, Math.abs(a[i] - b[i]));
        sq += (a[i] - b[i]) ** 2;
        norm += b[i] ** 2;
        if (Math.abs(a[i] - b[i]) > 1e-3 * scale) over++;
      }
      return { max, relL2: Math.sqrt(sq / norm), over };
    };
    const d = compare(wasm.values, cpu.values);
    const d0 = cpu.values.length;
    const own = compare(nudged, cpu.values);
    console.log(
      `${id}: forward wasm ${wasm.forward.toFixed(0)}, cpu ${cpu.forward.toFixed(0)}; input gradient wasm ${wasm.gradient.toFixed(0)}, cpu ${cpu.gradient.toFixed(0)}; ` +
        `max |cpu| ${scale.toExponential(2)}; wasm vs cpu: max ${d.max.toExponential(2)}, relative L2 ${d.relL2.toExponential(2)}, ${d.over} values off by > 1e-3 max; ` +
        `cpu vs cpu at x + 1e-6 noise: max ${own.max.toExponential(2)}, relative L2 ${own.relL2.toExponential(2)}, ${own.over} values off by > 1e-3 max (of ${d0})`,
    );
    expect(d.relL2).toBeLessThan(1e-2);
    // Where the wasm gradient's time goes, by kernel (tf.profile times each kernel; nested ones count twice).
    await tf.setBackend('wasm');
    const profile = await tf.profile(() => tf.dispose(grad(x)));
    const byKernel = new Map<string, number>();
    for (const k of profile.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + (k.kernelTimeMs as number));
    const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.log(`${id} input gradient on wasm, by kernel (ms): ${top.map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ')}`);
    await tf.setBackend('cpu');
    x.dispose();
    model.dispose();
  });
});

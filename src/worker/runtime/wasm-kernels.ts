/**
 * The kernels tfjs-backend-wasm 4.22 lacks that our differentiated paths dispatch (backend-kernels.test.ts
 * lists each path's kernels and checks them against every backend's registry):
 * - DepthwiseConv2dNativeBackpropInput: the input gradient of every MobileNet depthwise layer;
 * - UnsortedSegmentSum: the gradient of tf.gather, which picks the target logit.
 * One it has but gets wrong: MaxPoolGrad (ResNet's max-pool) starts each window's maximum at
 * std::numeric_limits<float>::min(), the smallest positive float, so a window whose maximum is 0 or
 * negative (all zeros after a ReLU) sends its gradient nowhere, and ties go to the last maximum, not
 * the first as on the CPU backend (and in TensorFlow). And one it runs slowly: Conv2DBackpropInput, a
 * plain loop, 60 % of a MobileNet input gradient. Ours replace both.
 * Registering them needs no wasm runtime (the registry is tfjs-core's); they run only on the wasm backend.
 *
 * The convolution gradients are composed of wasm's own kernels, called on the backend directly (not
 * through the engine, so nothing is taped, tracked or left behind): zeros between dy's rows and columns
 * for the stride, then a stride-1 convolution with the spatially flipped filter, which XNNPACK runs.
 * The segment sum and the max-pool gradient are loops over the wasm heap, in the CPU kernels' order.
 * Timed in wasm-kernels.timing.test.ts (Node, single-threaded SIMD wasm, a busy 2-core machine, ms):
 * - depthwise gradient at MobileNet 0.75's conv_dw_1 / dw_2 / dw_6 / dw_13 sizes: composition 1.7 / 3.1 /
 *   0.7 / 0.2; the CPU kernel's loop over the heap 29 / 27 / 6.9 / 5.7 (the CPU backend: the same);
 * - conv gradient at MobileNet's conv_pw_1 / conv_pw_13, ResNet-50's res2a_branch2b (3x3) / res3a_branch1
 *   (1x1/2): composition 1.9 / 12 / 14 / 15, wasm 4.22's loop 24 / 37 / 157 / 137, cpu 58 / 95 / 422 / 361;
 * - MaxPoolGrad at ResNet-50's pool1: ours 15, wasm 4.22's own 81, cpu 1022;
 * - the segment sum of a gather's gradient (1000 classes): 0.02, as a one-hot matmul 0.4, cpu 32;
 * - at 224x224, an input gradient: MobileNet 0.75 wasm 367 (690 with wasm's own conv gradient), cpu 4372;
 *   ResNet-50 wasm 2.0 s, cpu 44 s. A forward pass: MobileNet wasm 67, cpu 2381; ResNet-50 0.5 s, 25 s.
 */
import { backend_util, getKernel, registerKernel, unregisterKernel, util, type KernelConfig, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';
// First: wasm's own kernels must be registered before ours replace one of them.
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { registerExplicitSamePadding } from './wasm-same-padding';

/** Runs wasm kernels on the backend and disposes their outputs, except the one kept. */
class Scope {
  private readonly made: TensorInfo[] = [];
  constructor(private readonly backend: BackendWasm) {}

  run(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(name, 'wasm');
    if (!kernel) throw new Error(`wasm-kernels: the wasm backend has no ${name} kernel`);
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend }) as TensorInfo;
    this.made.push(out);
    return out;
  }

  /**
   * The filter [kh, kw, ...] flipped in both spatial axes: kh * kw contiguous blocks in reverse order
   * (wasm's Reverse kernel takes 40 ms on a 1x1x768x768 filter; copying blocks, well under one).
   */
  flip(filter: TensorInfo): TensorInfo {
    const taps = filter.shape[0] * filter.shape[1];
    if (taps === 1) return filter;
    const out = this.backend.makeOutput(filter.shape, filter.dtype);
    this.made.push(out);
    const src = this.backend.typedArrayFromHeap(filter);
    const dst = this.backend.typedArrayFromHeap(out);
    const block = src.length / taps;
    for (let i = 0; i < taps; i++) dst.set(src.subarray(i * block, (i + 1) * block), (taps - 1 - i) * block);
    return out;
  }

  /** Disposes everything made but `result`. */
  keep(result: TensorInfo): TensorInfo {
    for (const t of this.made) if (t !== result) this.backend.disposeData(t.dataId);
    return result;
  }
}

type ConvAttrs = {
  strides: [number, number] | number;
  dilations?: [number, number] | number;
  pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
};
type KernelArgs = { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap; backend: unknown };

/** t [n, oh, ow, k] with stride - 1 zeros after each row and column. */
function dilate(scope: Scope, t: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return t;
  const [n, oh, ow, k] = t.shape;
  const spread = scope.run('Reshape', { x: t }, { shape: [n, oh, 1, ow, 1, k] });
  const padded = scope.run('PadV2', { x: spread }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  return scope.run('Reshape', { x: padded }, { shape: [n, oh * sh, ow * sw, k] });
}

/**
 * The input gradient of a convolution as a stride-1 convolution of the dilated dy with the flipped
 * filter: its rows [h] come from padding the dilated rows by kh - 1 - top before and whatever makes h
 * after. A pad that comes out negative (explicit paddings wider than the filter, rows a stride skips)
 * crops instead. Returns dy, dilated and cropped, and the padding the convolution adds.
 */
function fit(scope: Scope, dy: TensorInfo, info: backend_util.Conv2DInfo): { d: TensorInfo; pad: number[][] } {
  let d = dilate(scope, dy, info.strideHeight, info.strideWidth);
  const axis = (size: number, dilated: number, filter: number, padBefore: number) => {
    const before = filter - 1 - padBefore;
    return [before, size + filter - 1 - dilated - before];
  };
  const rows = axis(info.inHeight, d.shape[1], info.filterHeight, info.padInfo.top);
  const cols = axis(info.inWidth, d.shape[2], info.filterWidth, info.padInfo.left);
  if ([...rows, ...cols].some((p) => p < 0)) {
    const crop = (p: number) => Math.max(0, -p);
    const begin = [0, crop(rows[0]), crop(cols[0]), 0];
    const size = [d.shape[0], d.shape[1] - begin[1] - crop(rows[1]), d.shape[2] - begin[2] - crop(cols[1]), d.shape[3]];
    d = scope.run('Slice', { x: d }, { begin, size });
  }
  return { d, pad: [[0, 0], rows.map((p) => Math.max(0, p)), cols.map((p) => Math.max(0, p)), [0, 0]] };
}

function convInfo(args: KernelArgs, depthwise: boolean): backend_util.Conv2DInfo {
  const { strides, dilations, pad, dimRoundingMode, inputShape } = args.attrs as unknown as ConvAttrs;
  const filter = (args.inputs.filter as TensorInfo).shape as [number, number, number, number];
  const info = backend_util.computeConv2DInfo(inputShape, filter, strides, dilations ?? 1, pad, dimRoundingMode, depthwise);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('wasm-kernels: a backprop-input kernel with dilations > 1 (tfjs-core never asks for one)');
  }
  return info;
}

export function depthwiseConv2dBackpropInput(args: KernelArgs): TensorInfo {
  const scope = new Scope(args.backend as BackendWasm);
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const info = convInfo(args, true);
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outChannels: k, filterHeight: kh, filterWidth: kw } = info;
  const { d, pad } = fit(scope, dy, info);
  // Output channel j = ch * multiplier + q reads input channel ch: one flipped [kh, kw] filter per j.
  const flipped = scope.flip(filter);
  const perOutput = scope.run('Reshape', { x: flipped }, { shape: [kh, kw, k, 1] });
  const conv = scope.run('DepthwiseConv2dNative', { x: d, filter: perOutput }, { strides: [1, 1], pad, dilations: [1, 1] });
  if (k === c) return scope.keep(conv);
  const grouped = scope.run('Reshape', { x: conv }, { shape: [n, h, w, c, k / c] });
  return scope.keep(scope.run('Sum', { x: grouped }, { axis: [4], keepDims: false }));
}

/**
 * Conv2DBackpropInput: wasm has one, but a plain loop; as a convolution with the flipped, transposed
 * filter [kh, kw, out, in], XNNPACK runs it. A 1x1 filter works per pixel, so dy is convolved first and
 * the result dilated: the stride's zeros are not convolved.
 */
export function conv2dBackpropInput(args: KernelArgs): TensorInfo {
  const scope = new Scope(args.backend as BackendWasm);
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const { dataFormat } = args.attrs as { dataFormat?: string };
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropInput: NCHW is not supported (nor is it by wasm\'s Conv2D)');
  const info = convInfo(args, false);
  const flipped = scope.flip(filter);
  const transposed = scope.run('Transpose', { x: flipped }, { perm: [0, 1, 3, 2] });
  const conv = (x: TensorInfo, pad: number[][]) => scope.run('Conv2D', { x, filter: transposed }, { strides: [1, 1], pad, dilations: [1, 1], dataFormat: 'NHWC' });
  if (info.filterHeight === 1 && info.filterWidth === 1) {
    const mixed = conv(dy, [[0, 0], [0, 0], [0, 0], [0, 0]]);
    const { d, pad } = fit(scope, mixed, info);
    if (pad.every(([a, b]) => a === 0 && b === 0)) return scope.keep(d);
    return scope.keep(scope.run('PadV2', { x: d }, { paddings: pad, constantValue: 0 }));
  }
  const { d, pad } = fit(scope, dy, info);
  return scope.keep(conv(d, pad));
}

/** tf.unsortedSegmentSum with 1-D segment ids (as tf.gather's gradient calls it): rows added in order. */
export function unsortedSegmentSum(args: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap; backend: unknown }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { x, segmentIds } = args.inputs as { x: TensorInfo; segmentIds: TensorInfo };
  const numSegments = (args.attrs as { numSegments: number }).numSegments;
  if (segmentIds.shape.length !== 1 || segmentIds.shape[0] !== x.shape[0]) {
    throw new Error('wasm UnsortedSegmentSum: segment ids must be 1-D, one per row of x');
  }
  const row = util.sizeFromShape(x.shape.slice(1));
  // Allocate first: a heap that grows detaches the views taken before.
  const out = backend.makeOutput([numSegments, ...x.shape.slice(1)], x.dtype);
  const outValues = backend.typedArrayFromHeap(out);
  outValues.fill(0);
  const xs = backend.typedArrayFromHeap(x);
  const ids = backend.typedArrayFromHeap(segmentIds);
  for (let r = 0; r < ids.length; r++) {
    const s = ids[r];
    if (s < 0 || s >= numSegments) continue; // TF drops negative ids; out-of-range ones select nothing
    const from = r * row;
    const to = s * row;
    for (let i = 0; i < row; i++) outValues[to + i] += xs[from + i];
  }
  return out;
}

/**
 * MaxPoolGrad as the CPU kernel computes it: each window's first maximum (NaN never wins) receives that
 * window's dy; windows are visited in row-major order, so overlapping windows add up in the same order.
 */
export function maxPoolGrad(args: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap; backend: unknown }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, strideHeight: sh, strideWidth: sw } = info;
  const { effectiveFilterHeight: kh, effectiveFilterWidth: kw, padInfo } = info;
  const dx = backend.makeOutput(input.shape, 'float32');
  const dxs = backend.typedArrayFromHeap(dx);
  dxs.fill(0);
  const xs = backend.typedArrayFromHeap(input);
  const dys = backend.typedArrayFromHeap(dy);
  const best = new Float32Array(c);
  const at = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < oh; yR++) {
      const r0 = yR * sh - padInfo.top;
      const rEnd = Math.min(h, r0 + kh);
      for (let yC = 0; yC < ow; yC++) {
        const c0 = yC * sw - padInfo.left;
        const cEnd = Math.min(w, c0 + kw);
        best.fill(-Infinity);
        at.fill(-1);
        for (let xR = Math.max(0, r0); xR < rEnd; xR++) {
          for (let xC = Math.max(0, c0); xC < cEnd; xC++) {
            const base = ((b * h + xR) * w + xC) * c;
            for (let d = 0; d < c; d++) {
              const v = xs[base + d];
              if (v > best[d]) {
                best[d] = v;
                at[d] = base + d;
              }
            }
          }
        }
        const dyBase = ((b * oh + yR) * ow + yC) * c;
        for (let d = 0; d < c; d++) if (at[d] >= 0) dxs[at[d]] += dys[dyBase + d];
      }
    }
  }
  return dx;
}

const kernel = (kernelName: string, kernelFunc: unknown): KernelConfig => ({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as KernelConfig['kernelFunc'] });

/** Kernels wasm lacks. */
export const WASM_MISSING_KERNELS: KernelConfig[] = [
  kernel('DepthwiseConv2dNativeBackpropInput', depthwiseConv2dBackpropInput),
  kernel('UnsortedSegmentSum', unsortedSegmentSum),
];
/** Kernels wasm has but gets wrong (MaxPoolGrad) or runs slowly (Conv2DBackpropInput). */
export const WASM_REPLACED_KERNELS: KernelConfig[] = [kernel('MaxPoolGrad', maxPoolGrad), kernel('Conv2DBackpropInput', conv2dBackpropInput)];

/**
 * Registers the kernels wasm lacks (one that a later release adds is left alone) and replaces the ones
 * it gets wrong; idempotent. Runs on import.
 */
export function registerWasmKernels(): void {
  registerExplicitSamePadding();
  for (const config of WASM_MISSING_KERNELS) if (!getKernel(config.kernelName, 'wasm')) registerKernel(config);
  for (const config of WASM_REPLACED_KERNELS) {
    if (getKernel(config.kernelName, 'wasm')?.kernelFunc === config.kernelFunc) continue;
    if (getKernel(config.kernelName, 'wasm')) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
}

registerWasmKernels();

/**
 * The kernels tfjs-backend-wasm 4.22 lacks that our differentiated paths dispatch (backend-kernels.test.ts
 * lists each path's kernels and checks them against every backend's registry):
 * - DepthwiseConv2dNativeBackpropInput: the input gradient of every MobileNet depthwise layer;
 * - UnsortedSegmentSum: the gradient of tf.gather, which picks the target logit.
 * And one it has but gets wrong: MaxPoolGrad (ResNet's max-pool) starts each window's maximum at
 * std::numeric_limits<float>::min(), the smallest positive float, so a window whose maximum is 0 or
 * negative (all zeros after a ReLU) sends its gradient nowhere, and ties go to the last maximum, not
 * the first as on the CPU backend (and in TensorFlow). Ours replaces it.
 * Registering them needs no wasm runtime (the registry is tfjs-core's); they run only on the wasm backend.
 *
 * The depthwise gradient is composed of wasm's own kernels, called on the backend directly (not through
 * the engine, so nothing is taped, tracked or left behind): zeros between dy's rows and columns for the
 * stride, then a stride-1 depthwise convolution with the spatially flipped filter, which XNNPACK runs.
 * The segment sum and the max-pool gradient are loops over the wasm heap, in the CPU kernels' order.
 * Timed in wasm-kernels.timing.test.ts (Node, single-threaded SIMD wasm, a busy 2-core machine, ms):
 * depthwise gradient at MobileNet 0.75's conv_dw_1 / dw_2 / dw_6 / dw_13 sizes: composition 2.6 / 3.3 /
 * 0.9 / 0.65, the CPU kernel's loop over the heap 38 / 27 / 6.8 / 4.3 (the CPU backend: the same);
 * MaxPoolGrad at ResNet-50's pool1: ours 15, wasm 4.22's own 81, cpu 1022; the segment sum of a
 * gather's gradient (1000 classes): 0.02, against 0.4 as a one-hot matmul and 32 on cpu.
 */
import { backend_util, getKernel, registerKernel, unregisterKernel, util, type KernelConfig, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs';
// First: wasm's own kernels must be registered before ours replace one of them.
import '@tensorflow/tfjs-backend-wasm';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

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

  /** Disposes everything made but `result`. */
  keep(result: TensorInfo): TensorInfo {
    for (const t of this.made) if (t !== result) this.backend.disposeData(t.dataId);
    return result;
  }
}

type Pads = { before: number; after: number };

/**
 * One spatial axis of the transposed convolution: dy (length `out` after dilation) is correlated with
 * the flipped filter to give `size` values; pads can come out negative (explicit paddings wider than
 * the filter), which crop dy instead.
 */
function fullPads(size: number, dilated: number, filter: number, padBefore: number): Pads {
  const before = filter - 1 - padBefore;
  return { before, after: size + filter - 1 - dilated - before };
}

export function depthwiseConv2dBackpropInput(args: { inputs: NamedTensorInfoMap; attrs?: NamedAttrMap; backend: unknown }): TensorInfo {
  const backend = args.backend as BackendWasm;
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, dilations, pad, dimRoundingMode, inputShape } = args.attrs as unknown as {
    strides: [number, number] | number;
    dilations: [number, number] | number;
    pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  const info = backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, dilations, pad, dimRoundingMode, true);
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1) {
    throw new Error('wasm DepthwiseConv2dNativeBackpropInput: dilations > 1 are not supported (nor are they by tfjs-core)');
  }
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow, outChannels: k } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: kh, filterWidth: kw } = info;
  const scope = new Scope(backend);
  // Zeros between rows and columns (and stride - 1 after the last, accounted for in the pads below).
  let d = dy;
  if (sh > 1 || sw > 1) {
    const spread = scope.run('Reshape', { x: dy }, { shape: [n, oh, 1, ow, 1, k] });
    const paddings = [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]];
    const padded = scope.run('PadV2', { x: spread }, { paddings, constantValue: 0 });
    d = scope.run('Reshape', { x: padded }, { shape: [n, oh * sh, ow * sw, k] });
  }
  const rows = fullPads(h, d.shape[1], kh, info.padInfo.top);
  const cols = fullPads(w, d.shape[2], kw, info.padInfo.left);
  if (rows.before < 0 || rows.after < 0 || cols.before < 0 || cols.after < 0) {
    const begin = [0, Math.max(0, -rows.before), Math.max(0, -cols.before), 0];
    const size = [n, d.shape[1] - begin[1] - Math.max(0, -rows.after), d.shape[2] - begin[2] - Math.max(0, -cols.after), k];
    d = scope.run('Slice', { x: d }, { begin, size });
  }
  // Output channel j = ch * multiplier + q reads input channel ch: one flipped [kh, kw] filter per j.
  const flipped = scope.run('Reverse', { x: filter }, { dims: [0, 1] });
  const perOutput = scope.run('Reshape', { x: flipped }, { shape: [kh, kw, k, 1] });
  const explicit = [[0, 0], [Math.max(0, rows.before), Math.max(0, rows.after)], [Math.max(0, cols.before), Math.max(0, cols.after)], [0, 0]];
  const conv = scope.run('DepthwiseConv2dNative', { x: d, filter: perOutput }, { strides: [1, 1], pad: explicit, dilations: [1, 1] });
  if (k === c) return scope.keep(conv);
  const grouped = scope.run('Reshape', { x: conv }, { shape: [n, h, w, c, k / c] });
  return scope.keep(scope.run('Sum', { x: grouped }, { axis: [4], keepDims: false }));
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
/** Kernels wasm has but gets wrong. */
export const WASM_REPLACED_KERNELS: KernelConfig[] = [kernel('MaxPoolGrad', maxPoolGrad)];

/**
 * Registers the kernels wasm lacks (one that a later release adds is left alone) and replaces the ones
 * it gets wrong; idempotent. Runs on import.
 */
export function registerWasmKernels(): void {
  for (const config of WASM_MISSING_KERNELS) if (!getKernel(config.kernelName, 'wasm')) registerKernel(config);
  for (const config of WASM_REPLACED_KERNELS) {
    if (getKernel(config.kernelName, 'wasm')?.kernelFunc === config.kernelFunc) continue;
    if (getKernel(config.kernelName, 'wasm')) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
}

registerWasmKernels();

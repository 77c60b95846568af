/**
 * tfjs-backend-wasm 4.22 hands `pad: 'same'` to XNNPACK as its TensorFlow-SAME flag, which disagrees with
 * tfjs (and TensorFlow) when the stride is larger than the filter: on a 32x32 input, a 3x3 convolution with
 * stride 4 or 8, or a 2x2 with stride 4, differs from the CPU kernel by 5 to 14 (measured; stride 2 and 3
 * agree). MobileNet's and ResNet-50's layers are not affected (3x3/2 same, 1x1/2 valid, 7x7/2 after explicit
 * zero-padding), but a student's own model can be, and the e2e stand-in network (a 3x3/8 first conv) was:
 * on wasm its output did not depend on most of the input. So 'same' is turned into the explicit padding
 * tfjs computes itself, which wasm passes to XNNPACK as numbers.
 */
import { backend_util, getKernel, registerKernel, unregisterKernel, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';

const CONVOLUTIONS = ['Conv2D', 'FusedConv2D', 'DepthwiseConv2dNative', 'FusedDepthwiseConv2D'];
const wrapped = new WeakSet<KernelFunc>();

function explicitSame(original: KernelConfig): KernelConfig {
  const depthwise = original.kernelName.includes('Depthwise');
  const kernelFunc: KernelFunc = (args) => {
    const attrs = args.attrs as Record<string, unknown> | undefined;
    if (attrs?.pad !== 'same') return original.kernelFunc(args);
    const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides as number | [number, number],
      (attrs.dilations ?? 1) as number | [number, number],
      'same',
      attrs.dimRoundingMode as 'floor' | 'round' | 'ceil' | undefined,
      depthwise,
    );
    const { top, bottom, left, right } = info.padInfo;
    const pad = [[0, 0], [top, bottom], [left, right], [0, 0]];
    return original.kernelFunc({ ...args, attrs: { ...args.attrs, pad } as typeof args.attrs });
  };
  wrapped.add(kernelFunc);
  return { ...original, kernelFunc };
}

/** Wraps wasm's convolutions once (idempotent); a later tfjs that fixes them is still given explicit pads. */
export function registerExplicitSamePadding(): void {
  for (const name of CONVOLUTIONS) {
    const current = getKernel(name, 'wasm');
    if (!current || wrapped.has(current.kernelFunc)) continue;
    unregisterKernel(name, 'wasm');
    registerKernel(explicitSame(current));
  }
}

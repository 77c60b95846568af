/**
 * Conv2D and DepthwiseConv2D. A BatchNormalization that is the conv's only consumer (and the conv has no
 * activation) is folded into the conv's kernel and bias at compile time, so each conv+BN is one (fused)
 * kernel; overriding any of those weights refolds them for that call.
 */
import * as tf from '@tensorflow/tfjs';
import { activation, foldBatchNorm, modified, padWithValue, pair, ruled, samePaddings } from './ops';
import type { BuildContext, BuiltLayer } from './types';

type ConvParams = { filter: tf.Tensor4D; bias: tf.Tensor1D | null };

export function buildConv(ctx: BuildContext): BuiltLayer {
  const { name, cfg, isLogits, fedByInput, weights } = ctx;
  const depthwise = ctx.layer.class_name === 'DepthwiseConv2D';
  const kernelName = `${name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`;
  const biasName = cfg.use_bias ? `${name}/bias` : null;
  const strides = pair(cfg.strides, 1);
  const dilations = pair(cfg.dilation_rate, 1);
  const pad = cfg.padding as 'same' | 'valid';
  const bnLayer = ctx.soleConsumer();
  const foldBn = bnLayer?.class_name === 'BatchNormalization' && cfg.activation === 'linear';
  const bnName = foldBn ? bnLayer!.config.name : null;
  const bnWeights = bnName
    ? (['gamma', 'beta', 'moving_mean', 'moving_variance'] as const).map((w) => `${bnName}/${w}`).filter((w) => weights[w])
    : [];
  const weightNames = [kernelName, ...(biasName ? [biasName] : []), ...bnWeights];
  if (bnName) ctx.absorb(bnName);
  const epsilon = (bnLayer?.config.epsilon as number | undefined) ?? 1e-3;
  const params = (get: (n: string) => tf.Tensor | undefined): ConvParams => {
    const kernel = get(kernelName) as tf.Tensor4D;
    const bias = biasName ? get(biasName)! : null;
    if (!bnName) return { filter: kernel, bias: bias as tf.Tensor1D | null };
    return foldBatchNorm(
      kernel,
      bias,
      {
        gamma: get(`${bnName}/gamma`),
        beta: get(`${bnName}/beta`),
        mean: get(`${bnName}/moving_mean`)!,
        variance: get(`${bnName}/moving_variance`)!,
        epsilon,
      },
      depthwise,
    );
  };
  ctx.weight(kernelName);
  const base = params((n) => weights[n]);
  if (bnName) ctx.own(base.filter, base.bias!);
  const conv = (x: tf.Tensor4D, p: ConvParams, fused: boolean, pad: 'same' | 'valid') => {
    if (fused) {
      const args = { x, filter: p.filter, strides, pad, dilations, bias: p.bias ?? undefined };
      return depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
    }
    const y = depthwise
      ? tf.depthwiseConv2d(x, p.filter, strides, pad, 'NHWC', dilations)
      : tf.conv2d(x, p.filter, strides, pad, 'NHWC', dilations);
    return p.bias ? tf.add(y, p.bias) : y;
  };
  return {
    weightNames,
    run: (xs, env) => {
      const overridden = weightNames.some((w) => env.get(w) !== weights[w]);
      const p = overridden ? params((n) => env.get(n)) : base;
      let x = xs[0] as tf.Tensor4D;
      let padding = pad;
      if (pad === 'same' && fedByInput && env.inputPadValue) {
        // Explicit padding with the input's pad value, then a 'valid' conv: same windows, other border.
        const k: [number, number] = [p.filter.shape[0], p.filter.shape[1]];
        x = padWithValue(x, samePaddings(x.shape, k, strides, dilations), env.inputPadValue);
        padding = 'valid';
      }
      const layer = { name, className: ctx.layer.class_name, isLogits, weighted: true };
      const y = ruled(env, layer, [x], (ins, modify) => {
        const m = modified(p.filter, p.bias, modify);
        return conv(ins[0] as tf.Tensor4D, { filter: m.kernel, bias: m.bias }, env.fused, padding);
      });
      return isLogits ? y : activation(cfg.activation, y, env.act, name);
    },
  };
}

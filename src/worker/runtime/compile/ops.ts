/** Tensor helpers the layer builders share: Keras argument shapes, padding, activations, BN folding. */
import * as tf from '@tensorflow/tfjs';
import type { Env, LinearForward, LinearLayer, Nonlinearities } from './types';

/** A Keras int-or-pair argument (kernel size, strides, ...) as a pair. */
export const pair = (v: unknown, fallback: number): [number, number] =>
  Array.isArray(v) ? [v[0] as number, v[1] as number] : [(v as number) ?? fallback, (v as number) ?? fallback];

export type Paddings = Array<[number, number]>;

/** Pads [N, h, w, c] with a per-channel constant; interior values are untouched (exact). */
export function padWithValue(x: tf.Tensor4D, paddings: Paddings, values: number[]): tf.Tensor4D {
  if (values.every((v) => v === values[0])) return tf.pad(x, paddings, values[0]);
  const channels = tf.split(x, values.length, 3);
  return tf.concat(channels.map((ch, i) => tf.pad(ch, paddings, values[i])), 3) as tf.Tensor4D;
}

/** TF's 'same' padding amounts for an [N, h, w, c] input (the extra pixel goes after). */
export function samePaddings(shape: number[], kernel: [number, number], strides: [number, number], dilations: [number, number]): Paddings {
  const spatial = [0, 1].map((i): [number, number] => {
    const size = shape[1 + i];
    const out = Math.ceil(size / strides[i]);
    const kEff = (kernel[i] - 1) * dilations[i] + 1;
    const total = Math.max((out - 1) * strides[i] + kEff - size, 0);
    const before = Math.floor(total / 2);
    return [before, total - before];
  });
  return [[0, 0], spatial[0], spatial[1], [0, 0]];
}

/** A Keras `activation` argument; relu and relu6 go through the (replaceable) nonlinearities. */
export function activation(name: unknown, x: tf.Tensor, act: Nonlinearities, layer: string): tf.Tensor {
  switch (name ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return act.relu(x, layer);
    case 'relu6':
      return act.relu6(x, layer);
    case 'softmax':
      return tf.softmax(x);
    default:
      throw new Error(`Unsupported activation "${String(name)}" in layer ${layer}.`);
  }
}

/** Folds BatchNorm (inference statistics) into a conv's kernel and bias: exact affine algebra. */
export function foldBatchNorm(
  kernel: tf.Tensor4D,
  bias: tf.Tensor | null,
  bn: { gamma?: tf.Tensor; beta?: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor; epsilon: number },
  depthwise: boolean,
): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    let scale = tf.rsqrt(tf.add(bn.variance, bn.epsilon));
    if (bn.gamma) scale = tf.mul(scale, bn.gamma);
    const [, , inC, outC] = kernel.shape;
    // Depthwise kernels are [kh, kw, inC, multiplier]: output channel = inC * multiplier.
    const filter = depthwise
      ? tf.mul(kernel, tf.reshape(scale, [1, 1, inC, outC]))
      : tf.mul(kernel, tf.reshape(scale, [1, 1, 1, outC]));
    let b = tf.mul(tf.sub(bias ?? tf.zerosLike(bn.mean), bn.mean), scale);
    if (bn.beta) b = tf.add(b, bn.beta);
    return { filter: filter as tf.Tensor4D, bias: b as tf.Tensor1D };
  });
}

/** A linear layer's output: through Env.linearRule when one is set (LRP), else forward(inputs). */
export function ruled(env: Env, layer: LinearLayer, inputs: tf.Tensor[], forward: LinearForward): tf.Tensor {
  return env.linearRule ? env.linearRule(layer, inputs, forward) : forward(inputs);
}

/** A kernel and bias through an optional ParamModifier. */
export function modified<K extends tf.Tensor, B extends tf.Tensor | null>(
  kernel: K,
  bias: B,
  modify?: (kernel: tf.Tensor, bias: tf.Tensor | null) => { kernel: tf.Tensor; bias: tf.Tensor | null },
): { kernel: K; bias: B } {
  if (!modify) return { kernel, bias };
  const m = modify(kernel, bias);
  return { kernel: m.kernel as K, bias: m.bias as B };
}

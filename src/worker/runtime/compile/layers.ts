/**
 * LAYER_BUILDERS: Keras class name -> builder of that layer's forward op. A class missing here is
 * refused by the compiler with the layer's name. Inference-time semantics: Dropout is the identity
 * and the logits layer's activation (the softmax) is stripped. Every layer keeps the compiled model's
 * hooks: rectifiers (ReLU layers, relu / relu6 activations) go through Env.act, linear layers through
 * `ruled` (LRP), weighted ones take ParamModifiers and weight overrides.
 */
import * as tf from '@tensorflow/tfjs';
import { buildConv } from './conv';
import { activation, modified, padWithValue, pair, ruled, type Paddings } from './ops';
import type { LayerBuilder, PoolSpec } from './types';

const identity: LayerBuilder = () => ({ run: (xs) => xs[0] });

/** Not after a conv (or the conv has an activation): BatchNormalization applied on its own. */
const batchNormalization: LayerBuilder = ({ name, cfg, weights }) => {
  const axis = cfg.axis;
  if (axis !== -1 && !(Array.isArray(axis) && axis[0] === 3) && axis !== 3) {
    throw new Error(`BatchNormalization ${name} on axis ${String(axis)}: only channels-last is supported.`);
  }
  const w = (k: string) => `${name}/${k}`;
  return {
    weightNames: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(w).filter((n) => weights[n]),
    run: (xs, env) =>
      ruled(env, { name, className: 'BatchNormalization', isLogits: false, weighted: false }, xs, (ins) => tf.batchNorm(
        ins[0],
        env.get(w('moving_mean')),
        env.get(w('moving_variance')),
        weights[w('beta')] ? env.get(w('beta')) : undefined,
        weights[w('gamma')] ? env.get(w('gamma')) : undefined,
        (cfg.epsilon as number) ?? 1e-3,
      )),
  };
};

const activationLayer: LayerBuilder = ({ name, cfg, isLogits }) => {
  if (isLogits) throw new Error('The logits layer cannot be an Activation layer.');
  return { run: (xs, env) => activation(cfg.activation, xs[0], env.act, name) };
};

/** ReLU(max_value) maps onto the replaceable relu / relu6, so DeepLIFT sees it as such. */
const relu: LayerBuilder = ({ name, cfg }) => {
  const maxValue = cfg.max_value as number | null | undefined;
  if (cfg.negative_slope || cfg.threshold) throw new Error(`ReLU ${name} with slope/threshold is not supported.`);
  return {
    run: (xs, env) =>
      maxValue === 6
        ? env.act.relu6(xs[0], name)
        : maxValue == null
          ? env.act.relu(xs[0], name)
          : tf.clipByValue(env.act.relu(xs[0], name), 0, maxValue),
  };
};

const zeroPadding2d: LayerBuilder = ({ name, cfg, fedByInput }) => {
  const p = cfg.padding as number | [number, number] | [[number, number], [number, number]];
  const [[t, b], [l, r]] = Array.isArray(p)
    ? (Array.isArray(p[0]) ? (p as [[number, number], [number, number]]) : [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]])
    : [[p, p], [p, p]];
  const paddings: Paddings = [[0, 0], [t, b], [l, r], [0, 0]];
  return {
    run: (xs, env) =>
      ruled(env, { name, className: 'ZeroPadding2D', isLogits: false, weighted: false }, xs, ([x]) =>
        fedByInput && env.inputPadValue ? padWithValue(x as tf.Tensor4D, paddings, env.inputPadValue) : tf.pad(x, paddings),
      ),
  };
};

const maxPooling2d: LayerBuilder = ({ name, cfg }) => {
  const pool: PoolSpec = {
    poolSize: pair(cfg.pool_size, 2),
    strides: pair(cfg.strides ?? cfg.pool_size, 2),
    padding: cfg.padding as 'valid' | 'same',
  };
  const layer = { name, className: 'MaxPooling2D', isLogits: false, weighted: false };
  return { run: (xs, env) => ruled(env, layer, xs, ([x]) => env.act.maxPool(x as tf.Tensor4D, pool, name)) };
};

const dense: LayerBuilder = (ctx) => {
  const { name, cfg, isLogits } = ctx;
  const kernelName = `${name}/kernel`;
  const biasName = cfg.use_bias === false ? null : `${name}/bias`;
  ctx.weight(kernelName);
  return {
    weightNames: [kernelName, ...(biasName ? [biasName] : [])],
    run: (xs, env) => {
      const y = ruled(env, { name, className: 'Dense', isLogits, weighted: true }, xs, (ins, modify) => {
        const a = ins[0] as tf.Tensor2D;
        const { kernel, bias } = modified(env.get(kernelName) as tf.Tensor2D, biasName ? env.get(biasName) : null, modify);
        return env.fused ? tf.fused.matMul({ a, b: kernel, bias: bias ?? undefined }) : bias ? tf.add(tf.matMul(a, kernel), bias) : tf.matMul(a, kernel);
      });
      return isLogits ? y : activation(cfg.activation, y, env.act, name);
    },
  };
};

/** Rescaling(scale, offset): x · scale + offset, per channel when Keras 3 gives lists. A linear layer (LRP sees it). */
const rescaling: LayerBuilder = ({ name, cfg }) => {
  const value = (v: unknown, fallback: number) => (Array.isArray(v) ? tf.tensor1d(v as number[]) : tf.scalar((v as number | undefined) ?? fallback));
  const layer = { name, className: 'Rescaling', isLogits: false, weighted: false };
  return {
    run: (xs, env) => ruled(env, layer, xs, ([x]) => tf.add(tf.mul(x, value(cfg.scale, 1)), value(cfg.offset, 0))),
  };
};

const reshape: LayerBuilder = ({ cfg }) => {
  const target = cfg.target_shape as number[];
  return { run: (xs) => tf.reshape(xs[0], [-1, ...target]) };
};

export const LAYER_BUILDERS: Record<string, LayerBuilder> = {
  // The compiler substitutes the model input for an InputLayer's output.
  InputLayer: identity,
  Conv2D: buildConv,
  DepthwiseConv2D: buildConv,
  BatchNormalization: batchNormalization,
  Activation: activationLayer,
  ReLU: relu,
  Add: ({ name }) => ({ run: (xs, env) => ruled(env, { name, className: 'Add', isLogits: false, weighted: false }, xs, (ins) => tf.addN(ins)) }),
  ZeroPadding2D: zeroPadding2d,
  MaxPooling2D: maxPooling2d,
  GlobalAveragePooling2D: ({ name }) => ({
    run: (xs, env) => ruled(env, { name, className: 'GlobalAveragePooling2D', isLogits: false, weighted: false }, xs, ([x]) => tf.mean(x, [1, 2])),
  }),
  Dense: dense,
  Reshape: reshape,
  Flatten: () => ({ run: (xs) => tf.reshape(xs[0], [xs[0].shape[0], -1]) }),
  Dropout: identity,
  Rescaling: rescaling,
  // A Softmax layer after the logits layer is never built (the compiler stops at the logits).
  Softmax: ({ name, isLogits }) => {
    if (isLogits) throw new Error(`The logits layer cannot be a Softmax layer (${name}).`);
    return { run: (xs) => tf.softmax(xs[0]) };
  },
};

/** The builder for a Keras class (own keys only: "constructor" is not a layer). */
export function layerBuilder(className: string): LayerBuilder | undefined {
  return Object.prototype.hasOwnProperty.call(LAYER_BUILDERS, className) ? LAYER_BUILDERS[className] : undefined;
}

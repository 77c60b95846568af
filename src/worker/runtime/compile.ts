/**
 * Compiles a Keras functional topology plus its weights into a plain function of tensor ops that
 * returns logits [N, classes]. Why not LayersModel.apply: it drags variables and layer bookkeeping
 * through the gradient tape (measured 2-7x slower input-gradients), and it has no place to swap a
 * nonlinearity's gradient (DeepLIFT), a layer's weights (model-randomisation checks) or a layer's
 * output (Grad-CAM).
 *
 * Inference-time rewrites, exact up to float rounding:
 *  - BatchNormalization directly after a Conv2D/DepthwiseConv2D is folded into that conv's kernel and
 *    bias, so each conv+BN is one fused kernel;
 *  - Dropout is the identity; the logits layer's softmax is stripped.
 * The caller owns tensor lifetime: run `logits` inside tf.tidy or a gradient function.
 */
import * as tf from '@tensorflow/tfjs';
import { inboundNames, modelConfigOf } from './keras-topology';

export type NonlinearityKind = 'relu' | 'relu6' | 'maxPool';

export interface PoolSpec {
  poolSize: [number, number];
  strides: [number, number];
  padding: 'valid' | 'same';
}

/** Replaceable nonlinearities: DeepLIFT swaps their gradients, e.g. with tf.customGrad. */
export interface Nonlinearities {
  relu(x: tf.Tensor4D | tf.Tensor, layer: string): tf.Tensor;
  relu6(x: tf.Tensor4D | tf.Tensor, layer: string): tf.Tensor;
  maxPool(x: tf.Tensor4D, pool: PoolSpec, layer: string): tf.Tensor4D;
}

export const DEFAULT_NONLINEARITIES: Nonlinearities = {
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  maxPool: (x, p) => tf.maxPool(x, p.poolSize, p.strides, p.padding),
};

export interface ForwardOptions {
  nonlinearities?: Partial<Nonlinearities>;
  /**
   * Use tfjs' fused conv/matmul kernels (conv + bias in one dispatch). Only for forward passes that
   * are not differentiated: fused ops are built with customGrad, whose gradient computes the filter
   * and bias gradients too, while the plain ops' gradients are lazy per input.
   */
  inferenceOnly?: boolean;
  /** Replacement weights keyed by their Keras name, e.g. "fc1000/kernel" (same shapes). */
  weights?: Record<string, tf.Tensor>;
  /** Sees, and may replace, one layer's output during this call (Grad-CAM). */
  tap?: LayerTap;
  /**
   * Per channel: padding applied directly to the model input pads with this value instead of zeros
   * (a ZeroPadding2D fed by the input, or a 'same' conv fed by the input, which then pads explicitly
   * with TF's 'same' amounts and convolves 'valid'). With an input shifted by c and this set to c,
   * the border windows see x + c everywhere, so a bias compensation is exact (see shift.ts).
   */
  inputPadValue?: number[];
}

/**
 * A hook on one layer's output. `replace` receives the activation (e.g. [N, h, w, c]) and returns
 * what flows on instead (same shape): return it unchanged to read it, or return another tensor,
 * e.g. the argument of a tf.grad, to differentiate the logits with respect to that layer.
 * A BatchNormalization folded into its conv names the conv's output, which equals it.
 */
export interface LayerTap {
  layer: string;
  replace(activation: tf.Tensor): tf.Tensor;
}

export interface LayerInfo {
  name: string;
  className: string;
  /** Weight names this layer reads (after folding, a conv also reads its BatchNorm's). */
  weightNames: string[];
}

export interface CompiledModel {
  readonly layers: readonly LayerInfo[];
  readonly numClasses: number;
  logits(x: tf.Tensor4D, options?: ForwardOptions): tf.Tensor2D;
  /** Disposes the folded tensors the compiler made (not the weights it was given). */
  dispose(): void;
}

type Env = {
  get(name: string): tf.Tensor;
  act: Nonlinearities;
  fused: boolean;
  inputPadValue: number[] | null;
};

interface Node {
  name: string;
  inputs: string[];
  info: LayerInfo;
  run(inputs: tf.Tensor[], env: Env): tf.Tensor;
}

const pair = (v: unknown, fallback: number): [number, number] =>
  Array.isArray(v) ? [v[0] as number, v[1] as number] : [(v as number) ?? fallback, (v as number) ?? fallback];

type Paddings = Array<[number, number]>;

/** Pads [N, h, w, c] with a per-channel constant; interior values are untouched (exact). */
function padWithValue(x: tf.Tensor4D, paddings: Paddings, values: number[]): tf.Tensor4D {
  if (values.every((v) => v === values[0])) return tf.pad(x, paddings, values[0]);
  const channels = tf.split(x, values.length, 3);
  return tf.concat(channels.map((ch, i) => tf.pad(ch, paddings, values[i])), 3) as tf.Tensor4D;
}

/** TF's 'same' padding amounts for an [N, h, w, c] input (the extra pixel goes after). */
function samePaddings(shape: number[], kernel: [number, number], strides: [number, number], dilations: [number, number]): Paddings {
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

function activation(name: unknown, x: tf.Tensor, act: Nonlinearities, layer: string): tf.Tensor {
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
function foldBatchNorm(
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

export function compileKeras(
  topology: unknown,
  weights: Record<string, tf.Tensor>,
  spec: { logitsLayer: string; numClasses: number },
): CompiledModel {
  const layers = modelConfigOf(topology).config.layers;
  const byName = new Map(layers.map((l) => [l.config.name, l]));
  const consumers = new Map<string, string[]>();
  for (const l of layers) {
    for (const src of inboundNames(l)) consumers.set(src, [...(consumers.get(src) ?? []), l.config.name]);
  }
  const weight = (name: string): tf.Tensor => {
    const w = weights[name];
    if (!w) throw new Error(`Weight ${name} missing from the weight files.`);
    return w;
  };
  const optionalWeight = (name: string): tf.Tensor | undefined => weights[name];

  const owned: tf.Tensor[] = [];
  const nodes: Node[] = [];
  /** Output name -> node that produces it (a folded BN's name maps to its conv node). */
  const alias = new Map<string, string>();
  const folded = new Set<string>();
  const inputLayers = new Set<string>();

  for (const layer of layers) {
    const name = layer.config.name;
    if (folded.has(name)) continue;
    const cfg = layer.config;
    const inputs = inboundNames(layer).map((n) => alias.get(n) ?? n);
    const info: LayerInfo = { name, className: layer.class_name, weightNames: [] };
    const isLogits = name === spec.logitsLayer;
    const push = (run: Node['run']) => nodes.push({ name, inputs, info, run });
    const fedByInput = inputs.length === 1 && inputLayers.has(inputs[0]);

    switch (layer.class_name) {
      case 'InputLayer':
        inputLayers.add(name);
        push((xs) => xs[0]);
        break;
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const depthwise = layer.class_name === 'DepthwiseConv2D';
        const kernelName = `${name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`;
        const biasName = cfg.use_bias ? `${name}/bias` : null;
        const strides = pair(cfg.strides, 1);
        const dilations = pair(cfg.dilation_rate, 1);
        const pad = cfg.padding as 'same' | 'valid';
        const next = consumers.get(name) ?? [];
        const bnLayer = next.length === 1 ? byName.get(next[0]) : undefined;
        const foldBn = bnLayer?.class_name === 'BatchNormalization' && cfg.activation === 'linear';
        const bnName = foldBn ? bnLayer!.config.name : null;
        const bnWeights = bnName
          ? (['gamma', 'beta', 'moving_mean', 'moving_variance'] as const)
              .map((w) => `${bnName}/${w}`)
              .filter((w) => optionalWeight(w))
          : [];
        info.weightNames = [kernelName, ...(biasName ? [biasName] : []), ...bnWeights];
        if (bnName) {
          folded.add(bnName);
          alias.set(bnName, name);
        }
        const epsilon = (bnLayer?.config.epsilon as number | undefined) ?? 1e-3;
        const params = (get: (n: string) => tf.Tensor | undefined) => {
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
        weight(kernelName);
        const base = params(optionalWeight);
        if (bnName) owned.push(base.filter, base.bias!);
        const conv = (x: tf.Tensor4D, p: { filter: tf.Tensor4D; bias: tf.Tensor1D | null }, fused: boolean, pad: 'same' | 'valid') => {
          if (fused) {
            const args = { x, filter: p.filter, strides, pad, dilations, bias: p.bias ?? undefined };
            return depthwise ? tf.fused.depthwiseConv2d(args) : tf.fused.conv2d(args);
          }
          const y = depthwise
            ? tf.depthwiseConv2d(x, p.filter, strides, pad, 'NHWC', dilations)
            : tf.conv2d(x, p.filter, strides, pad, 'NHWC', dilations);
          return p.bias ? tf.add(y, p.bias) : y;
        };
        push((xs, env) => {
          const overridden = info.weightNames.some((w) => env.get(w) !== weights[w]);
          const p = overridden ? params((n) => env.get(n)) : base;
          let x = xs[0] as tf.Tensor4D;
          let padding = pad;
          if (pad === 'same' && fedByInput && env.inputPadValue) {
            const k: [number, number] = [p.filter.shape[0], p.filter.shape[1]];
            x = padWithValue(x, samePaddings(x.shape, k, strides, dilations), env.inputPadValue);
            padding = 'valid';
          }
          const y = conv(x, p, env.fused, padding);
          return isLogits ? y : activation(cfg.activation, y, env.act, name);
        });
        break;
      }
      case 'BatchNormalization': {
        // Not after a conv (or the conv has an activation): apply it on its own.
        const axis = cfg.axis;
        if (axis !== -1 && !(Array.isArray(axis) && axis[0] === 3) && axis !== 3) {
          throw new Error(`BatchNormalization ${name} on axis ${String(axis)}: only channels-last is supported.`);
        }
        const w = (k: string) => `${name}/${k}`;
        info.weightNames = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(w).filter((n) => weights[n]);
        push((xs, env) =>
          tf.batchNorm(
            xs[0],
            env.get(w('moving_mean')),
            env.get(w('moving_variance')),
            weights[w('beta')] ? env.get(w('beta')) : undefined,
            weights[w('gamma')] ? env.get(w('gamma')) : undefined,
            (cfg.epsilon as number) ?? 1e-3,
          ),
        );
        break;
      }
      case 'Activation':
        if (isLogits) throw new Error('The logits layer cannot be an Activation layer.');
        push((xs, env) => activation(cfg.activation, xs[0], env.act, name));
        break;
      case 'ReLU': {
        const maxValue = cfg.max_value as number | null | undefined;
        if (cfg.negative_slope || cfg.threshold) throw new Error(`ReLU ${name} with slope/threshold is not supported.`);
        push((xs, env) => (maxValue === 6 ? env.act.relu6(xs[0], name) : maxValue == null ? env.act.relu(xs[0], name) : tf.clipByValue(env.act.relu(xs[0], name), 0, maxValue)));
        break;
      }
      case 'Add':
        push((xs) => tf.addN(xs));
        break;
      case 'ZeroPadding2D': {
        const p = cfg.padding as number | [number, number] | [[number, number], [number, number]];
        const [[t, b], [l, r]] = Array.isArray(p)
          ? (Array.isArray(p[0]) ? (p as [[number, number], [number, number]]) : [[p[0] as number, p[0] as number], [p[1] as number, p[1] as number]])
          : [[p, p], [p, p]];
        const paddings: Paddings = [[0, 0], [t, b], [l, r], [0, 0]];
        push((xs, env) =>
          fedByInput && env.inputPadValue ? padWithValue(xs[0] as tf.Tensor4D, paddings, env.inputPadValue) : tf.pad(xs[0], paddings),
        );
        break;
      }
      case 'MaxPooling2D': {
        const pool: PoolSpec = {
          poolSize: pair(cfg.pool_size, 2),
          strides: pair(cfg.strides ?? cfg.pool_size, 2),
          padding: cfg.padding as 'valid' | 'same',
        };
        push((xs, env) => env.act.maxPool(xs[0] as tf.Tensor4D, pool, name));
        break;
      }
      case 'GlobalAveragePooling2D':
        push((xs) => tf.mean(xs[0], [1, 2]));
        break;
      case 'Dense': {
        const kernelName = `${name}/kernel`;
        const biasName = cfg.use_bias === false ? null : `${name}/bias`;
        weight(kernelName);
        info.weightNames = [kernelName, ...(biasName ? [biasName] : [])];
        push((xs, env) => {
          const a = xs[0] as tf.Tensor2D;
          const kernel = env.get(kernelName) as tf.Tensor2D;
          const bias = biasName ? env.get(biasName) : undefined;
          const y = env.fused ? tf.fused.matMul({ a, b: kernel, bias }) : bias ? tf.add(tf.matMul(a, kernel), bias) : tf.matMul(a, kernel);
          return isLogits ? y : activation(cfg.activation, y, env.act, name);
        });
        break;
      }
      case 'Reshape': {
        const target = cfg.target_shape as number[];
        push((xs) => tf.reshape(xs[0], [-1, ...target]));
        break;
      }
      case 'Flatten':
        push((xs) => tf.reshape(xs[0], [xs[0].shape[0], -1]));
        break;
      case 'Dropout':
        push((xs) => xs[0]);
        break;
      default:
        throw new Error(`Layer type ${layer.class_name} (${name}) is not supported by the compiler.`);
    }
    if (isLogits) break;
  }

  if (!nodes.some((n) => n.name === spec.logitsLayer)) {
    owned.forEach((t) => t.dispose());
    throw new Error(`Logits layer ${spec.logitsLayer} not found in the topology.`);
  }
  checkTopologicalOrder(nodes);
  const needed = prune(nodes, spec.logitsLayer);
  const neededNames = new Set(needed.map((n) => n.name));
  const tapNode = (layer: string): string => {
    const name = alias.get(layer) ?? layer;
    if (!neededNames.has(name)) throw new Error(`Cannot tap layer ${layer}: not on the path to the logits.`);
    return name;
  };

  return {
    layers: needed.map((n) => n.info),
    numClasses: spec.numClasses,
    logits(x, options = {}) {
      const overrides = options.weights ?? {};
      for (const [k, t] of Object.entries(overrides)) {
        const orig = weights[k];
        if (!orig) throw new Error(`Override for unknown weight ${k}.`);
        if (!tf.util.arraysEqual(orig.shape, t.shape)) throw new Error(`Override ${k} has shape ${t.shape}, expected ${orig.shape}.`);
      }
      const padValue = options.inputPadValue ?? null;
      if (padValue && padValue.length !== x.shape[3]) {
        throw new Error(`inputPadValue has ${padValue.length} values; the input has ${x.shape[3]} channels.`);
      }
      const env: Env = {
        get: (n) => overrides[n] ?? weight(n),
        act: { ...DEFAULT_NONLINEARITIES, ...options.nonlinearities },
        fused: options.inferenceOnly ?? false,
        inputPadValue: padValue,
      };
      const tap = options.tap;
      const tapped = tap ? tapNode(tap.layer) : null;
      const values = new Map<string, tf.Tensor>();
      for (const node of needed) {
        const inputs = node.inputs.map((i) => values.get(i)!);
        const y = node.info.className === 'InputLayer' ? x : node.run(inputs, env);
        values.set(node.name, node.name === tapped ? tap!.replace(y) : y);
      }
      const out = values.get(spec.logitsLayer)!;
      return tf.reshape(out, [x.shape[0], spec.numClasses]) as tf.Tensor2D;
    },
    dispose() {
      owned.forEach((t) => t.dispose());
    },
  };
}

function checkTopologicalOrder(nodes: Node[]): void {
  const seen = new Set<string>();
  for (const n of nodes) {
    for (const i of n.inputs) if (!seen.has(i)) throw new Error(`Layer ${n.name} uses ${i} before it is defined.`);
    seen.add(n.name);
  }
}

/** Keeps only the nodes the logits depend on (drops a softmax head after the logits layer, etc.). */
function prune(nodes: Node[], output: string): Node[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const keep = new Set<string>();
  const stack = [output];
  while (stack.length) {
    const n = stack.pop()!;
    if (keep.has(n)) continue;
    keep.add(n);
    stack.push(...byName.get(n)!.inputs);
  }
  return nodes.filter((n) => keep.has(n.name));
}


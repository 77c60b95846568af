/** The compiler's public types (re-exported by ../compile.ts) and the contract of its layer builders. */
import type * as tf from '@tensorflow/tfjs';
import type { KerasLayerJson } from '../keras-topology';

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
  /** Evaluates every linear layer through this rule (LRP); see LinearRule. */
  linearRule?: LinearRule;
}

/** A layer's parameters for one evaluation, modified (LRP's γ, z⁺ and z^B rules); null bias = none. */
export type ParamModifier = (kernel: tf.Tensor, bias: tf.Tensor | null) => { kernel: tf.Tensor; bias: tf.Tensor | null };

/** A layer's linear part (before its activation) on `inputs`, with its parameters optionally modified. */
export type LinearForward = (inputs: tf.Tensor[], modify?: ParamModifier) => tf.Tensor;

/** The layers a LinearRule sees: Conv2D (BN folded), DepthwiseConv2D, Dense, pooling, Add, BN, ZeroPadding2D. */
export interface LinearLayer {
  name: string;
  className: string;
  /** The logits layer. */
  isLogits: boolean;
  /** Has a kernel (ParamModifier applies): Conv2D, DepthwiseConv2D, Dense. */
  weighted: boolean;
}

/**
 * Replaces how a linear layer is evaluated: receives the layer, its inputs and its linear forward, and
 * returns the layer's linear output (its value must be forward(inputs)); the builder applies the
 * activation after it. LRP uses it to change the backward pass (methods/lrp/lrp-rules.ts).
 */
export type LinearRule = (layer: LinearLayer, inputs: tf.Tensor[], forward: LinearForward) => tf.Tensor;

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

/** Per forward call: the weights (overrides first), the nonlinearities and the kernel choice. */
export type Env = {
  get(name: string): tf.Tensor;
  act: Nonlinearities;
  fused: boolean;
  inputPadValue: number[] | null;
  linearRule: LinearRule | null;
};

/** One layer's forward op: its input tensors (in inbound order) to its output. */
export type LayerOp = (inputs: tf.Tensor[], env: Env) => tf.Tensor;

/** What a layer builder sees; the compiler walks the topology in order, so inputs are built first. */
export interface BuildContext {
  layer: KerasLayerJson;
  name: string;
  cfg: KerasLayerJson['config'];
  /** The logits layer: its activation (the softmax) is stripped. */
  isLogits: boolean;
  /** Its only input is the model input (ForwardOptions.inputPadValue applies to its padding). */
  fedByInput: boolean;
  /** The weights given to the compiler (per-call overrides arrive through Env.get). */
  weights: Record<string, tf.Tensor>;
  /** A weight that must exist: throws a clear error when the weight files lack it. */
  weight(name: string): tf.Tensor;
  /** The layer that reads this layer's output, when exactly one does. */
  soleConsumer(): KerasLayerJson | undefined;
  /** Folds a following layer into this one: the compiler skips it and its name resolves to this node. */
  absorb(name: string): void;
  /** Tensors the compiler made (not given), disposed with the compiled model. */
  own(...tensors: tf.Tensor[]): void;
}

export interface BuiltLayer {
  run: LayerOp;
  /** The weights the op reads (LayerInfo.weightNames); none when omitted. */
  weightNames?: string[];
}

export type LayerBuilder = (ctx: BuildContext) => BuiltLayer;

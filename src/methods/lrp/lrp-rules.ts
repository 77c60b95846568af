/**
 * LRP's propagation rules as a modified backward pass, the way Captum implements them
 * (captum/attr/_core/lrp.py, captum/attr/_utils/lrp_rules.py; Bach et al. 2015,
 * https://doi.org/10.1371/journal.pone.0130140; Montavon et al. 2019, "Layer-wise relevance
 * propagation: an overview", https://doi.org/10.1007/978-3-030-28954-6_10).
 *
 * Captum hooks every linear layer: the gradient arriving at its output is divided by the layer's output
 * z' computed with the rule's weights (z' + ε·sign(z'), sign 0 -> 1: `_backward_hook_output`), goes
 * through the layer with those weights (the rule's `_manipulate_weights`), and is multiplied by the
 * layer's input a (`_backward_hook_input`): R_in = a ⊙ J'ᵀ(R_out / (z' + ε·sign z')). Nonlinearities
 * (ReLU; here ReLU6 too) pass relevance unchanged (`backward_hook_activation`). The forward values are
 * the original network's (Captum restores the inputs saved in its first pass). Seeding the target with 1
 * gives relevance normalised to R_top = 1; Captum multiplies by f(x)[target] at the end.
 *
 * Rules (per linear layer; weight-free layers, i.e. pooling, Add, standalone BatchNorm, always take ε):
 *  - epsilon(ε): weights unchanged (Captum's EpsilonRule; its default ε = 1e-9);
 *  - gamma(γ): kernel w + γ·w⁺ (GammaRule, set_bias_to_zero=False), ε = 1e-9;
 *  - zplus: kernel w⁺ (Alpha1_Beta0_Rule), ε = 1e-9;
 * The bias is in z' only in the CAPTUM variant; the default (CONSERVING) leaves it out and adds the
 * fallback of withFallback, so relevance is conserved (a deliberate difference, README "Where we differ").
 *  - zbox(l, h): Montavon et al. 2019 §10.2.3 and their tutorial code (not in Captum):
 *    z' = Wx − W⁺l − W⁻h (the bias cancels: b − b⁺ − b⁻ = 0), R_x = x⊙c − l⊙c⁺ − h⊙c⁻ with
 *    c = Jᵀs, c± = J±ᵀs, s = R/(z' + ε·sign z'). Bounds are per input channel; padding a
 *    ZeroPadding2D adds before the layer gets bound 0, as the padding's own value.
 */
import * as tf from '@tensorflow/tfjs';
import type { LinearForward, LinearLayer, LinearRule, Nonlinearities, ParamModifier } from '../../worker/runtime/compile';
import { withBackward } from '../../worker/attribution/relu-rules';

export type LayerRule =
  | { kind: 'epsilon'; epsilon: number }
  | { kind: 'gamma'; gamma: number }
  | { kind: 'zplus' }
  | { kind: 'zbox'; low: number[]; high: number[] };

/** Captum's PropagationRule.STABILITY_FACTOR (and EpsilonRule's default ε). */
export const STABILITY = 1e-9;

/**
 * Whether z' includes the layer's bias (with BatchNorm folded, its shift too), the stabiliser ε of
 * z' + ε·sign(z') for γ, z⁺, z^B and weight-free layers, and whether z' ≈ 0 takes the fallback.
 */
export interface LrpVariant {
  keepBias: boolean;
  stabiliser: number;
  /** Units whose z' ≈ 0 take a conserving fallback (withFallback); Captum has none. */
  fallback: boolean;
}

/** The default: biases absorb no relevance (zennit's zero_params=['bias']; Montavon et al. 2019 §10.2), z' ≈ 0 falls back. */
export const CONSERVING: LrpVariant = { keepBias: false, stabiliser: STABILITY, fallback: true };
/** Captum's LRP exactly: the bias in z', STABILITY_FACTOR 1e-9, no fallback. */
export const CAPTUM: LrpVariant = { keepBias: true, stabiliser: STABILITY, fallback: false };

/** Which rule a linear layer takes; `first` is true for the first weighted layer of the forward pass. */
export type RuleChoice = (layer: LinearLayer, first: boolean) => LayerRule;

const signNonZero = (z: tf.Tensor) => tf.where(tf.equal(z, 0), tf.onesLike(z), tf.sign(z));

/** Forward: a copy of `value()` (or of x); backward: dy ⊙ scale. Routes a gradient onto x. */
function scaleGradient(x: tf.Tensor, scale: tf.Tensor, value?: () => tf.Tensor): tf.Tensor {
  // `scale` goes through save(): tf.grad disposes the forward pass's other tensors before the backward one.
  const op = tf.customGrad((input: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    (save as tf.GradSaveFunc)([scale]);
    const v = value ? tf.tidy(value) : tf.clone(input as tf.Tensor);
    return { value: v, gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.mul(dy, saved) };
  });
  return op(x);
}

/** Forward: `value()` (the original layer output) or zMod; backward: dy / (zMod + ε·sign(zMod)). */
function stabilisedDivide(zMod: tf.Tensor, epsilon: number, value?: () => tf.Tensor): tf.Tensor {
  const op = tf.customGrad((z: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const input = z as tf.Tensor;
    (save as tf.GradSaveFunc)([input]);
    const v = value ? tf.tidy(value) : tf.clone(input);
    return {
      value: v,
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => tf.div(dy, tf.add(saved, tf.mul(signNonZero(saved), epsilon))),
    };
  });
  return op(zMod);
}

const positive: ParamModifier = (k, b) => ({ kernel: tf.relu(k), bias: b && tf.relu(b) });
const negative: ParamModifier = (k, b) => ({ kernel: tf.neg(tf.relu(tf.neg(k))), bias: b && tf.neg(tf.relu(tf.neg(b))) });

/**
 * The parameters z' is computed with: the rule's kernel, and the bias only when `keepBias` (Captum).
 * Without it (the default, zennit's zero_params=['bias']) Σ R_in = Σ R_out at every layer up to the stabiliser.
 */
function modifierOf(rule: LayerRule, keepBias: boolean): ParamModifier | undefined {
  const gamma = rule.kind === 'gamma' ? rule.gamma : null;
  const kernel = gamma !== null ? (k: tf.Tensor) => tf.add(k, tf.mul(tf.relu(k), gamma)) : rule.kind === 'zplus' ? (k: tf.Tensor) => tf.relu(k) : null;
  if (!kernel && keepBias) return undefined;
  return (k, b) => ({ kernel: kernel ? kernel(k) : k, bias: keepBias ? b : null });
}

/** One layer under `rule`: the original forward value, LRP's backward pass. */
export function applyRule(rule: LayerRule, inputs: tf.Tensor[], forward: LinearForward, padMask: tf.Tensor | null, variant: LrpVariant): tf.Tensor {
  if (rule.kind === 'zbox') {
    if (inputs.length !== 1) throw new Error('The z^B rule takes a layer with one input.');
    const [x] = inputs;
    const channels = x.shape[x.shape.length - 1];
    if (rule.low.length !== channels || rule.high.length !== channels) throw new Error(`z^B bounds need ${channels} values per bound.`);
    const bound = (b: number[]) => (padMask ? tf.mul(padMask, tf.tensor1d(b)) : tf.mul(tf.onesLike(x), tf.tensor1d(b)));
    const low = bound(rule.low);
    const high = bound(rule.high);
    const xs = scaleGradient(x, x);
    const ls = scaleGradient(x, low, () => tf.clone(low));
    const hs = scaleGradient(x, high, () => tf.clone(high));
    const zMod = tf.sub(tf.sub(forward([xs]), forward([ls], positive)), forward([hs], negative));
    return stabilisedDivide(zMod, variant.stabiliser, () => forward(inputs));
  }
  const modify = modifierOf(rule, variant.keepBias);
  const scaled = inputs.map((a) => scaleGradient(a, a));
  const zMod = forward(scaled, modify);
  const epsilon = rule.kind === 'epsilon' ? rule.epsilon : variant.stabiliser;
  if (!variant.fallback) return stabilisedDivide(zMod, epsilon, modify ? () => forward(inputs) : undefined);
  if (inputs.length === 1 && modify) {
    const [x] = inputs;
    return withFallback(zMod, epsilon, variant.stabiliser, {
      value: () => forward([x]),
      magnitude: () => forward([tf.abs(x)], (k, bias) => ({ kernel: tf.abs(modify(k, bias).kernel), bias: null })),
      path: forward([x], squared), // gradient J_{w²}ᵀ dy: the input's value does not enter it
      norm: () => forward([tf.onesLike(x)], squared),
    });
  }
  // Weight-free (pooling, Add): the fallback splits in proportion to |a_k|.
  return withFallback(zMod, epsilon, variant.stabiliser, {
    value: () => forward(inputs),
    magnitude: () => forward(inputs.map((a) => tf.abs(a))),
    path: forward(inputs.map((a) => scaleGradient(a, tf.abs(a)))),
    norm: () => forward(inputs.map((a) => tf.abs(a))),
  });
}

/** A unit whose |z'| is below this share of max(|z|, Σ_i |a_i w'_ij|) takes the fallback. */
export const FALLBACK_BELOW = 0.1;

const squared: ParamModifier = (k) => ({ kernel: tf.square(k), bias: null });

interface Fallback {
  /** The layer's real output z (bias included). */
  value: () => tf.Tensor;
  /** Σ_i |a_i w'_ij|: what z' would be without cancellation. */
  magnitude: () => tf.Tensor;
  /** The fallback's path to the inputs (its gradient routes dy), and its normaliser. */
  path: tf.Tensor;
  norm: () => tf.Tensor;
}

/**
 * Backward: dy / (z' + ε·sign z') into z' where |z'| > FALLBACK_BELOW·max(|z|, Σ|a w'|); on the other units,
 * bias-driven (z' ≈ 0 while z is not) or cancelling (z' ≪ Σ|a w'|), where without the bias in the
 * denominator relevance would be lost or blow up in float32, a rule that conserves for any activations:
 * on conv and dense layers the w²-rule (Montavon et al. 2017; 2019 §10.2.4, R_i = Σ_j w_ij² / Σ_i w_ij² · R_j),
 * on Add and pooling a split in proportion to |a_k|. Each unit's relevance goes to its inputs in full.
 */
function withFallback(zMod: tf.Tensor, epsilon: number, stabiliser: number, fb: Fallback): tf.Tensor {
  const op = tf.customGrad((zm: tf.Tensor | tf.GradSaveFunc, _path: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const [scale, norm] = tf.tidy(() => [tf.maximum(tf.abs(fb.value()), fb.magnitude()), fb.norm()]);
    (save as tf.GradSaveFunc)([zm as tf.Tensor, scale, norm]);
    return {
      value: tf.tidy(fb.value),
      gradFunc: (dy: tf.Tensor, [z1, sc, n]: tf.Tensor[]) => {
        const driven = tf.greater(tf.abs(z1), tf.mul(sc, FALLBACK_BELOW));
        const zero = tf.zerosLike(dy);
        return [
          tf.where(driven, tf.div(dy, tf.add(z1, tf.mul(signNonZero(z1), epsilon))), zero),
          tf.where(driven, zero, tf.div(dy, tf.add(n, stabiliser))),
        ];
      },
    };
  });
  return op(zMod, fb.path);
}

/**
 * ForwardOptions for one LRP pass: the linear rule (stateful per forward call: it knows which weighted
 * layer comes first and where a ZeroPadding2D before it padded) and ReLU / ReLU6 passing relevance.
 */
export function lrpForwardOptions(choose: RuleChoice, variant: LrpVariant = CONSERVING): { linearRule: LinearRule; nonlinearities: Pick<Nonlinearities, 'relu' | 'relu6'> } {
  let seenWeighted = false;
  let padMask: tf.Tensor | null = null;
  const linearRule: LinearRule = (layer, inputs, forward) => {
    if (layer.className === 'ZeroPadding2D') {
      // Before the first weighted layer: where the padding put its zeros (mask 0) for the z^B bounds.
      if (!seenWeighted) padMask = forward(inputs.map((a) => tf.onesLike(a)));
      return forward(inputs);
    }
    const first = layer.weighted && !seenWeighted;
    if (layer.weighted) seenWeighted = true;
    // Weight-free layers (pooling, Add; a standalone BatchNorm, none in either model, keeps its shift) take ε.
    if (!layer.weighted) return applyRule({ kind: 'epsilon', epsilon: variant.stabiliser }, inputs, forward, null, variant);
    return applyRule(choose(layer, first), inputs, forward, first ? padMask : null, variant);
  };
  const relu = withBackward((x) => tf.relu(x), (dy) => tf.clone(dy));
  const relu6 = withBackward((x) => tf.relu6(x), (dy) => tf.clone(dy));
  return { linearRule, nonlinearities: { relu: (x) => relu(x), relu6: (x) => relu6(x) } };
}

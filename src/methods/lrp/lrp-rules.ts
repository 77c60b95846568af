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
 *  - gamma(γ): kernel w + γ·w⁺, bias unchanged (GammaRule, set_bias_to_zero=False), ε = 1e-9;
 *  - zplus: kernel w⁺, bias unchanged (Alpha1_Beta0_Rule), ε = 1e-9;
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
 * Whether z' includes the layer's bias (with BatchNorm folded, its shift too), and the stabiliser ε of
 * z' + ε·sign(z') for γ, z⁺, z^B and weight-free layers.
 */
export interface LrpVariant {
  keepBias: boolean;
  stabiliser: number;
}

/** The default: biases absorb no relevance, ε = 1e-6 (zennit's defaults; Montavon et al. 2019 §10.2). */
export const CONSERVING: LrpVariant = { keepBias: false, stabiliser: 1e-6 };
/** Captum's LRP exactly: the bias in z', STABILITY_FACTOR 1e-9. */
export const CAPTUM: LrpVariant = { keepBias: true, stabiliser: STABILITY };

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
  if (variant.keepBias || inputs.length !== 1) return stabilisedDivide(zMod, epsilon, modify ? () => forward(inputs) : undefined);
  return withW2Fallback(zMod, inputs[0], forward, modify!, epsilon, variant.stabiliser);
}

/** The fallback threshold: a unit whose input-driven z' is below this share of its output z is bias-driven. */
export const BIAS_DRIVEN = 0.1;

const squared: ParamModifier = (k) => ({ kernel: tf.square(k), bias: null });

/**
 * Backward: dy / (z' + ε·sign z') into z' where |z'| > BIAS_DRIVEN·|z| (z the layer's real output, bias
 * included); on the other, bias-driven units (z' ≈ 0: relevance would be lost or blow up without the bias
 * in the denominator) the w²-rule (Montavon et al. 2017 / 2019 §10.2.4): R_i = Σ_j w_ij² / Σ_i w_ij² · R_j,
 * independent of the activations. Each unit's relevance goes to its inputs in full either way.
 */
function withW2Fallback(zMod: tf.Tensor, x: tf.Tensor, forward: LinearForward, modify: ParamModifier, epsilon: number, stabiliser: number): tf.Tensor {
  const zW2 = forward([x], squared); // gradient: J_{w²}ᵀ dy (the input value does not enter it)
  const op = tf.customGrad((zm: tf.Tensor | tf.GradSaveFunc, _zw: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const value = tf.tidy(() => forward([x]));
    const normW2 = tf.tidy(() => forward([tf.onesLike(x)], squared));
    // Σ_i |a_i w'_ij|: how much of z' cancelled.
    const magnitude = tf.tidy(() => forward([tf.abs(x)], (k, b) => ({ kernel: tf.abs(modify(k, b).kernel), bias: null })));
    const scale = tf.tidy(() => tf.maximum(tf.abs(value), magnitude));
    value.dispose();
    magnitude.dispose();
    (save as tf.GradSaveFunc)([zm as tf.Tensor, scale, normW2]);
    return {
      value: tf.tidy(() => forward([x])),
      gradFunc: (dy: tf.Tensor, [z1, sc, n]: tf.Tensor[]) => {
        const driven = tf.greater(tf.abs(z1), tf.mul(sc, BIAS_DRIVEN));
        const zero = tf.zerosLike(dy);
        return [
          tf.where(driven, tf.div(dy, tf.add(z1, tf.mul(signNonZero(z1), epsilon))), zero),
          tf.where(driven, zero, tf.div(dy, tf.add(n, stabiliser))),
        ];
      },
    };
  });
  return op(zMod, zW2);
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
    if (!layer.weighted) return applyRule({ kind: 'epsilon', epsilon: variant.stabiliser }, inputs, forward, null, { ...variant, keepBias: true });
    return applyRule(choose(layer, first), inputs, forward, first ? padMask : null, variant);
  };
  const relu = withBackward((x) => tf.relu(x), (dy) => tf.clone(dy));
  const relu6 = withBackward((x) => tf.relu6(x), (dy) => tf.clone(dy));
  return { linearRule, nonlinearities: { relu: (x) => relu(x), relu6: (x) => relu6(x) } };
}

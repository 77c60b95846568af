/**
 * Layer-wise Relevance Propagation (Bach et al. 2015, https://doi.org/10.1371/journal.pone.0130140;
 * rules and composite from Montavon et al. 2019, "Layer-wise relevance propagation: an overview",
 * https://doi.org/10.1007/978-3-030-28954-6_10), as Captum's LRP (captum/attr/_core/lrp.py,
 * captum/attr/_utils/lrp_rules.py): one forward and one modified backward pass (lrp-rules.ts), the
 * normalised input relevance times f(x)[target]. Delta: Σ relevance − f(x) (Captum's
 * compute_convergence_delta is f(x) − Σ relevance: same number, the app's sign).
 *
 * Deliberate difference (variant CONSERVING, the default): z' leaves out every bias, BatchNorm's folded
 * shift included (zennit's zero_params=['bias']; Montavon et al. 2019 §10.2 on bias absorption), and units
 * whose z' is near 0 (bias-driven or cancelling) take a conserving fallback (lrp-rules.ts withFallback):
 * relevance is conserved layer by layer. Captum keeps the bias in z' and has no fallback (variant CAPTUM,
 * used by the tests that check Captum's formula); on MobileNet its biases absorb ~97 % of f(x).
 *
 * Presets (`lrp_rule`), ε below = the variant's stabiliser:
 *  - epsilon: Captum's LRP with no rules set: EpsilonRule(ε) on every layer;
 *  - gamma: GammaRule(0.25) on every conv and dense layer;
 *  - zplus: Alpha1_Beta0_Rule (z⁺) on every conv and dense layer;
 *  - composite (default; zennit's EpsilonGammaBox, Montavon et al. 2019 §10.3): z^B with the model
 *    input's bounds at the first conv, γ = 0.25 on the other convs, ε on the logits layer.
 * Pooling and Add take ε in every preset (Captum's defaults for them);
 * ReLU and ReLU6 pass relevance unchanged. Bounds: MobileNet [-1, 1]; ResNet-50 (caffe: BGR minus the
 * mean colour) [−mean_c, 255 − mean_c] per channel.
 * Shapes: input [1, H, W, C] in model-input space; attributions [1, H, W, C] in logit units.
 */
import * as tf from '@tensorflow/tfjs';
import { CAFFE_MEAN_BGR, modelInputRange } from '../../shared/image/pixels';
import type { Preprocessing } from '../../shared/models/registry';
import { gradientAndLogit } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import type { LrpRule } from '../values';
import { CONSERVING, lrpForwardOptions, type LayerRule, type LrpVariant, type RuleChoice } from './lrp-rules';

export const LRP_GAMMA = 0.25;

export interface LrpParams {
  rule: LrpRule;
  /** Per input channel, the lowest and highest model-input values (z^B). */
  low: number[];
  high: number[];
}

/** The model input's range per channel, in model-input space. */
export function inputBounds(preprocessing: Preprocessing): { low: number[]; high: number[] } {
  if (preprocessing === 'mobilenet') return { low: [-1, -1, -1], high: [1, 1, 1] };
  if (preprocessing === 'teachable') return modelInputRange(preprocessing); // -1 .. 128/127
  return { low: CAFFE_MEAN_BGR.map((m) => -m), high: CAFFE_MEAN_BGR.map((m) => 255 - m) };
}

/** The rule of each weighted layer under a preset. */
export function presetChoice(p: LrpParams, variant: LrpVariant = CONSERVING): RuleChoice {
  const epsilon: LayerRule = { kind: 'epsilon', epsilon: variant.stabiliser };
  const gamma: LayerRule = { kind: 'gamma', gamma: LRP_GAMMA };
  switch (p.rule) {
    case 'epsilon':
      return () => epsilon;
    case 'gamma':
      return () => gamma;
    case 'zplus':
      return () => ({ kind: 'zplus' });
    case 'composite':
      return (layer, first) => (first ? { kind: 'zbox', low: p.low, high: p.high } : layer.isLogits ? epsilon : gamma);
  }
}

/** LRP under an explicit rule choice and variant (tests use single rules and Captum's variant). */
export async function lrpWith(
  input: tf.Tensor4D,
  target: number,
  choose: RuleChoice,
  ctx: AttributionContext,
  variant: LrpVariant = CONSERVING,
): Promise<AttributionResult> {
  if (input.shape[0] !== 1) throw new Error(`LRP takes one input [1, H, W, C], got ${input.shape}.`);
  const { gradient, logit } = await gradientAndLogit(ctx, input, target, lrpForwardOptions(choose, variant));
  const attributions = tf.tidy(() => tf.mul(gradient, logit)) as tf.Tensor4D;
  gradient.dispose();
  const sumT = tf.sum(attributions);
  const sum = (await sumT.data())[0];
  sumT.dispose();
  return { attributions, targetLogit: logit, delta: sum - logit, outputDifference: logit };
}

export function lrp(
  input: tf.Tensor4D,
  target: number,
  params: LrpParams,
  ctx: AttributionContext,
  variant: LrpVariant = CONSERVING,
): Promise<AttributionResult> {
  return lrpWith(input, target, presetChoice(params, variant), ctx, variant);
}

import type { EnumSpec } from '../spec';
import { defineMethod } from '../spec';
import { LRP_BIASES, LRP_RULES } from '../values';

export const LRP_RULE: EnumSpec = {
  key: 'lrpRule', url: 'lrp_rule', kind: 'enum', label: 'LRP rules', default: 'composite', values: LRP_RULES,
  names: {
    composite: 'Composite: z^B at the first conv, γ = 0.25 in the other convs, ε at the logits (zennit\u2019s EpsilonGammaBox)',
    epsilon: 'ε = 1e-9 everywhere (Captum\u2019s LRP with no rules set)',
    gamma: 'γ = 0.25 on every conv and dense layer (Captum\u2019s GammaRule)',
    zplus: 'z⁺ on every conv and dense layer (Captum\u2019s Alpha1_Beta0_Rule)',
  },
};

export const LRP_BIAS: EnumSpec = {
  key: 'lrpBias', url: 'lrp_bias', kind: 'enum', label: 'LRP biases', default: 'conserve', values: LRP_BIASES,
  names: {
    conserve: 'Conserve relevance: biases out of z\u2032, w\u00b2-rule where z\u2032 is near 0 (the default)',
    captum: 'Captum\u2019s rules exactly: biases in z\u2032, so they absorb relevance (the delta shows how much)',
  },
};

export const LRP_DIFFERENCE =
  'By default relevance is conserved (lrp_bias=captum gives Captum\u2019s rules, which do not conserve: its biases, BatchNorm\u2019s folded shift among them, absorb almost all of it): z\u2032 ' +
  'leaves out the bias (zennit\u2019s zero_params=[\u2018bias\u2019]), and units whose z\u2032 is near 0 (bias-driven or cancelling: ' +
  '|z\u2032| < 0.1\u00b7max(|z|, \u03a3|a w\u2032|)) take the w\u00b2-rule (Add and pooling: a split in proportion to |a|). ' +
  'Captum returns relevance × f(x) and its delta as f(x) − Σ relevance; the delta here is Σ relevance − f(x), as for the other methods. ' +
  'ReLU6 passes relevance like ReLU (Captum knows no ReLU6 and would refuse MobileNet). Residual Adds take the ε-rule (relevance split in ' +
  'proportion to the addends), as Captum\u2019s Addition_Module; a plain `+` in a PyTorch ResNet would give both branches all of it. ' +
  'BatchNorm is folded into its conv, so γ and z⁺ modify the folded kernel (Captum would apply ε to the BatchNorm layer). ' +
  'The z^B rule (composite preset, first conv) is Montavon et al.\u2019s; Captum has none.';

export const lrp = defineMethod({
  id: 'lrp',
  label: 'LRP',
  paper: 'Bach et al. 2015',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [LRP_RULE, LRP_BIAS],
  captumDifference: LRP_DIFFERENCE,
});

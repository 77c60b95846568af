import { BASELINE, BLACK_BASELINE_NOTE, N_SEGMENTS, SEGMENT_NOTE, SEGMENTS, SEG_SAMPLES } from '../common';
import { defineMethod } from '../spec';

export const lime = defineMethod({
  id: 'lime',
  label: 'LIME',
  paper: 'Ribeiro et al. 2016',
  units: 'lime',
  channels: 'copies',
  hasDelta: false,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [BASELINE, SEGMENTS, N_SEGMENTS, SEG_SAMPLES],
  captumDifference: `${BLACK_BASELINE_NOTE} ${SEGMENT_NOTE} Captum\u2019s defaults: Bernoulli(0.5) coalitions (seeded here, not torch.bernoulli), exp(−d²/2) of the cosine distance in model-input space, a weighted Lasso (alpha 0.01, intercept fitted) solved in TypeScript by sklearn\u2019s coordinate descent and stopping rule.`,
});

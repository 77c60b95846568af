import { BASELINE, BLACK_BASELINE_NOTE, N_SEGMENTS, SEGMENT_NOTE, SEGMENTS, SEG_SAMPLES } from '../common';
import { defineMethod } from '../spec';

export const kernelShap = defineMethod({
  id: 'kernel_shap',
  label: 'Kernel SHAP',
  paper: 'Lundberg & Lee 2017',
  units: 'segment_logit',
  channels: 'copies',
  hasDelta: false,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [BASELINE, SEGMENTS, N_SEGMENTS, SEG_SAMPLES],
  captumDifference: `${BLACK_BASELINE_NOTE} ${SEGMENT_NOTE} Captum\u2019s sampling (all, none, then sizes k ∝ (M−1)/(k(M−k))), seeded here; the weighted linear regression is solved in TypeScript (minimum-norm least squares, eigenvalues under 1e-12 of the largest dropped).`,
});

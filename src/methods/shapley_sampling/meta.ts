import { BASELINE, BLACK_BASELINE_NOTE, N_SEGMENTS, SEGMENT_NOTE, SEGMENTS, SEG_SAMPLES } from '../common';
import { defineMethod } from '../spec';

export const shapleySampling = defineMethod({
  id: 'shapley_sampling',
  label: 'Shapley Value Sampling',
  paper: 'Castro et al. 2009',
  units: 'segment_logit',
  channels: 'copies',
  hasDelta: false,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [BASELINE, SEGMENTS, N_SEGMENTS, SEG_SAMPLES],
  captumDifference: `${BLACK_BASELINE_NOTE} ${SEGMENT_NOTE} Permutations come from the app\u2019s seeded generator, not torch.randperm.`,
});

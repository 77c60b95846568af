import { BASELINE, BLACK_BASELINE_NOTE, N_SEGMENTS, SEGMENT_NOTE, SEGMENTS } from '../common';
import { defineMethod } from '../spec';

export const featureAblation = defineMethod({
  id: 'feature_ablation',
  label: 'Feature Ablation',
  paper: 'Captum FeatureAblation (Zeiler & Fergus 2014)',
  units: 'ablation',
  channels: 'copies',
  hasDelta: false,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [BASELINE, SEGMENTS, N_SEGMENTS],
  captumDifference: `${BLACK_BASELINE_NOTE} ${SEGMENT_NOTE}`,
});

import { DISTRIBUTION, PER_SAMPLE_DELTAS_NOTE } from '../common';
import { defineMethod } from '../spec';

export const gradshap = defineMethod({
  id: 'gradshap',
  label: 'GradientShap',
  paper: 'Lundberg & Lee 2017',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: false,
  usesDistribution: true,
  layer: false,
  params: [
    DISTRIBUTION,
    { key: 'samples', url: 'samples', kind: 'int', label: 'Samples (n_samples)', default: 5, min: 1, max: 500, seeded: true },
    {
      key: 'stdevs', url: 'stdevs', kind: 'float', label: 'GradientShap noise stdev (model-input units; 0 = none)',
      default: 0, min: 0, max: 1000, step: 0.01, seeded: true,
    },
  ],
  captumDifference: PER_SAMPLE_DELTAS_NOTE,
});

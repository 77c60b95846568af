import { PER_SAMPLE_DELTAS_NOTE } from '../common';
import { defineMethod } from '../spec';

export const expectedGradients = defineMethod({
  id: 'expected_gradients',
  label: 'Expected Gradients',
  paper: 'Erion et al. 2021',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [
    {
      key: 'egPhotos', url: 'eg_photos', kind: 'int', label: 'Reference photos (ImageNet samples, never this one)', default: 16, min: 1, max: 64, seeded: true,
    },
    { key: 'egSamples', url: 'eg_samples', kind: 'int', label: 'Samples (photo, α) pairs', default: 32, min: 1, max: 500, seeded: true },
  ],
  captumDifference:
    'Not a Captum class: Captum\u2019s GradientShap estimator (no input noise) with baselines drawn from a seeded set of the app\u2019s ImageNet sample photos, not the training set. ' +
    PER_SAMPLE_DELTAS_NOTE,
});

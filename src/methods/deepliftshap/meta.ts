import { DISTRIBUTION, PER_SAMPLE_DELTAS_NOTE } from '../common';
import { DEEPLIFT_DIFFERENCE } from '../deeplift/meta';
import { defineMethod } from '../spec';

export const deepliftshap = defineMethod({
  id: 'deepliftshap',
  label: 'DeepLiftShap',
  paper: 'Lundberg & Lee 2017',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: false,
  usesDistribution: true,
  layer: false,
  params: [DISTRIBUTION],
  captumDifference: `${DEEPLIFT_DIFFERENCE} ${PER_SAMPLE_DELTAS_NOTE}`,
});

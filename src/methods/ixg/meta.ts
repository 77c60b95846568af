import { defineMethod } from '../spec';

export const ixg = defineMethod({
  id: 'ixg',
  label: 'Input × Gradient',
  paper: 'Shrikumar et al. 2016',
  units: 'logit',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [],
});

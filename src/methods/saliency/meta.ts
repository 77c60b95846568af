import { defineMethod } from '../spec';

export const saliency = defineMethod({
  id: 'saliency',
  label: 'Saliency (vanilla gradient)',
  paper: 'Simonyan et al. 2013',
  units: 'gradient',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [{ key: 'abs', url: 'abs', kind: 'bool', label: 'Absolute value (Captum\'s default)', default: false }],
  captumDifference: 'Shows the signed gradient by default; Captum\u2019s default is its absolute value (tick the box).',
});

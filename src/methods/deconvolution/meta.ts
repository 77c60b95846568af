import { defineMethod } from '../spec';

export const deconvolution = defineMethod({
  id: 'deconvolution',
  label: 'Deconvolution',
  paper: 'Zeiler & Fergus 2014',
  units: 'gradient',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [],
  captumDifference:
    'ReLU6 (MobileNet) gets the same rule as ReLU, relu of the incoming signal whatever the forward input (its cap at 6 is part of the forward gate the deconvnet ignores); Captum hooks nn.ReLU only, so it would pass the plain gradient, negative signal included, through every ReLU6.',
});

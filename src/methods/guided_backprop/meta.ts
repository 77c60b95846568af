import { defineMethod } from '../spec';

export const GUIDED_RELU6_NOTE =
  'The rule also covers ReLU6 (MobileNet): the signal goes down where it is positive and 0 < x < 6; Captum hooks nn.ReLU only, so it would pass the plain gradient through every ReLU6.';

export const guided_backprop = defineMethod({
  id: 'guided_backprop',
  label: 'Guided Backprop',
  paper: 'Springenberg et al. 2015',
  units: 'gradient',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [],
  captumDifference: GUIDED_RELU6_NOTE,
});

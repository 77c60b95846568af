import { defineMethod } from '../spec';

export const gradcam = defineMethod({
  id: 'gradcam',
  label: 'Grad-CAM (last conv block)',
  paper: 'Selvaraju et al. 2017',
  units: 'gradcam',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: true,
  params: [],
  captumDifference: 'The 7×7 map is upsampled bilinearly; Captum\u2019s interpolate defaults to nearest.',
});

import { LAYER } from '../common';
import { defineMethod } from '../spec';

export const gradcam = defineMethod({
  id: 'gradcam',
  label: 'Grad-CAM',
  paper: 'Selvaraju et al. 2017',
  units: 'gradcam',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: true,
  params: [LAYER],
  captumDifference: 'The layer\u2019s map (7×7 at the last block) is upsampled bilinearly; Captum\u2019s interpolate defaults to nearest. Signed (relu_attributions=False), as Captum.',
});

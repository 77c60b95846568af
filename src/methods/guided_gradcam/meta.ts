import { LAYER } from '../common';
import { defineMethod } from '../spec';
import { GUIDED_RELU6_NOTE } from '../guided_backprop/meta';

export const guided_gradcam = defineMethod({
  id: 'guided_gradcam',
  label: 'Guided Grad-CAM',
  paper: 'Selvaraju et al. 2017',
  units: 'guided_gradcam',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: true,
  params: [LAYER],
  captumDifference: `The Grad-CAM map (with ReLU, as Captum\u2019s GuidedGradCam) is upsampled bilinearly; Captum\u2019s interpolate_mode defaults to nearest. Guided Backprop: ${GUIDED_RELU6_NOTE}`,
});

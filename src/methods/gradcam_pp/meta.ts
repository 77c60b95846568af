import { LAYER } from '../common';
import { defineMethod } from '../spec';

export const gradcamPP = defineMethod({
  id: 'gradcam_pp',
  label: 'Grad-CAM++',
  paper: 'Chattopadhyay et al. 2018',
  units: 'gradcam_pp',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: true,
  params: [LAYER],
  captumDifference:
    'Not in Captum: as pytorch-grad-cam\u2019s GradCAMPlusPlus (ReLU applied, as there). Its min-max scaling to [0, 1] is left to the display, so values keep their units.',
});

import { LAYER } from '../common';
import { defineMethod } from '../spec';

export const scoreCam = defineMethod({
  id: 'score_cam',
  label: 'Score-CAM',
  paper: 'Wang et al. 2020',
  units: 'score_cam',
  channels: 'sum',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: true,
  params: [LAYER],
  captumDifference:
    'Not in Captum: as pytorch-grad-cam\u2019s ScoreCAM (one forward pass per channel of the layer; weights are the softmax over channels of the masked inputs\u2019 target logits; ReLU applied). Its min-max scaling to [0, 1] is left to the display.',
});

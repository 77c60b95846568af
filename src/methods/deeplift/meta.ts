import { BASELINE, BLACK_BASELINE_NOTE } from '../common';
import { defineMethod } from '../spec';

export const DEEPLIFT_DIFFERENCE =
  'Captum has no ReLU6 rule (it passes the plain gradient) and its max-pool rule drops overlapping windows, ' +
  'so its attributions stop summing to f(x) − f(baseline) (about −27 on MobileNet and −10 on ResNet-50 for the ' +
  'goldfish). Here ReLU and ReLU6 use the rescale rule and max-pool adds every window\u2019s share, so the delta ' +
  'is float rounding. A window\u2019s share is split equally among tied maxima (Captum gives it to the first one), ' +
  'so the map does not depend on a scan order.';

export const deeplift = defineMethod({
  id: 'deeplift',
  label: 'DeepLift (rescale)',
  paper: 'Shrikumar et al. 2017',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [BASELINE],
  captumDifference: `${BLACK_BASELINE_NOTE} ${DEEPLIFT_DIFFERENCE}`,
});

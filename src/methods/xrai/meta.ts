import { defineMethod, type NumberSpec } from '../spec';

const XRAI_STEPS: NumberSpec = { key: 'xraiSteps', url: 'xrai_steps', kind: 'int', label: 'IG steps per baseline', default: 100, min: 1, max: 1000 };
const AREA: NumberSpec = { key: 'xraiArea', url: 'xrai_area', kind: 'float', label: 'Area covered by regions (area_threshold)', default: 1, min: 0.05, max: 1, step: 0.05 };

export const xrai = defineMethod({
  id: 'xrai',
  label: 'XRAI',
  paper: 'Kapishnikov et al. 2019',
  units: 'xrai',
  channels: 'copies',
  hasDelta: false,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [XRAI_STEPS, AREA],
  captumDifference:
    'Not in Captum: PAIR saliency\u2019s XRAI (xrai.py), its defaults: IG from the image\u2019s darkest and brightest constant images, averaged, max over ' +
    'channels; Felzenszwalb regions at six scales dilated by 5 px; greedy by mean attribution of the new pixels. Felzenszwalb is ours (skimage\u2019s ' +
    'algorithm; equal edge weights keep their order, numpy\u2019s sort leaves them unspecified).',
});

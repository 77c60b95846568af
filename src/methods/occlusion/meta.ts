import { BASELINE, BLACK_BASELINE_NOTE } from '../common';
import { defineMethod } from '../spec';

export const occlusion = defineMethod({
  id: 'occlusion',
  label: 'Occlusion',
  paper: 'Zeiler & Fergus 2014',
  units: 'occlusion',
  channels: 'copies',
  hasDelta: false,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [
    BASELINE,
    { key: 'window', url: 'window', kind: 'int', label: 'Window (px)', default: 32, min: 1, max: 224 },
    { key: 'stride', url: 'stride', kind: 'int', label: 'Stride (px)', default: 16, min: 1, max: 224 },
  ],
  captumDifference: `${BLACK_BASELINE_NOTE} The window spans all three channels; each channel holds the same drop (as Captum\u2019s output), and the map shows one channel, not their sum.`,
});

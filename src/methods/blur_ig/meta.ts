import { defineMethod, type BoolSpec, type NumberSpec } from '../spec';

const MAX_SIGMA: NumberSpec = { key: 'blurMaxSigma', url: 'blur_max_sigma', kind: 'float', label: 'Largest blur σ (max_sigma, pixels)', default: 50, min: 0.5, max: 200, step: 0.5 };
const BLUR_STEPS: NumberSpec = { key: 'blurSteps', url: 'blur_steps', kind: 'int', label: 'Steps', default: 100, min: 1, max: 1000 };
const GRAD_STEP: NumberSpec = { key: 'blurGradStep', url: 'blur_grad_step', kind: 'float', label: 'σ step of d blur / dσ (grad_step)', default: 0.01, min: 0.001, max: 1, step: 0.001 };
const SQRT: BoolSpec = { key: 'blurSqrt', url: 'blur_sqrt', kind: 'bool', label: 'Square-root σ spacing (sqrt)', default: false };

export const blurIg = defineMethod({
  id: 'blur_ig',
  label: 'Blur IG',
  paper: 'Xu et al. 2020',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: false,
  usesDistribution: false,
  layer: false,
  params: [MAX_SIGMA, BLUR_STEPS, GRAD_STEP, SQRT],
  captumDifference:
    'Not in Captum: PAIR saliency\u2019s BlurIG (blur_ig.py), its defaults. The path runs from the photo to its blur at max_sigma (scipy\u2019s ' +
    'gaussian_filter, zero = black padding), so the map sums to about f(x) − f(blurred) and the delta is against that. Each step is weighted by ' +
    'its own σ step (PAIR, batched, uses its batch\u2019s last step for all rows, which differs only with sqrt).',
});

import { BASELINE } from '../common';
import { defineMethod, type NumberSpec } from '../spec';

const GIG_STEPS: NumberSpec = { key: 'gigSteps', url: 'gig_steps', kind: 'int', label: 'Steps (x_steps)', default: 200, min: 1, max: 1000 };
const FRACTION: NumberSpec = { key: 'gigFraction', url: 'gig_fraction', kind: 'float', label: 'Fraction moved per round', default: 0.25, min: 0.01, max: 1, step: 0.01 };
const MAX_DIST: NumberSpec = { key: 'gigMaxDist', url: 'gig_max_dist', kind: 'float', label: 'Largest deviation from the line (max_dist)', default: 0.02, min: 0, max: 1, step: 0.01 };

export const guidedIg = defineMethod({
  id: 'guided_ig',
  label: 'Guided IG',
  paper: 'Kapishnikov et al. 2021',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [BASELINE, GIG_STEPS, FRACTION, MAX_DIST],
  captumDifference:
    'Not in Captum: PAIR saliency\u2019s GuidedIG (guided_ig.py), its defaults. PAIR\u2019s baseline is zeros in the space of its input (pixels: black); ' +
    'ours is the baseline control, black by default. One gradient per step (the path adapts to it), so it cannot be batched; max_dist 0 is IG (riemann_left).',
});

import { BASELINE, BLACK_BASELINE_NOTE } from '../common';
import { APPROXIMATION_METHODS, minSteps, type ApproximationMethod } from './approximation';
import { defineMethod, type EnumSpec, type NumberSpec } from '../spec';

/** n_steps: the least is the quadrature's own (Gauss-Legendre takes 1, every Riemann rule 2). */
export const STEPS: NumberSpec = {
  key: 'steps', url: 'steps', kind: 'int', label: 'Steps (n_steps)', default: 50,
  min: Math.min(...APPROXIMATION_METHODS.map(minSteps)), max: 1000, minFor: (p) => minSteps(p.igMethod),
};

export const IG_METHOD: EnumSpec = {
  key: 'igMethod', url: 'ig_method', kind: 'enum', label: 'Approximation', default: 'gausslegendre' satisfies ApproximationMethod, values: APPROXIMATION_METHODS,
};

export const ig = defineMethod({
  id: 'ig',
  label: 'Integrated Gradients',
  paper: 'Sundararajan et al. 2017',
  units: 'logit',
  channels: 'sum',
  hasDelta: true,
  needsBaseline: true,
  usesDistribution: false,
  layer: false,
  params: [BASELINE, STEPS, IG_METHOD],
  captumDifference: `${BLACK_BASELINE_NOTE} Quadratures are Captum\u2019s (riemann_trapezoid\u2019s weights sum to (n − 1)/n, as in Captum); “trapezoid” is the textbook rule.`,
});

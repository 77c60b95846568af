/**
 * Path-integral quadrature for Integrated Gradients, as Captum's
 * captum/attr/_utils/approximation_methods.py defines it: for n steps, the points alpha_i in [0, 1]
 * where gradients are taken and the weights (step sizes) that sum them.
 *
 * Captum's `riemann_trapezoid` (`riemann_builders`) takes n points linspace(0, 1, n) but weights them
 * 1/n with halved ends, so its weights sum to (n - 1)/n, not 1: it integrates a constant short by 1/n
 * and converges only like 1/n (its delta is about -(f(x) - f(b))/n). We reproduce it exactly, because
 * attributions are compared against Captum's. `trapezoid` is the textbook rule on the same points
 * (weights 1/(n - 1), halved ends; sum 1, error O(1/n^2)); it is ours, not Captum's.
 */
export const APPROXIMATION_METHODS = [
  'riemann_left',
  'riemann_right',
  'riemann_middle',
  'riemann_trapezoid',
  'gausslegendre',
  'trapezoid',
] as const;
export type ApproximationMethod = (typeof APPROXIMATION_METHODS)[number];

export interface Quadrature {
  alphas: number[];
  stepSizes: number[];
}

const linspace = (a: number, b: number, n: number) =>
  n === 1 ? [a] : Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));

/** The fewest steps each method takes: Captum asserts n > 1 for every Riemann rule. */
export function minSteps(method: ApproximationMethod): number {
  return method === 'gausslegendre' ? 1 : 2;
}

export function quadrature(method: ApproximationMethod, n: number): Quadrature {
  if (!Number.isInteger(n) || n < 1) throw new Error(`n_steps must be a positive integer, got ${n}.`);
  if (n < minSteps(method)) throw new Error(`${method} needs at least ${minSteps(method)} steps.`);
  switch (method) {
    case 'riemann_left':
      return { alphas: linspace(0, 1 - 1 / n, n), stepSizes: Array(n).fill(1 / n) };
    case 'riemann_right':
      return { alphas: linspace(1 / n, 1, n), stepSizes: Array(n).fill(1 / n) };
    case 'riemann_middle':
      return { alphas: linspace(1 / (2 * n), 1 - 1 / (2 * n), n), stepSizes: Array(n).fill(1 / n) };
    case 'riemann_trapezoid': {
      const steps = Array(n).fill(1 / n);
      steps[0] = steps[n - 1] = 1 / (2 * n);
      return { alphas: linspace(0, 1, n), stepSizes: steps };
    }
    case 'trapezoid': {
      const steps = Array(n).fill(1 / (n - 1));
      steps[0] = steps[n - 1] = 1 / (2 * (n - 1));
      return { alphas: linspace(0, 1, n), stepSizes: steps };
    }
    case 'gausslegendre': {
      // numpy.polynomial.legendre.leggauss(n) mapped from [-1, 1] to [0, 1], as Captum does.
      const { nodes, weights } = legendreGauss(n);
      return { alphas: nodes.map((x) => 0.5 * (1 + x)), stepSizes: weights.map((w) => 0.5 * w) };
    }
  }
}

/** Gauss-Legendre nodes (ascending) and weights on [-1, 1], by Newton's method on P_n. */
export function legendreGauss(n: number): { nodes: number[]; weights: number[] } {
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // Recurrence for P_n(x) and its derivative.
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      const pn = n === 1 ? x : p1;
      const pnm1 = n === 1 ? 1 : p0;
      dp = (n * (x * pn - pnm1)) / (x * x - 1);
      const dx = pn / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  return { nodes, weights };
}

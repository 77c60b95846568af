/**
 * One step of Guided IG's path (Kapishnikov et al. 2021, "Guided Integrated Gradients: an Adaptive
 * Path Method for Removing Noise", https://arxiv.org/abs/2106.09788), transcribed from PAIR saliency's
 * `guided_ig_impl` (saliency/core/guided_ig.py @7b72b67) in float64 as PAIR computes it (np.float64):
 * starting from the current point x with the gradient there, move the fraction of features with the
 * smallest |gradient| toward x_max (alpha + max_dist along the straight line) until the L1 distance to
 * the input is l1_total (1 - (step + 1)/steps), first pulling every feature that fell behind
 * alpha - max_dist up to it; attr += (x - x_old) * gradient after each move. Pure: no tfjs.
 */

/** math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) (PAIR's EPSILON). */
const EPSILON = 1e-9;
const isClose = (a: number, b: number) => Math.abs(a - b) <= Math.max(EPSILON * Math.max(Math.abs(a), Math.abs(b)), EPSILON);

export const l1Distance = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s;
};

/**
 * np.quantile(values, q, method='lower'): the sorted value at index floor(q (n - 1)), found by
 * quickselect (Hoare partition, median-of-three pivot) on a copy in O(n) rather than by sorting.
 */
export function quantileLower(values: Float64Array, q: number): number {
  const a = Float64Array.from(values);
  const k = Math.floor(q * (a.length - 1));
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    const [p0, p1, p2] = [a[lo], a[mid], a[hi]];
    const pivot = Math.max(Math.min(p0, p1), Math.min(Math.max(p0, p1), p2));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

export interface GuidedStep {
  input: Float64Array;
  baseline: Float64Array;
  /** Current point on the path: updated in place. */
  x: Float64Array;
  /** Attributions so far: updated in place. */
  attr: Float64Array;
  /** The gradient at x (PAIR's grad_actual). */
  gradient: ArrayLike<number>;
  l1Total: number;
  step: number;
  steps: number;
  fraction: number;
  maxDist: number;
}

/** Moves x through step `step` of `steps` (PAIR's loop body, `while gamma > 1.0`). */
export function guidedStep({ input, baseline, x, attr, gradient, l1Total, step, steps, fraction, maxDist }: GuidedStep): void {
  const n = x.length;
  const grad = Float64Array.from(gradient);
  const alpha = (step + 1) / steps;
  const alphaMin = Math.max(alpha - maxDist, 0);
  const alphaMax = Math.min(alpha + maxDist, 1);
  const xMin = new Float64Array(n);
  const xMax = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xMin[i] = baseline[i] + (input[i] - baseline[i]) * alphaMin;
    xMax[i] = baseline[i] + (input[i] - baseline[i]) * alphaMax;
  }
  const l1Target = l1Total * (1 - (step + 1) / steps);
  const xOld = new Float64Array(n);
  const absGrad = new Float64Array(n);
  for (let gamma = Infinity, rounds = 0; gamma > 1; rounds++) {
    if (rounds > 4 * n + 10) throw new Error(`Guided IG: step ${step} did not reach its L1 target.`);
    xOld.set(x);
    for (let i = 0; i < n; i++) {
      const d = input[i] - baseline[i];
      const xAlpha = d !== 0 ? (x[i] - baseline[i]) / d : alphaMax; // NaN -> alpha_max
      if (xAlpha < alphaMin) x[i] = xMin[i];
    }
    const l1Current = l1Distance(x, input);
    if (isClose(l1Target, l1Current)) {
      for (let i = 0; i < n; i++) attr[i] += (x[i] - xOld[i]) * gradient[i];
      return;
    }
    for (let i = 0; i < n; i++) {
      if (x[i] === xMax[i]) grad[i] = Infinity;
      absGrad[i] = Math.abs(grad[i]);
    }
    const threshold = quantileLower(absGrad, fraction);
    let l1S = 0;
    const selected = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      if (absGrad[i] <= threshold && grad[i] !== Infinity) {
        selected[i] = 1;
        l1S += Math.abs(x[i] - xMax[i]);
      }
    }
    gamma = l1S > 0 ? (l1Current - l1Target) / l1S : Infinity;
    if (gamma <= 0) throw new Error(`Guided IG: gamma = ${gamma} (PAIR asserts gamma > 0).`);
    for (let i = 0; i < n; i++) {
      if (selected[i]) x[i] = gamma > 1 ? xMax[i] : x[i] + (xMax[i] - x[i]) * gamma;
    }
    for (let i = 0; i < n; i++) attr[i] += (x[i] - xOld[i]) * gradient[i];
  }
}

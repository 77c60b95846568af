import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/rng';
import { INF_WEIGHT } from '../kernel_shap/kernel-shap';
import { weightedLasso, weightedLeastSquares } from './linear-fit';

/** Weighted least squares with intercept by the normal equations on [1, X] (Gaussian elimination). */
function normalEquations(X: number[][], y: number[], w: number[]): number[] {
  const A = X.map((r) => [1, ...r]);
  const m = A[0].length;
  const G = Array.from({ length: m }, (_, i) => [...Array.from({ length: m }, (_, j) => A.reduce((s, r, k) => s + w[k] * r[i] * r[j], 0)), A.reduce((s, r, k) => s + w[k] * r[i] * y[k], 0)]);
  for (let c = 0; c < m; c++) {
    const p = G.slice(c).reduce((b, r, i) => (Math.abs(r[c]) > Math.abs(G[b][c]) ? c + i : b), c);
    [G[c], G[p]] = [G[p], G[c]];
    for (let r = 0; r < m; r++) if (r !== c) {
      const f = G[r][c] / G[c][c];
      for (let k = c; k <= m; k++) G[r][k] -= f * G[c][k];
    }
  }
  return G.map((r, i) => r[m] / r[i]);
}

const random = (n: number, M: number, seed: number) => {
  const rng = createRng(seed);
  return {
    X: Array.from({ length: n }, () => Array.from({ length: M }, () => rng.uniform() * 2 - 1)),
    y: Array.from({ length: n }, () => rng.uniform() * 4 - 2),
    w: Array.from({ length: n }, () => 0.1 + rng.uniform()),
  };
};

describe('weighted Lasso (sklearn Lasso with sample_weight)', () => {
  it('sklearn’s documented example: Lasso(alpha=0.1) on [[0,0],[1,1],[2,2]] -> [0,1,2] gives coef [0.85, 0], intercept 0.15', () => {
    const fit = weightedLasso([[0, 0], [1, 1], [2, 2]], [0, 1, 2], [1, 1, 1], 0.1);
    expect(fit.coef[0]).toBeCloseTo(0.85, 6);
    expect(fit.coef[1]).toBe(0);
    expect(fit.intercept).toBeCloseTo(0.15, 6);
  });

  it('hand-checked with one feature: beta = soft-threshold(cov, alpha) / var with weighted moments', () => {
    // x = [0, 1, 2], y = [1, 0, 4], w = [1, 1, 2]: weighted means 1.25, 2.25; (1/sum w) sum w (x - mx)(y - my) = 1.1875,
    // (1/sum w) sum w (x - mx)^2 = 0.6875; beta = (1.1875 - 0.5) / 0.6875 = 1, b = 2.25 - 1.25 = 1.
    const fit = weightedLasso([[0], [1], [2]], [1, 0, 4], [1, 1, 2], 0.5, { tol: 1e-12 });
    expect(fit.coef[0]).toBeCloseTo(1, 10);
    expect(fit.intercept).toBeCloseTo(1, 10);
  });

  it('alpha = 0 is weighted least squares (normal equations), and an integer weight is a repeated row', () => {
    const { X, y, w } = random(30, 5, 7);
    const want = normalEquations(X, y, w);
    const fit = weightedLasso(X, y, w, 0, { tol: 1e-14, maxIter: 100000 });
    expect(fit.intercept).toBeCloseTo(want[0], 6);
    want.slice(1).forEach((v, j) => expect(fit.coef[j]).toBeCloseTo(v, 6));
    const ls = weightedLeastSquares(X, y, w);
    want.slice(1).forEach((v, j) => expect(ls.coef[j]).toBeCloseTo(v, 8));
    const twice = weightedLasso([...X, X[0]], [...y, y[0]], [...w, w[0]], 0.05);
    const doubled = weightedLasso(X, y, w.map((v, i) => (i === 0 ? 2 * v : v)), 0.05);
    twice.coef.forEach((v, j) => expect(v).toBeCloseTo(doubled.coef[j], 5));
  });
});

describe('weighted least squares (sklearn LinearRegression)', () => {
  it('fewer samples than features: the minimum-norm solution, which fits every sample', () => {
    const { X, y, w } = random(4, 9, 11);
    const fit = weightedLeastSquares(X, y, w);
    X.forEach((r, i) => expect(r.reduce((s, v, j) => s + v * fit.coef[j], fit.intercept)).toBeCloseTo(y[i], 8));
    // minimum norm: the coefficients are a combination of the weighted-centred rows, so moving along a
    // direction orthogonal to all of them (here: after Gram-Schmidt) has no component in them
    const mx = X[0].map((_, j) => X.reduce((s, r, i) => s + w[i] * r[j], 0) / w.reduce((s, v) => s + v, 0));
    const basis: number[][] = [];
    for (const r of X) {
      let v = r.map((x, j) => x - mx[j]);
      for (const q of basis) { const d = v.reduce((s, x, j) => s + x * q[j], 0); v = v.map((x, j) => x - d * q[j]); }
      const n = Math.hypot(...v);
      if (n > 1e-9) basis.push(v.map((x) => x / n));
    }
    const inSpan = basis.map((q) => q.reduce((s, x, j) => s + x * fit.coef[j], 0));
    expect(Math.hypot(...inSpan)).toBeCloseTo(Math.hypot(...fit.coef), 8);
  });

  it('Kernel SHAP with every coalition and the Shapley kernel weights is the exact Shapley value (brute force)', () => {
    const M = 5;
    const rng = createRng(2);
    const a = Array.from({ length: M }, () => rng.uniform() * 2 - 1);
    const f = (z: number[]) => a.reduce((s, v, i) => s + v * z[i], 0) + 1.5 * z[0] * z[1] - 2 * z[2] * z[3] * z[4] + 0.3;
    const all = Array.from({ length: 2 ** M }, (_, m) => Array.from({ length: M }, (_, i) => (m >> i) & 1));
    const binom = (n: number, k: number): number => (k === 0 ? 1 : (binom(n, k - 1) * (n - k + 1)) / k);
    const size = (z: number[]) => z.reduce((s, v) => s + v, 0);
    const weight = (z: number[]) => (size(z) === 0 || size(z) === M ? INF_WEIGHT : (M - 1) / (binom(M, size(z)) * size(z) * (M - size(z))));
    const fit = weightedLeastSquares(all, all.map(f), all.map(weight));
    const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
    for (let i = 0; i < M; i++) {
      let phi = 0;
      for (const z of all) if (!z[i]) phi += ((fact(size(z)) * fact(M - size(z) - 1)) / fact(M)) * (f(z.map((v, j) => (j === i ? 1 : v))) - f(z));
      expect(fit.coef[i]).toBeCloseTo(phi, 4);
    }
  });
});

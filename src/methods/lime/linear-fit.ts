/**
 * The interpretable models of LIME and Kernel SHAP, pure float64 TypeScript (Captum fits them with
 * scikit-learn: captum/_utils/models/linear_model/train.py, sklearn_train_linear_model, passing the
 * similarities as `sample_weight`).
 *
 * - `weightedLasso`: sklearn.linear_model.Lasso(alpha) with fit_intercept=True (Captum's
 *   SkLearnLasso(alpha=0.01) for Lime). sklearn's objective with sample weights w (rescaled to sum
 *   to n) is (1 / (2 sum w)) sum_i w_i (y_i - x_i.beta - b)^2 + alpha |beta|_1, intercept unpenalised:
 *   X and y are centred by their w-weighted means, rows scaled by sqrt(w), and cyclic coordinate
 *   descent (sklearn's cd_fast.enet_coordinate_descent: max_iter 1000, tol 1e-4 on the duality gap
 *   relative to y.y, checked when the largest coefficient step is under tol of the largest
 *   coefficient) solves min 1/2 |y - X beta|^2 + alpha n |beta|_1; b = y_mean - x_mean.beta.
 * - `weightedLeastSquares`: sklearn.linear_model.LinearRegression (Captum's SkLearnLinearRegression for
 *   KernelShap): the same centring and sqrt(w) scaling, then the minimum-norm least-squares solution
 *   (scipy's lstsq), here through the eigendecomposition of the smaller Gram matrix (cyclic Jacobi) with
 *   eigenvalues under 1e-12 of the largest treated as zero (lstsq cuts singular values under
 *   eps max(n, M) of the largest; squaring them in the Gram matrix would lose that precision).
 */

export interface LinearFit {
  coef: Float64Array;
  intercept: number;
}

/** w-weighted column means of X (n x M, rows) and of y, and the centred rows scaled by sqrt(w). */
function centre(X: ArrayLike<number>[], y: ArrayLike<number>, w: ArrayLike<number>) {
  const n = X.length, M = n ? X[0].length : 0;
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w[i];
  const xMean = new Float64Array(M);
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < M; j++) xMean[j] += (w[i] * X[i][j]) / sw;
    yMean += (w[i] * y[i]) / sw;
  }
  const A = X.map((row, i) => Float64Array.from({ length: M }, (_, j) => (row[j] - xMean[j]) * Math.sqrt(w[i])));
  const b = Float64Array.from({ length: n }, (_, i) => (y[i] - yMean) * Math.sqrt(w[i]));
  return { A, b, xMean, yMean, sw };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export function weightedLasso(X: ArrayLike<number>[], y: ArrayLike<number>, w: ArrayLike<number>, alpha: number, { maxIter = 1000, tol = 1e-4 } = {}): LinearFit {
  const n = X.length, M = X[0].length;
  // sklearn rescales the weights to sum to n; the centring does not depend on their scale.
  const { sw } = centre(X, y, w);
  const wn = Array.from({ length: n }, (_, i) => (w[i] * n) / sw);
  const { A, b, xMean, yMean } = centre(X, y, wn);
  const cols = Array.from({ length: M }, (_, j) => Float64Array.from({ length: n }, (_, i) => A[i][j]));
  const norms = cols.map((c) => dot(c, c));
  const l1 = alpha * n;
  const beta = new Float64Array(M);
  const R = Float64Array.from(b);
  const gapTol = tol * dot(b, b);
  for (let iter = 0; iter < maxIter; iter++) {
    let dMax = 0, wMax = 0;
    for (let j = 0; j < M; j++) {
      if (norms[j] === 0) continue;
      const c = cols[j], old = beta[j];
      if (old !== 0) for (let i = 0; i < n; i++) R[i] += old * c[i];
      const t = dot(c, R);
      beta[j] = (Math.sign(t) * Math.max(Math.abs(t) - l1, 0)) / norms[j];
      if (beta[j] !== 0) for (let i = 0; i < n; i++) R[i] -= beta[j] * c[i];
      dMax = Math.max(dMax, Math.abs(beta[j] - old));
      wMax = Math.max(wMax, Math.abs(beta[j]));
    }
    if (wMax === 0 || dMax / wMax < tol || iter === maxIter - 1) {
      // sklearn's duality gap for the Lasso (l2 term 0).
      let dualNorm = 0;
      for (const c of cols) dualNorm = Math.max(dualNorm, Math.abs(dot(c, R)));
      const r2 = dot(R, R);
      const k = dualNorm > l1 ? l1 / dualNorm : 1;
      let gap = dualNorm > l1 ? 0.5 * (r2 + r2 * k * k) : r2;
      gap += l1 * beta.reduce((s, v) => s + Math.abs(v), 0) - k * dot(R, b);
      if (gap < gapTol) break;
    }
  }
  return { coef: beta, intercept: yMean - dot(xMean, beta) };
}

/** Eigenvalues and eigenvectors (columns of V) of a symmetric matrix, cyclic Jacobi. */
export function symmetricEigen(S: Float64Array[]): { values: Float64Array; vectors: Float64Array[] } {
  const m = S.length;
  const A = S.map((r) => Float64Array.from(r));
  const V = Array.from({ length: m }, (_, i) => Float64Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, total = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) total += A[i][j] ** 2;
        else off += A[i][j] ** 2;
      }
    }
    if (off <= 1e-30 * (total + off) || off === 0) break;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) {
      if (A[p][q] === 0) continue;
      const theta = (A[q][q] - A[p][p]) / (2 * A[p][q]);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < m; k++) {
        const akp = A[k][p], akq = A[k][q];
        A[k][p] = c * akp - s * akq;
        A[k][q] = s * akp + c * akq;
      }
      for (let k = 0; k < m; k++) {
        const apk = A[p][k], aqk = A[q][k];
        A[p][k] = c * apk - s * aqk;
        A[q][k] = s * apk + c * aqk;
      }
      for (let k = 0; k < m; k++) {
        const vkp = V[k][p], vkq = V[k][q];
        V[k][p] = c * vkp - s * vkq;
        V[k][q] = s * vkp + c * vkq;
      }
    }
  }
  return { values: Float64Array.from({ length: m }, (_, i) => A[i][i]), vectors: V };
}

export function weightedLeastSquares(X: ArrayLike<number>[], y: ArrayLike<number>, w: ArrayLike<number>): LinearFit {
  const { A, b, xMean, yMean } = centre(X, y, w);
  const n = A.length, M = xMean.length;
  const wide = n <= M; // Gram of the rows (n x n) or of the columns (M x M), whichever is smaller
  const m = wide ? n : M;
  const G = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) {
    let s = 0;
    if (wide) s = dot(A[i], A[j]);
    else for (let k = 0; k < n; k++) s += A[k][i] * A[k][j];
    G[i][j] = G[j][i] = s;
  }
  const rhs = wide ? Float64Array.from(b) : Float64Array.from({ length: M }, (_, j) => A.reduce((s, row, k) => s + row[j] * b[k], 0));
  const { values, vectors } = symmetricEigen(G);
  const top = Math.max(0, ...values);
  const solved = new Float64Array(m); // G^+ rhs
  for (let e = 0; e < m; e++) {
    if (values[e] <= 1e-12 * top) continue;
    let proj = 0;
    for (let k = 0; k < m; k++) proj += vectors[k][e] * rhs[k];
    for (let k = 0; k < m; k++) solved[k] += (vectors[k][e] * proj) / values[e];
  }
  const coef = wide ? Float64Array.from({ length: M }, (_, j) => A.reduce((s, row, k) => s + row[j] * solved[k], 0)) : solved;
  return { coef, intercept: yMean - dot(xMean, coef) };
}

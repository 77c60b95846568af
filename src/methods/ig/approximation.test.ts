import { describe, expect, it } from 'vitest';
import { APPROXIMATION_METHODS, legendreGauss, quadrature } from './approximation';

describe('quadrature (Captum approximation_methods)', () => {
  it('riemann variants place alphas and weights as Captum does', () => {
    expect(quadrature('riemann_left', 4)).toEqual({ alphas: [0, 0.25, 0.5, 0.75], stepSizes: [0.25, 0.25, 0.25, 0.25] });
    expect(quadrature('riemann_right', 4)).toEqual({ alphas: [0.25, 0.5, 0.75, 1], stepSizes: [0.25, 0.25, 0.25, 0.25] });
    expect(quadrature('riemann_middle', 4)).toEqual({ alphas: [0.125, 0.375, 0.625, 0.875], stepSizes: [0.25, 0.25, 0.25, 0.25] });
    // captum riemann_builders(Riemann.trapezoid): deltas = [1/n] * n with both ends halved, alphas linspace(0, 1, n).
    const t = quadrature('riemann_trapezoid', 5);
    expect(t.alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(t.stepSizes).toEqual([0.1, 0.2, 0.2, 0.2, 0.1]);
  });
  it("Captum's riemann_trapezoid weights sum to (n - 1)/n, so it converges only like 1/n", () => {
    for (const n of [2, 5, 16, 50]) {
      expect(quadrature('riemann_trapezoid', n).stepSizes.reduce((a, b) => a + b, 0)).toBeCloseTo((n - 1) / n, 14);
    }
    // A linear path integrand f'(a) = 1 (f(x) - f(b) = 1): Captum's rule gives 1 - 1/n, so delta = -1/n.
    const integral = (n: number) => quadrature('riemann_trapezoid', n).stepSizes.reduce((a, b) => a + b, 0);
    expect(integral(10) - 1).toBeCloseTo(-0.1, 14);
    expect(integral(100) - 1).toBeCloseTo(-0.01, 14);
  });
  it('the textbook trapezoid (ours, not Captum\'s) weights 1/(n - 1) with halved ends', () => {
    const t = quadrature('trapezoid', 5);
    expect(t.alphas).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(t.stepSizes).toEqual([0.125, 0.25, 0.25, 0.25, 0.125]);
  });
  it('gauss-legendre matches numpy.polynomial.legendre.leggauss(3)', () => {
    const { nodes, weights } = legendreGauss(3);
    const r = Math.sqrt(3 / 5);
    [-r, 0, r].forEach((v, i) => expect(nodes[i]).toBeCloseTo(v, 14));
    [5 / 9, 8 / 9, 5 / 9].forEach((v, i) => expect(weights[i]).toBeCloseTo(v, 14));
  });
  it('every other method integrates constants exactly (weights sum to 1, alphas in [0,1])', () => {
    for (const m of APPROXIMATION_METHODS.filter((a) => a !== 'riemann_trapezoid')) {
      for (const n of [2, 7, 50, 300]) {
        const q = quadrature(m, n);
        expect(q.stepSizes.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
        expect(Math.min(...q.alphas)).toBeGreaterThanOrEqual(0);
        expect(Math.max(...q.alphas)).toBeLessThanOrEqual(1);
      }
    }
  });
  it('converges at the expected order on a smooth integrand', () => {
    // int_0^1 e^a da = e - 1. Left/right Riemann: O(1/n); middle and trapezoid: O(1/n^2);
    // Gauss-Legendre with n points is exact for polynomials of degree 2n-1, so near machine precision.
    const err = (m: (typeof APPROXIMATION_METHODS)[number], n: number) => {
      const q = quadrature(m, n);
      return Math.abs(q.alphas.reduce((s, a, i) => s + Math.exp(a) * q.stepSizes[i], 0) - (Math.E - 1));
    };
    expect(err('riemann_left', 20) / err('riemann_left', 40)).toBeCloseTo(2, 1);
    expect(err('riemann_right', 20) / err('riemann_right', 40)).toBeCloseTo(2, 1);
    expect(err('riemann_middle', 20) / err('riemann_middle', 40)).toBeCloseTo(4, 1);
    expect(err('riemann_trapezoid', 20) / err('riemann_trapezoid', 40)).toBeCloseTo(2, 1); // Captum's: short by 1/n
    expect(err('trapezoid', 21) / err('trapezoid', 41)).toBeCloseTo(4, 1); // n-1 intervals
    expect(err('gausslegendre', 8)).toBeLessThan(1e-13);
    expect(err('gausslegendre', 4)).toBeLessThan(err('riemann_middle', 50));
  });
  it('rejects nonsense step counts', () => {
    expect(() => quadrature('riemann_left', 0)).toThrow(/positive integer/);
    for (const m of ['riemann_left', 'riemann_right', 'riemann_middle', 'riemann_trapezoid', 'trapezoid'] as const) {
      expect(() => quadrature(m, 1)).toThrow(/at least 2/); // Captum: "The number of steps has to be larger than one"
    }
    expect(quadrature('gausslegendre', 1)).toEqual({ alphas: [0.5], stepSizes: [1] });
  });
});

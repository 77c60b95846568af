import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { rankData, spearman, ssim, topKIntersection } from './similarity';

const K1 = 0.01;
const K2 = 0.03;

/** 1-D Gaussian taps (sigma 1.5, radius 5), written out independently of the module. */
function taps(): number[] {
  const g = Array.from({ length: 11 }, (_, i) => Math.exp(-((i - 5) ** 2) / (2 * 1.5 * 1.5)));
  const sum = g.reduce((s, v) => s + v, 0);
  return g.map((v) => v / sum);
}

/** The slow direct version: a full 11x11 weighted window at every valid pixel. */
function bruteSsim(a: ArrayLike<number>, b: ArrayLike<number>, w: number, h: number, range = 1): number {
  const g = taps();
  const c1 = (K1 * range) ** 2;
  const c2 = (K2 * range) ** 2;
  let total = 0;
  let count = 0;
  for (let r = 5; r < h - 5; r++) {
    for (let c = 5; c < w - 5; c++) {
      let mx = 0, my = 0, mxx = 0, myy = 0, mxy = 0;
      for (let i = -5; i <= 5; i++) {
        for (let j = -5; j <= 5; j++) {
          const wt = g[i + 5] * g[j + 5];
          const x = a[(r + i) * w + c + j];
          const y = b[(r + i) * w + c + j];
          mx += wt * x;
          my += wt * y;
          mxx += wt * x * x;
          myy += wt * y * y;
          mxy += wt * x * y;
        }
      }
      const vx = mxx - mx * mx;
      const vy = myy - my * my;
      const cxy = mxy - mx * my;
      total += ((2 * mx * my + c1) * (2 * cxy + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
      count++;
    }
  }
  return total / count;
}

function randomImage(n: number, seed: number, scale = 1): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => rng.uniform() * scale);
}

/** x[r][c] = slope * c + offset: rows identical, so local means are exact and variance is slope^2 * m2. */
function ramp(w: number, h: number, slope: number, offset = 0): Float64Array {
  return Float64Array.from({ length: w * h }, (_, i) => slope * (i % w) + offset);
}

/** Second moment of the 1-D window about its centre: the local variance of a unit-slope ramp. */
const M2 = taps().reduce((s, v, i) => s + v * (i - 5) ** 2, 0);

describe('rankData', () => {
  it('averages tied ranks like scipy.stats.rankdata', () => {
    expect(Array.from(rankData([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(rankData([3, 1, 2]))).toEqual([3, 1, 2]);
    expect(Array.from(rankData([5, 5, 5]))).toEqual([2, 2, 2]);
    // scipy.stats.rankdata([2, 7, 2, 7, 7, -1]) -> [2.5, 5, 2.5, 5, 5, 1]
    expect(Array.from(rankData([2, 7, 2, 7, 7, -1]))).toEqual([2.5, 5, 2.5, 5, 5, 1]);
    expect(Array.from(rankData([0, -0, -Infinity, Infinity]))).toEqual([2.5, 2.5, 1, 4]);
    expect(rankData([])).toHaveLength(0);
  });
  it('propagates NaN to every rank (scipy nan_policy="propagate")', () => {
    expect(Array.from(rankData([1, Number.NaN, 3])).every(Number.isNaN)).toBe(true);
  });
  it('matches a quadratic count-based reference on random data with many ties', () => {
    const rng = createRng(3);
    const v = Array.from({ length: 500 }, () => (rng.uniform() < 0.5 ? rng.int(20) - 10 : rng.uniform() - 0.5));
    const ranks = rankData(v);
    v.forEach((x, i) => {
      const below = v.filter((y) => y < x).length;
      const equal = v.filter((y) => y === x).length;
      expect(ranks[i]).toBe(below + (equal + 1) / 2);
    });
  });
});

describe('spearman', () => {
  it('is 1 for any increasing relation and -1 for a decreasing one', () => {
    const a = [1, 2, 3, 4, 5];
    expect(spearman(a, [2, 4, 8, 16, 100])).toBeCloseTo(1, 14);
    expect(spearman(a, [5, 4, 3, 2, 1])).toBeCloseTo(-1, 14);
    expect(spearman(a, a.map(Math.exp))).toBeCloseTo(1, 14);
  });
  it('handles ties by average ranks (hand-computed; scipy.stats.spearmanr gives 0.9486832980505139)', () => {
    // ranks [1, 2.5, 2.5, 4] and [1, 3, 2, 4], mean 2.5: sab = 4.5, saa = 4.5, sbb = 5 -> sqrt(0.9).
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 14);
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832980505139, 14);
  });
  it('is NaN when either input is constant, and throws on a length mismatch', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(spearman([1, Number.NaN, 3], [1, 2, 3])).toBeNaN();
    expect(() => spearman([1, 2], [1, 2, 3])).toThrow(/lengths differ/);
  });
  it('is symmetric and stays in [-1, 1]', () => {
    const a = randomImage(1000, 1);
    const b = randomImage(1000, 2);
    expect(spearman(a, b)).toBe(spearman(b, a));
    expect(Math.abs(spearman(a, b))).toBeLessThan(0.2);
  });
});

describe('topKIntersection', () => {
  const descending = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]; // top-k is indices 0..k-1

  it('counts the shared share of the k largest', () => {
    // k = 3: a's top {0, 1, 2}, b's top {0, 4, 2} -> 2 of 3.
    expect(topKIntersection(descending, [9, 0, 7, 0, 8, 0, 0, 0, 0, 0], 0.3)).toBeCloseTo(2 / 3, 15);
    expect(topKIntersection(descending, descending, 0.3)).toBe(1);
    expect(topKIntersection(descending, [...descending].reverse(), 0.5)).toBe(0);
    expect(topKIntersection(descending, [...descending].reverse(), 1)).toBe(1);
  });
  it('rounds k half up and never lets it fall below 1', () => {
    // b's top 3 are {0, 1, 9}: k = round(2.5) = 3 gives 2/3, where k = 2 would have given 1.
    const b = [9, 8, 0, 0, 0, 0, 0, 0, 0, 7];
    expect(topKIntersection(descending, b, 0.25)).toBeCloseTo(2 / 3, 15);
    expect(topKIntersection(descending, b, 0.2)).toBe(1);
    // fraction 0 and round(0.4) = 0 both mean k = 1: the single top pixel (index 0 in both).
    expect(topKIntersection(descending, b, 0)).toBe(1);
    expect(topKIntersection(descending, [0, 9, 0, 0, 0, 0, 0, 0, 0, 0], 0.04)).toBe(0);
  });
  it('breaks ties by the lower index', () => {
    // k = 2: a's top {0, 1} (1 wins the tie with 2 and 3); b's top {5, 1}.
    expect(topKIntersection([3, 1, 1, 1, 0, 0], [0, 1, 1, 1, 0, 3], 1 / 3)).toBe(0.5);
    // All-equal a: top 3 is {0, 1, 2}.
    expect(topKIntersection([0, 0, 0, 0, 0, 0], [1, 0, 1, 0, 1, 0], 0.5)).toBeCloseTo(2 / 3, 15);
    expect(topKIntersection([0, 0, 0, 0, 0, 0], [0, 0, 0, 1, 1, 1], 0.5)).toBe(0);
  });
  it('ranks NaN below every number', () => {
    // k = 3: a's top {2, 1, 0} (NaNs last, index 0 before 3); b's top {3, 0, 1}.
    expect(topKIntersection([Number.NaN, 1, 2, Number.NaN], [0, 0, 0, 1], 0.75)).toBeCloseTo(2 / 3, 15);
  });
  it('rejects mismatched lengths, empty maps and fractions outside [0, 1]', () => {
    expect(() => topKIntersection([1, 2], [1], 0.5)).toThrow(/lengths differ/);
    expect(() => topKIntersection([], [], 0.5)).toThrow(/empty/);
    expect(() => topKIntersection([1], [1], 1.5)).toThrow(/fraction/);
    expect(() => topKIntersection([1], [1], Number.NaN)).toThrow(/fraction/);
  });
});

describe('ssim', () => {
  const C1 = K1 ** 2;
  const C2 = K2 ** 2;

  it('is 1 for identical images and symmetric', () => {
    const x = randomImage(16 * 16, 11);
    const y = randomImage(16 * 16, 12);
    expect(ssim(x, x, 16, 16)).toBeCloseTo(1, 14);
    expect(ssim(x, y, 16, 16)).toBeCloseTo(ssim(y, x, 16, 16), 15);
  });
  it('reduces to the luminance term for two constant images', () => {
    const a = new Float64Array(12 * 12).fill(0.2);
    const b = new Float64Array(12 * 12).fill(0.6);
    expect(ssim(a, b, 12, 12)).toBeCloseTo((2 * 0.2 * 0.6 + C1) / (0.04 + 0.36 + C1), 12);
  });
  it('matches the closed form for a ramp against a constant image', () => {
    // Local mean of the ramp is 0.05c, its variance 0.0025*M2; against b = 0.5: cov = 0, vy = 0.
    const w = 16;
    const x = ramp(w, 12, 0.05);
    const b = new Float64Array(w * 12).fill(0.5);
    let expected = 0;
    for (let c = 5; c < w - 5; c++) {
      const mx = 0.05 * c;
      expected += ((2 * mx * 0.5 + C1) * C2) / ((mx * mx + 0.25 + C1) * (0.0025 * M2 + C2));
    }
    expected /= w - 10;
    expect(ssim(x, b, w, 12)).toBeCloseTo(expected, 12);
    expect(ssim(x, b, w, 12)).toBeLessThan(0.2);
  });
  it('is negative for an image against its negative (1 - x), as the closed form says', () => {
    // y = 1 - x: my = 1 - mx, vy = vx, cov = -vx.
    const w = 16;
    const x = ramp(w, 11, 0.05, 0.1);
    const y = x.map((v) => 1 - v);
    const vx = 0.0025 * M2;
    let expected = 0;
    for (let c = 5; c < w - 5; c++) {
      const mx = 0.05 * c + 0.1;
      expected += ((2 * mx * (1 - mx) + C1) * (-2 * vx + C2)) / ((mx * mx + (1 - mx) ** 2 + C1) * (2 * vx + C2));
    }
    expected /= w - 10;
    expect(expected).toBeLessThan(-0.5);
    expect(ssim(x, y, w, 11)).toBeCloseTo(expected, 12);
  });
  it('agrees with a brute-force 11x11 windowed reference to 1e-9', () => {
    const x = randomImage(16 * 16, 21);
    const y = randomImage(16 * 16, 22);
    expect(Math.abs(ssim(x, y, 16, 16) - bruteSsim(x, y, 16, 16))).toBeLessThan(1e-9);
    const mix = x.map((v, i) => 0.7 * v + 0.3 * y[i]);
    expect(Math.abs(ssim(x, mix, 16, 16) - bruteSsim(x, mix, 16, 16))).toBeLessThan(1e-9);
    // Non-square, a data range other than 1.
    const p = randomImage(13 * 20, 23, 255);
    const q = randomImage(13 * 20, 24, 255);
    expect(Math.abs(ssim(p, q, 20, 13, { dataRange: 255 }) - bruteSsim(p, q, 20, 13, 255))).toBeLessThan(1e-9);
  });
  it("matches skimage.metrics.structural_similarity (0.26) on fixed images", () => {
    // x = (arange(256).reshape(16, 16) * 37 % 101) / 100; y = ((arange(256) * 53 + 7) % 89) / 88;
    // structural_similarity(x, y, gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)
    const x = Float64Array.from({ length: 256 }, (_, i) => ((i * 37) % 101) / 100);
    const y = Float64Array.from({ length: 256 }, (_, i) => ((i * 53 + 7) % 89) / 88);
    expect(ssim(x, y, 16, 16)).toBeCloseTo(0.14316665388920902, 12);
    // x2 = (arange(260).reshape(13, 20) * 29 % 97) / 48; y2 = x2**2 / 2 - (arange(260) * 11 % 7) / 10; data_range=2
    const x2 = Float64Array.from({ length: 260 }, (_, i) => ((i * 29) % 97) / 48);
    const y2 = x2.map((v, i) => (v * v) / 2 - ((i * 11) % 7) / 10);
    expect(ssim(x2, y2, 20, 13, { dataRange: 2 })).toBeCloseTo(0.5949147511207568, 12);
  });
  it('accepts Float32Array maps and rejects bad shapes and ranges', () => {
    const x = Float32Array.from(randomImage(11 * 11, 5));
    expect(ssim(x, x, 11, 11)).toBeCloseTo(1, 12);
    expect(() => ssim(x, x, 11, 12)).toThrow(/does not match/);
    expect(() => ssim(x, x.subarray(1), 11, 11)).toThrow(/lengths differ/);
    expect(() => ssim(new Float32Array(200), new Float32Array(200), 10, 20)).toThrow(/smaller than/);
    expect(() => ssim(x, x, 11, 11, { dataRange: 0 })).toThrow(/dataRange/);
  });
});

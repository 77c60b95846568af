import { describe, expect, it } from 'vitest';
import { SIGNS, cumulativeSumThreshold, normalizeAttr, scaleBy, scaleThreshold, selectSign, sumChannels, valueRange, type Sign } from './normalize';

describe('Captum-style normalisation', () => {
  it('sums channels', () => {
    expect(Array.from(sumChannels(Float32Array.from([1, 2, 3, -1, -1, -1]), 3))).toEqual([6, -3]);
  });
  it('cumulative-sum threshold: hand-computed', () => {
    // sorted 1,2,3,4 (sum 10): 50 % of the mass is reached at 3 (1+2+3 = 6 >= 5); 100 % at 4.
    expect(cumulativeSumThreshold(Float32Array.from([4, 1, 3, 2]), 50)).toBe(3);
    expect(cumulativeSumThreshold(Float32Array.from([4, 1, 3, 2]), 100)).toBe(4);
    expect(cumulativeSumThreshold(Float32Array.from([4, 1, 3, 2]), 10)).toBe(1);
  });
  it('sign modes: zero stays zero, outliers clip, the threshold is the value at +-1', () => {
    const map = Float32Array.from([-8, -1, 0, 1, 2, 100]);
    // |.| sorted: 0,1,1,2,8,100 (sum 112); 98 % = 109.76 -> reached only at 100.
    const all = normalizeAttr(map, 'all', 2);
    expect(all.threshold).toBe(100);
    expect(Array.from(all.values)).toEqual([-0.08, -0.01, 0, 0.01, 0.02, 1].map((v) => Math.fround(v)));
    // With 10 % outliers: 90 % of 112 = 100.8 -> still 100; with 15 %: 95.2 -> 100; 20 %: 89.6 -> 100.
    const pos = normalizeAttr(map, 'positive', 50); // positives 1,2,100 (sum 103): 50 % -> 100
    expect(pos.values[0]).toBe(0);
    const neg = normalizeAttr(map, 'negative', 2); // magnitudes 8,1: 98 % of 9 -> 8
    expect(neg.threshold).toBe(8);
    expect(neg.values[0]).toBe(1);
    expect(neg.values[1]).toBeCloseTo(0.125, 6);
    expect(neg.values[5]).toBe(0);
    const abs = normalizeAttr(Float32Array.from([-3, 1]), 'absolute_value', 0);
    expect(Array.from(abs.values)).toEqual([1, 1 / 3].map((v) => Math.fround(v)));
  });
  it('an all-zero map yields zeros and threshold 0, not NaN', () => {
    const z = normalizeAttr(new Float32Array(4), 'all');
    expect(z.threshold).toBe(0);
    expect(Array.from(z.values)).toEqual([0, 0, 0, 0]);
  });
});

const f32 = (xs: number[]) => Float32Array.from(xs);
const arr = (a: Float32Array) => Array.from(a);

// A small signed map used throughout: |.| sorted = 0,1,1,2,3,4,6 (sum 17), cumulative 0,1,2,4,7,11,17.
// positives 1,3,6 (sum 10, cumulative over sorted 0,0,0,0,1,3,6 = 0,0,0,0,1,4,10);
// negative magnitudes 1,2,4 (sum 7, cumulative over sorted 0,0,0,0,1,2,4 = 0,0,0,0,1,3,7).
const A = f32([-4, -2, -1, 0, 1, 3, 6]);

// Three tiers so outlier 0, 2 and 50 give three different thresholds:
// 150 ones (150), 25 values -4 (|.| 100), one 5: sum 255.
//  0 %  -> 100 % of 255 only reached at the largest, 5;
//  2 %  -> 98 % = 249.9, reached at the last 4 (150 + 100 = 250);
//  50 % -> 50 % = 127.5, reached among the ones (1).
const TIERS = f32([...Array(150).fill(1), ...Array(25).fill(-4), 5]);

describe('cumulativeSumThreshold edge cases', () => {
  it('empty input gives 0, all zeros give 0', () => {
    expect(cumulativeSumThreshold(new Float32Array(0), 98)).toBe(0);
    expect(cumulativeSumThreshold(new Float32Array(5), 98)).toBe(0);
  });
  it('sorts numerically, not lexicographically', () => {
    // Numeric order 2, 9, 10 (sum 21), cumulative 2, 11, 21; a lexicographic sort (10, 2, 9; cumulative
    // 10, 12, 21) would answer 2, 10 and 9 instead.
    expect(cumulativeSumThreshold(f32([10, 2, 9]), 50)).toBe(9); // 10.5
    expect(cumulativeSumThreshold(f32([10, 2, 9]), 40)).toBe(9); // 8.4
    expect(cumulativeSumThreshold(f32([10, 2, 9]), 60)).toBe(10); // 12.6
  });
  it('the 100th percentile is the largest value', () => {
    expect(cumulativeSumThreshold(f32([0.1, 0.2, 0.3, 0.7]), 100)).toBeCloseTo(0.7, 6);
  });
});

describe('selectSign', () => {
  it("'all' keeps the signed map", () => {
    expect(arr(selectSign(A, 'all'))).toEqual([-4, -2, -1, 0, 1, 3, 6]);
  });
  it("'positive' zeroes the negatives", () => {
    expect(arr(selectSign(A, 'positive'))).toEqual([0, 0, 0, 0, 1, 3, 6]);
  });
  it("'negative' gives the magnitudes of the negative part (>= 0), positives zeroed", () => {
    const neg = selectSign(A, 'negative');
    expect(arr(neg)).toEqual([4, 2, 1, 0, 0, 0, 0]);
    for (const v of neg) expect(v).toBeGreaterThanOrEqual(0);
  });
  it("'absolute_value' gives |v|", () => {
    expect(arr(selectSign(A, 'absolute_value'))).toEqual([4, 2, 1, 0, 1, 3, 6]);
  });
  it('does not modify its input', () => {
    const m = f32([-1, 2]);
    selectSign(m, 'negative');
    selectSign(m, 'absolute_value');
    expect(arr(m)).toEqual([-1, 2]);
  });
});

describe('scaleThreshold: hand-computed percentiles per sign mode', () => {
  const cases: Array<[Sign, number, number]> = [
    // sign, outlier %, expected threshold on A
    ['all', 0, 6],
    ['all', 2, 6], // 98 % of 17 = 16.66 -> only reached at 6
    ['all', 50, 4], // 8.5: cumulative 7 at 3, 11 at 4
    ['all', 70, 3], // 30 % = 5.1: cumulative 4 at 2, 7 at 3
    ['absolute_value', 0, 6],
    ['absolute_value', 50, 4],
    ['absolute_value', 70, 3],
    ['positive', 0, 6],
    ['positive', 2, 6], // 9.8 -> 6
    ['positive', 50, 6], // 5: cumulative 4 at 3 < 5 -> 6
    ['positive', 70, 3], // 3: cumulative 4 at 3
    ['negative', 0, 4],
    ['negative', 2, 4], // 6.86 -> 4
    ['negative', 50, 4], // 3.5: cumulative 3 at 2 -> 4
    ['negative', 70, 2], // 2.1: cumulative 3 at 2
  ];
  for (const [sign, outlier, expected] of cases) {
    it(`${sign}, outlier ${outlier} % -> ${expected}`, () => {
      expect(scaleThreshold(A, sign, outlier)).toBe(expected);
    });
  }
  it('outlier 0 vs 2 vs 50 give three different thresholds on a three-tier map', () => {
    expect(scaleThreshold(TIERS, 'all', 0)).toBe(5);
    expect(scaleThreshold(TIERS, 'all', 2)).toBe(4);
    expect(scaleThreshold(TIERS, 'all', 50)).toBe(1);
    expect(scaleThreshold(TIERS, 'absolute_value', 2)).toBe(4);
    // positives: 150 ones + 5 = 155; 98 % = 151.9 > 150 -> 5; 50 % = 77.5 -> 1
    expect(scaleThreshold(TIERS, 'positive', 0)).toBe(5);
    expect(scaleThreshold(TIERS, 'positive', 2)).toBe(5);
    expect(scaleThreshold(TIERS, 'positive', 50)).toBe(1);
    // negative magnitudes: 25 fours -> 4 whatever the outlier
    expect(scaleThreshold(TIERS, 'negative', 0)).toBe(4);
    expect(scaleThreshold(TIERS, 'negative', 50)).toBe(4);
  });
  it("'all' and 'absolute_value' always agree; the threshold is positive for 'negative'", () => {
    for (const outlier of [0, 2, 10, 50, 90]) {
      expect(scaleThreshold(TIERS, 'all', outlier)).toBe(scaleThreshold(TIERS, 'absolute_value', outlier));
      expect(scaleThreshold(A, 'negative', outlier)).toBeGreaterThan(0);
    }
  });
  it('is 0 when the selected part is empty', () => {
    expect(scaleThreshold(f32([1, 2, 3]), 'negative', 2)).toBe(0);
    expect(scaleThreshold(f32([-1, -2, 0]), 'positive', 2)).toBe(0);
    expect(scaleThreshold(new Float32Array(3), 'all', 2)).toBe(0);
  });
});

describe('scaleBy / normalizeAttr: values, zero, clipping', () => {
  it("'all', outlier 50: divide by 4 and clip to [-1, 1]", () => {
    const n = normalizeAttr(A, 'all', 50);
    expect(n.threshold).toBe(4);
    expect(arr(n.values)).toEqual([-1, -0.5, -0.25, 0, 0.25, 0.75, 1]); // 6 / 4 = 1.5 clipped to 1
  });
  it("'all', outlier 70: -4/3 clips to -1, 6/3 clips to 1", () => {
    const n = normalizeAttr(A, 'all', 70);
    expect(n.threshold).toBe(3);
    expect(arr(n.values)).toEqual([-1, -2 / 3, -1 / 3, 0, 1 / 3, 1, 1].map(Math.fround));
  });
  it("'positive', outlier 70: negatives become 0, range [0, 1]", () => {
    const n = normalizeAttr(A, 'positive', 70);
    expect(n.threshold).toBe(3);
    expect(arr(n.values)).toEqual([0, 0, 0, 0, 1 / 3, 1, 1].map(Math.fround));
  });
  it("'negative', outlier 70: magnitudes of the negative part over 2, clipped to [0, 1]", () => {
    const n = normalizeAttr(A, 'negative', 70);
    expect(n.threshold).toBe(2);
    expect(arr(n.values)).toEqual([1, 1, 0.5, 0, 0, 0, 0]); // 4/2 = 2 clipped
  });
  it("'absolute_value', outlier 50", () => {
    const n = normalizeAttr(A, 'absolute_value', 50);
    expect(n.threshold).toBe(4);
    expect(arr(n.values)).toEqual([1, 0.5, 0.25, 0, 0.25, 0.75, 1]);
  });
  it('default outlier is 2 %', () => {
    expect(normalizeAttr(TIERS, 'all').threshold).toBe(4);
    expect(normalizeAttr(TIERS, 'all').values[175]).toBe(1); // 5 / 4 clipped
    expect(normalizeAttr(TIERS, 'all').values[150]).toBe(-1); // -4 / 4
    expect(normalizeAttr(TIERS, 'all').values[0]).toBe(0.25);
  });
  it('zero maps to exactly 0 in every sign mode and for every outlier (zero-centred signed maps)', () => {
    const m = f32([0, -3, 0, 2, 7, 0]);
    for (const sign of SIGNS) {
      for (const outlier of [0, 2, 50]) {
        const { values } = normalizeAttr(m, sign, outlier);
        expect(values[0]).toBe(0);
        expect(values[2]).toBe(0);
        expect(values[5]).toBe(0);
      }
    }
    // A symmetric signed map stays symmetric about 0.
    const sym = normalizeAttr(f32([-3, -1, 0, 1, 3]), 'all', 0);
    expect(arr(sym.values)).toEqual([-1, -1 / 3, 0, 1 / 3, 1].map(Math.fround));
  });
  it("ranges: [-1, 1] for 'all', [0, 1] otherwise", () => {
    const m = f32([-100, -7, -0.5, 0, 0.25, 3, 80]);
    for (const sign of SIGNS) {
      for (const outlier of [0, 2, 50, 90]) {
        const { values } = normalizeAttr(m, sign, outlier);
        for (const v of values) {
          expect(v).toBeLessThanOrEqual(1);
          expect(v).toBeGreaterThanOrEqual(sign === 'all' ? -1 : 0);
        }
      }
    }
    // |.| sorted 0, 0.25, 0.5, 3, 7, 80, 100 (sum 190.75); outlier 90 -> 10 % = 19.075 -> threshold 80:
    // -100 / 80 clips to -1, 80 / 80 = 1.
    const all = normalizeAttr(m, 'all', 90);
    expect(all.threshold).toBe(80);
    expect(Math.min(...all.values)).toBe(-1);
    expect(Math.max(...all.values)).toBe(1);
  });
  it("'positive' maps negative values to 0 and 'negative' maps positive values to 0", () => {
    const m = f32([-5, 5]);
    expect(arr(scaleBy(m, 'positive', 5))).toEqual([0, 1]);
    expect(arr(scaleBy(m, 'negative', 5))).toEqual([1, 0]);
    expect(arr(scaleBy(m, 'absolute_value', 10))).toEqual([0.5, 0.5]);
    expect(arr(scaleBy(m, 'all', 10))).toEqual([-0.5, 0.5]);
  });
  it('scaleBy with a threshold that is 0, negative or NaN gives zeros, never NaN', () => {
    for (const t of [0, -1, NaN]) {
      const out = scaleBy(f32([-2, 0, 3]), 'all', t);
      expect(arr(out)).toEqual([0, 0, 0]);
    }
  });
  it('scaleBy uses the given threshold, not its own (shared scales)', () => {
    expect(arr(scaleBy(f32([-1, 2, 8]), 'all', 8))).toEqual([-0.125, 0.25, 1]);
    expect(arr(scaleBy(f32([-1, 2, 8]), 'all', 1))).toEqual([-1, 1, 1]);
  });
  it('an all-zero map gives threshold 0 and zeros in every sign mode', () => {
    for (const sign of SIGNS) {
      const z = normalizeAttr(new Float32Array(3), sign, 2);
      expect(z.threshold).toBe(0);
      expect(arr(z.values)).toEqual([0, 0, 0]);
    }
  });
  it("'negative' on a map without negatives gives threshold 0 and zeros", () => {
    const n = normalizeAttr(f32([1, 2, 3]), 'negative', 2);
    expect(n.threshold).toBe(0);
    expect(arr(n.values)).toEqual([0, 0, 0]);
  });
});

describe('valueRange', () => {
  it('finite min and max, counting NaN and +-Infinity as non-finite', () => {
    expect(valueRange(f32([3, NaN, -2, Infinity, 0.5, -Infinity]))).toEqual({ min: -2, max: 3, nonFinite: 3 });
  });
  it('a map with only non-finite values reports 0..0', () => {
    expect(valueRange(f32([NaN, Infinity]))).toEqual({ min: 0, max: 0, nonFinite: 2 });
  });
  it('empty map', () => {
    expect(valueRange(new Float32Array(0))).toEqual({ min: 0, max: 0, nonFinite: 0 });
  });
  it('single value and all-negative maps', () => {
    expect(valueRange(f32([-7]))).toEqual({ min: -7, max: -7, nonFinite: 0 });
    expect(valueRange(f32([-7, -1, -3]))).toEqual({ min: -7, max: -1, nonFinite: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { cumulativeSumThreshold, normalizeAttr, sumChannels } from './normalize';

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

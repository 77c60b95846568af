import { describe, expect, it } from 'vitest';
import { createRng } from '../rng';
import { RANK_LABELS, randomOrder, rankingMap, saliencyOrder } from './pixel-order';

describe('saliencyOrder', () => {
  it('sorts descending, ties by lower index, NaN last', () => {
    expect(Array.from(saliencyOrder([0.1, 0.5, 0.5, Number.NaN, 0.9, 0.1]))).toEqual([4, 1, 2, 0, 5, 3]);
    expect(Array.from(saliencyOrder([Number.NaN, 1, Number.NaN]))).toEqual([1, 0, 2]);
    expect(Array.from(saliencyOrder([7, 7, 7]))).toEqual([0, 1, 2]);
    expect(Array.from(saliencyOrder([0, -0, 1, -Infinity, Infinity]))).toEqual([4, 2, 0, 1, 3]);
    expect(saliencyOrder([])).toHaveLength(0);
  });
  it('matches a comparator sort on large maps with ties, signs, zeros, infinities and denormals', () => {
    const rng = createRng(9);
    const special = [Number.NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE];
    const draw = () => {
      const u = rng.uniform();
      if (u < 0.05) return special[rng.int(special.length)];
      if (u < 0.5) return (rng.int(50) - 25) / 7; // many exact ties
      return (rng.uniform() - 0.5) * 10 ** rng.int(12); // full float64 precision, mixed magnitudes
    };
    const reference = (map: ArrayLike<number>) => {
      const key = (i: number) => (Number.isNaN(map[i]) ? -Infinity : map[i]);
      const nan = (i: number) => (Number.isNaN(map[i]) ? 1 : 0);
      return Array.from(map, (_, i) => i).sort((i, j) => (key(j) > key(i) ? 1 : key(j) < key(i) ? -1 : 0) || nan(i) - nan(j) || i - j);
    };
    const f64 = Float64Array.from({ length: 20000 }, draw);
    expect(Array.from(saliencyOrder(f64))).toEqual(reference(f64));
    const f32 = Float32Array.from({ length: 5000 }, draw);
    expect(Array.from(saliencyOrder(f32))).toEqual(reference(f32));
  });
});

describe('randomOrder', () => {
  it('is a permutation of 0..n-1', () => {
    const order = randomOrder(1000, 42);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(order)).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(randomOrder(0, 1))).toEqual([]);
    expect(Array.from(randomOrder(1, 1))).toEqual([0]);
  });
  it('is deterministic per seed and differs between seeds', () => {
    expect(randomOrder(500, 7)).toEqual(randomOrder(500, 7));
    expect(randomOrder(500, 7)).not.toEqual(randomOrder(500, 8));
  });
  it('draws all n! orders about equally often (a Sattolo slip would give only the cyclic ones)', () => {
    const seen = new Map<string, number>();
    for (let seed = 0; seed < 6000; seed++) {
      const key = randomOrder(3, seed).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const count of seen.values()) expect(Math.abs(count - 1000)).toBeLessThan(150);
  });
  it('rejects a bad n', () => {
    expect(() => randomOrder(-1, 0)).toThrow(/non-negative/);
    expect(() => randomOrder(2.5, 0)).toThrow(/non-negative/);
  });
});

describe('rankingMap: which pixels RISE’s sort sees first', () => {
  // Two channels-summed maps of four pixels: sums -1, 1.5, -9, 2.
  const attr = Float32Array.from([1, 2, -4, 0.5, 0.5, 0.5, -3, -3, -3, 2, 0, 0]);
  it('signed: the channel sum, most positive first', () => {
    expect(Array.from(rankingMap(attr, 3, 'signed'))).toEqual([-1, 1.5, -9, 2]);
    expect(Array.from(saliencyOrder(rankingMap(attr, 3, 'signed')))).toEqual([3, 1, 0, 2]);
  });
  it('abs: the magnitude of the channel sum, largest first (the strongest negative evidence goes first)', () => {
    expect(Array.from(rankingMap(attr, 3, 'abs'))).toEqual([1, 1.5, 9, 2]);
    expect(Array.from(saliencyOrder(rankingMap(attr, 3, 'abs')))).toEqual([2, 3, 1, 0]);
  });
  it('both agree on a non-negative map (RISE’s own maps are)', () => {
    const pos = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0, 0, 0.3, 0.3, 0]);
    expect(saliencyOrder(rankingMap(pos, 3, 'abs'))).toEqual(saliencyOrder(rankingMap(pos, 3, 'signed')));
  });
  it('names each mode for the results text and rejects a bad channel count', () => {
    expect(RANK_LABELS.signed).toMatch(/signed Σc a/);
    expect(RANK_LABELS.abs).toMatch(/\|Σc a\|/);
    expect(() => rankingMap(attr, 5, 'abs')).toThrow(/channels/);
  });
});

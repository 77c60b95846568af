import { describe, expect, it } from 'vitest';
import { createRng } from '../attribution/rng';
import { perturbationBatch, perturbedImage, randomOrder, saliencyOrder, stepCounts, trapezoidAuc } from './curves';

describe('trapezoidAuc', () => {
  it('integrates constants and straight lines exactly', () => {
    expect(trapezoidAuc([0, 0.5, 1], [0.7, 0.7, 0.7])).toBeCloseTo(0.7, 15);
    expect(trapezoidAuc([0, 0.25, 0.5, 1], [0, 0.25, 0.5, 1])).toBeCloseTo(0.5, 15);
    expect(trapezoidAuc([0, 1], [1, 0])).toBeCloseTo(0.5, 15);
  });
  it('sums trapezoids on uneven three-point curves (hand-computed)', () => {
    // 0.5 * (1 + 0) / 2 + 0.5 * (0 + 1) / 2
    expect(trapezoidAuc([0, 0.5, 1], [1, 0, 1])).toBeCloseTo(0.5, 15);
    // 0.2 * (1 + 0.5) / 2 + 0.8 * (0.5 + 0) / 2 = 0.15 + 0.2
    expect(trapezoidAuc([0, 0.2, 1], [1, 0.5, 0])).toBeCloseTo(0.35, 15);
  });
  it('is 0 below two points and rejects mismatched or decreasing xs', () => {
    expect(trapezoidAuc([], [])).toBe(0);
    expect(trapezoidAuc([0.5], [3])).toBe(0);
    expect(() => trapezoidAuc([0, 1], [1])).toThrow(/xs/);
    expect(() => trapezoidAuc([0, 1, 0.5], [1, 1, 1])).toThrow(/non-decreasing/);
  });
});

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

describe('stepCounts', () => {
  it('rounds halves up (Math.round(2.5) = 3, Math.round(7.5) = 8; NumPy would give 2 and 8)', () => {
    expect(stepCounts(10, 4)).toEqual([0, 3, 5, 8, 10]);
    expect(stepCounts(0, 3)).toEqual([0, 0, 0, 0]);
    expect(stepCounts(5, 1)).toEqual([0, 5]);
  });
  it('runs from 0 to total without going backwards', () => {
    const counts = stepCounts(224 * 224, 20);
    expect(counts).toHaveLength(21);
    expect(counts[0]).toBe(0);
    expect(counts[20]).toBe(224 * 224);
    expect(counts[10]).toBe(25088);
    counts.slice(1).forEach((c, i) => expect(c).toBeGreaterThanOrEqual(counts[i]));
  });
  it('rejects bad totals and steps', () => {
    expect(() => stepCounts(10, 0)).toThrow(/steps/);
    expect(() => stepCounts(-1, 4)).toThrow(/total/);
  });
});

describe('perturbedImage', () => {
  // A 2x2 RGBA image and a fill with distinct values everywhere (alpha included).
  const base = Uint8ClampedArray.from([10, 20, 30, 100, 40, 50, 60, 255, 70, 80, 90, 0, 1, 2, 3, 4]);
  const fill = Uint8ClampedArray.from([200, 201, 202, 0, 210, 211, 212, 7, 220, 221, 222, 9, 230, 231, 232, 11]);
  const order = Uint32Array.from([2, 0, 3, 1]);

  it("gives the first count pixels of the order fill's RGB with alpha 255 (hand-checked)", () => {
    const out = perturbedImage(base, fill, order, 2);
    expect(Array.from(out)).toEqual([200, 201, 202, 255, 40, 50, 60, 255, 220, 221, 222, 255, 1, 2, 3, 4]);
    expect(Array.from(perturbedImage(base, fill, order, 4))).toEqual([200, 201, 202, 255, 210, 211, 212, 255, 220, 221, 222, 255, 230, 231, 232, 255]);
  });
  it('copies rather than aliasing or mutating base', () => {
    const before = Array.from(base);
    const out = perturbedImage(base, fill, order, 0);
    expect(Array.from(out)).toEqual(before);
    expect(out.buffer).not.toBe(base.buffer);
    perturbedImage(base, fill, order, 4);
    expect(Array.from(base)).toEqual(before);
  });
  it('rejects mismatched images, bad counts and out-of-range pixels', () => {
    expect(() => perturbedImage(base, fill.subarray(4), order, 1)).toThrow(/bytes/);
    expect(() => perturbedImage(base.subarray(1), fill.subarray(1), order, 1)).toThrow(/RGBA/);
    expect(() => perturbedImage(base, fill, order, 5)).toThrow(/count/);
    expect(() => perturbedImage(base, fill, Uint32Array.from([4]), 1)).toThrow(/not a pixel/);
  });
});

describe('perturbationBatch', () => {
  const side = 8;
  const rng = createRng(5);
  const image = Uint8ClampedArray.from({ length: side * side * 4 }, () => rng.int(256));
  const black = new Uint8ClampedArray(side * side * 4);
  const order = saliencyOrder(Float32Array.from({ length: side * side }, () => rng.uniform()));

  it('equals perturbedImage at every count (deletion and insertion)', () => {
    const counts = stepCounts(side * side, 7);
    for (const [b, f] of [[image, black], [black, image]]) {
      const batch = perturbationBatch(b, f, order, counts);
      expect(batch).toHaveLength(counts.length);
      counts.forEach((c, i) => expect(batch[i]).toEqual(perturbedImage(b, f, order, c)));
    }
  });
  it('takes counts in any order, repeats included, and returns independent images', () => {
    const counts = [5, 0, 64, 5, 3];
    const batch = perturbationBatch(image, black, order, counts);
    counts.forEach((c, i) => expect(batch[i]).toEqual(perturbedImage(image, black, order, c)));
    expect(batch[0].buffer).not.toBe(batch[3].buffer);
    batch[0][0] = 123;
    expect(batch[3]).toEqual(perturbedImage(image, black, order, 5));
  });
  it('rejects a count past the order', () => {
    expect(() => perturbationBatch(image, black, order, [0, 65])).toThrow(/count/);
  });
});

import { describe, expect, it } from 'vitest';
import { deltaSpread, formatProbability } from './format';

describe('formatProbability', () => {
  it('never shows 100 % for a probability below 1', () => {
    expect(formatProbability(0.99998)).toBe('99.998 %');
    expect(formatProbability(0.9995)).toBe('99.95 %');
    expect(formatProbability(0.999999)).not.toMatch(/^100/);
    expect(formatProbability(1)).toBe('100.0 %');
  });
  it('keeps the magnitude of small probabilities', () => {
    expect(formatProbability(0.5)).toBe('50.0 %');
    expect(formatProbability(0.000023)).toBe('2.3e-3 %');
    expect(formatProbability(0)).toBe('0 %');
  });
});

describe('deltaSpread', () => {
  it('a mean near zero does not hide samples far from complete', () => {
    expect(deltaSpread([5, -5, 1, -1])).toEqual({ count: 4, meanAbs: 3, maxAbs: 5 });
    expect(deltaSpread([0.5])).toBeNull();
    expect(deltaSpread(undefined)).toBeNull();
  });
});

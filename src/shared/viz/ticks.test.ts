import { describe, expect, it } from 'vitest';
import { colorbarTicks, formatValue } from './ticks';

const MINUS = '\u2212';

describe('formatValue', () => {
  it('zero (and negative zero) is "0"', () => {
    expect(formatValue(0)).toBe('0');
    expect(formatValue(-0)).toBe('0');
  });
  it('three significant digits, trailing zeros dropped', () => {
    expect(formatValue(1)).toBe('1');
    expect(formatValue(0.5)).toBe('0.5');
    expect(formatValue(1.23456)).toBe('1.23');
    expect(formatValue(2.5)).toBe('2.5');
    expect(formatValue(12.349)).toBe('12.3');
    expect(formatValue(999.4)).toBe('999');
    expect(formatValue(0.012345)).toBe('0.0123');
    expect(formatValue(0.01)).toBe('0.01');
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
  });
  it('rounding up to 1000 stays plain', () => {
    expect(formatValue(999.6)).toBe('1000');
  });
  it('exponent notation below 0.01 and from 1000', () => {
    expect(formatValue(1000)).toBe('1.00e+3');
    expect(formatValue(1234)).toBe('1.23e+3');
    // (which minus the exponent gets is not pinned here: see the note on the negative case below)
    const ascii = (v: number) => formatValue(v).replace(/\u2212/g, '-');
    expect(ascii(0.001234)).toBe('1.23e-3');
    expect(ascii(0.00999)).toBe('9.99e-3');
    expect(ascii(1.5e-7)).toBe('1.50e-7');
  });
  it('negative values use the Unicode minus U+2212, never a hyphen as the sign', () => {
    expect(formatValue(-1)).toBe(`${MINUS}1`);
    expect(formatValue(-0.5)).toBe(`${MINUS}0.5`);
    expect(formatValue(-2.5)).toBe(`${MINUS}2.5`);
    expect(formatValue(-0.012345)).toBe(`${MINUS}0.0123`);
    expect(formatValue(-1234)).toBe(`${MINUS}1.23e+3`);
    for (const v of [-1, -0.5, -12.3, -999]) expect(formatValue(v)).not.toContain('-');
  });
  it('a negative value in exponent notation starts with U+2212', () => {
    // Note: only the first '-' is replaced, so the exponent's minus differs between signs:
    // formatValue(-0.001234) = '−1.23e-3' but formatValue(0.001234) = '1.23e−3' (reported, not pinned).
    expect(formatValue(-0.001234).startsWith(MINUS)).toBe(true);
    expect(formatValue(-0.001234).replace(/\u2212/g, '-')).toBe('-1.23e-3');
  });
  it('positive values have no minus at all', () => {
    for (const v of [0.02, 3, 45.6, 1e6]) expect(formatValue(v)).not.toContain(MINUS);
  });
});

describe('colorbarTicks', () => {
  it('0..1: 0.2, 0.4, 0.6, 0.8 (0 and 1 are the end labels)', () => {
    const t = colorbarTicks(0, 1);
    expect(t.map((k) => k.value)).toEqual([0.2, 0.4, 0.6, 0.8]);
    t.forEach((k) => expect(k.position).toBeCloseTo(k.value, 12));
    expect(t.map((k) => k.label)).toEqual(['0.2', '0.4', '0.6', '0.8']);
  });
  it('-1..1: -0.5, 0, 0.5 at 0.25, 0.5, 0.75 with a true minus', () => {
    const t = colorbarTicks(-1, 1);
    expect(t.map((k) => k.value)).toEqual([-0.5, 0, 0.5]);
    expect(t.map((k) => k.position)).toEqual([0.25, 0.5, 0.75]);
    expect(t[0].label).toBe(`${MINUS}0.5`);
    expect(t[2].label).toBe('0.5');
  });
  it('drops ticks near the ends: -2.5..2.5 keeps -1, 0, 1 but not ±2 (positions 0.1 and 0.9)', () => {
    const t = colorbarTicks(-2.5, 2.5);
    expect(t.map((k) => k.value)).toEqual([-1, 0, 1]);
    expect(t.map((k) => k.position)).toEqual([0.3, 0.5, 0.7]);
  });
  it('0..3: half steps, positions k/6', () => {
    const t = colorbarTicks(0, 3);
    expect(t.map((k) => k.value)).toEqual([0.5, 1, 1.5, 2, 2.5]);
    t.forEach((k, i) => expect(k.position).toBeCloseTo((i + 1) / 6, 12));
  });
  it('a larger count gives finer ticks, still away from the ends', () => {
    // d3 ticks with step 0.1: 0.1 (position 0.1) and 0.9 are dropped
    expect(colorbarTicks(0, 1, 10).map((k) => k.value)).toEqual([0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
  });
  it('empty for an empty, reversed or NaN range', () => {
    expect(colorbarTicks(1, 1)).toEqual([]);
    expect(colorbarTicks(2, 1)).toEqual([]);
    expect(colorbarTicks(0, NaN)).toEqual([]);
    expect(colorbarTicks(NaN, 1)).toEqual([]);
  });
  it('any range: round values strictly inside, evenly spaced, positions (v - lo) / (hi - lo) within (0.12, 0.88)', () => {
    const ranges: Array<[number, number]> = [
      [0, 0.37],
      [-0.37, 0.37],
      [-5.3, 17],
      [1e-4, 3e-4],
      [0, 0.00123],
      [100, 1e6],
      [-1e6, -100],
      [0, 7.77],
    ];
    for (const [lo, hi] of ranges) {
      const t = colorbarTicks(lo, hi);
      expect(t.length, `${lo}..${hi}`).toBeGreaterThan(0);
      for (const k of t) {
        expect(k.value).toBeGreaterThan(lo);
        expect(k.value).toBeLessThan(hi);
        expect(k.position).toBeGreaterThan(0.12);
        expect(k.position).toBeLessThan(0.88);
        expect(k.position).toBeCloseTo((k.value - lo) / (hi - lo), 9);
      }
      if (t.length >= 2) {
        const step = t[1].value - t[0].value;
        // a "round" step: 1, 2 or 5 times a power of ten
        const mant = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
        expect([1, 2, 5].some((m) => Math.abs(mant - m) < 1e-6), `${lo}..${hi} step ${step}`).toBe(true);
        for (let i = 1; i < t.length; i++) expect(t[i].value - t[i - 1].value).toBeCloseTo(step, 9);
        // every value is a whole number of steps
        for (const k of t) expect(Math.abs(k.value / step - Math.round(k.value / step))).toBeLessThan(1e-6);
      }
    }
  });
  it('negative-range labels use U+2212', () => {
    const t = colorbarTicks(-10, -1);
    expect(t.length).toBeGreaterThan(0);
    for (const k of t) {
      expect(k.label.startsWith(MINUS)).toBe(true);
      expect(k.label).not.toContain('-');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { chartScale, chartTicks, compactNumber, type Axis } from './chart-scales';

const LIN: Axis = { label: 'x' };
const LOG: Axis = { label: 'x', log: true };
const R: [number, number] = [40, 440];

describe('chartScale: domains', () => {
  it('linear: the niced extent of the finite values', () => {
    expect(chartScale([0.12, 0.5, 0.97], LIN, R).domain()).toEqual([0.1, 1]);
    expect(chartScale([-0.3, NaN, 1, Infinity, -Infinity], LIN, R).domain()).toEqual([-0.3, 1]);
  });

  it('log: the extent of the values > 0, niced to powers of ten', () => {
    expect(chartScale([3e-4, 0.02, 0.5], LOG, R).domain()).toEqual([1e-4, 1]);
    expect(chartScale([0, -5, NaN, Infinity, 2, 4000], LOG, R).domain()).toEqual([1, 1e4]);
  });

  it('falls back to [0, 1] (linear) and [1, 10] (log) when nothing can be drawn', () => {
    expect(chartScale([], LIN, R).domain()).toEqual([0, 1]);
    expect(chartScale([NaN, Infinity], LIN, R).domain()).toEqual([0, 1]);
    expect(chartScale([0, -1, NaN], LOG, R).domain()).toEqual([1, 10]);
  });

  it('widens all-equal values so that min < max, around the value', () => {
    const [a, b] = chartScale([5, 5, 5], LIN, R).domain();
    expect(a).toBeLessThan(5);
    expect(b).toBeGreaterThan(5);
    expect(chartScale([0, 0], LIN, R).domain()).toEqual([-1, 1]);
    const [c, d] = chartScale([0.03, 0.03], LOG, R).domain();
    expect(c).toBeLessThan(0.03);
    expect(d).toBeGreaterThan(0.03);
    expect(chartScale([5, 5], LOG, R).domain()).toEqual([1, 10]);
  });

  it('uses axis.domain as given, and maps onto the range', () => {
    const s = chartScale([-100, 100], { label: 'y', domain: [0, 1] }, [240, 20]);
    expect(s.domain()).toEqual([0, 1]);
    expect(s(0)).toBe(240);
    expect(s(1)).toBe(20);
    expect(chartScale([1, 2], { ...LOG, domain: [150, 900] }, R).domain()).toEqual([150, 900]);
    const l = chartScale([1e-3, 1], LOG, R);
    expect(l(1e-3)).toBeCloseTo(40);
    expect(l(1)).toBeCloseTo(440);
  });
});

describe('chartTicks', () => {
  const cases: Array<[string, number[], Axis]> = [
    ['linear', [0.12, 0.97], LIN],
    ['linear across 0', [-0.3, 1], LIN],
    ['linear, tiny', [0, 0.00042], LIN],
    ['linear, all equal', [5, 5], LIN],
    ['log, 4 decades', [3e-4, 0.5], LOG],
    ['log, 1 decade', [1, 10], LOG],
    ['log, 8 decades', [1e-8, 1], LOG],
    ['log, given domain', [], { ...LOG, domain: [150, 900] }],
  ];
  it.each(cases)('%s: 2..7 ticks inside the domain, positions from the scale, short labels', (_, values, axis) => {
    const s = chartScale(values, axis, R);
    const [lo, hi] = s.domain();
    const ticks = chartTicks(s, axis.log ?? false);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(7);
    for (const t of ticks) {
      expect(t.value).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(t.value).toBeLessThanOrEqual(hi + 1e-12);
      expect(t.position).toBe(s(t.value));
      expect(t.position).toBeGreaterThanOrEqual(R[0] - 1e-9);
      expect(t.position).toBeLessThanOrEqual(R[1] + 1e-9);
      expect(t.label.length).toBeLessThanOrEqual(6);
    }
    const values2 = ticks.map((t) => t.value);
    expect(values2).toEqual([...values2].sort((a, b) => a - b));
  });

  it('counts get whole-number ticks only', () => {
    const s = chartScale([0, 3], LIN, R);
    expect(chartTicks(s, false).some((t) => !Number.isInteger(t.value))).toBe(true);
    expect(chartTicks(s, false, 5, true).map((t) => t.value)).toEqual([0, 1, 2, 3]);
  });

  it('log over several decades: powers of ten, labelled compactly', () => {
    const s = chartScale([3e-4, 0.5], LOG, R);
    expect(chartTicks(s, true).map((t) => t.label)).toEqual(['1e-4', '1e-3', '0.01', '0.1', '1']);
    const wide = chartScale([1e-8, 1], LOG, R);
    expect(chartTicks(wide, true).map((t) => t.label)).toEqual(['1e-8', '1e-6', '1e-4', '0.01', '1']);
  });

  it('log over one or two decades: 1-2-5 or 1-3 steps, not every digit', () => {
    expect(chartTicks(chartScale([1, 10], LOG, R), true).map((t) => t.label)).toEqual(['1', '2', '5', '10']);
    expect(chartTicks(chartScale([10, 1000], LOG, R), true).map((t) => t.label)).toEqual([
      '10',
      '30',
      '100',
      '300',
      '1000',
    ]);
  });

  it('linear: round values without float noise', () => {
    const s = chartScale([0, 0.9], LIN, R);
    expect(chartTicks(s, false).map((t) => t.label)).toEqual(['0', '0.2', '0.4', '0.6', '0.8']);
  });
});

describe('compactNumber', () => {
  it('writes short labels', () => {
    expect(compactNumber(0)).toBe('0');
    expect(compactNumber(0.001)).toBe('1e-3');
    expect(compactNumber(0.00025)).toBe('2.5e-4');
    expect(compactNumber(0.01)).toBe('0.01');
    expect(compactNumber(0.30000000000000004)).toBe('0.3');
    expect(compactNumber(10)).toBe('10');
    expect(compactNumber(300)).toBe('300');
    expect(compactNumber(12345)).toBe('1.23e4');
    expect(compactNumber(-0.5)).toBe('-0.5');
    expect(compactNumber(0.123456)).toBe('0.123');
  });
});

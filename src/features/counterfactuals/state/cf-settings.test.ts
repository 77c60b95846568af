import { describe, expect, it } from 'vitest';
import { DEFAULT_CF, parseCf, writeCf } from './cf-settings';

describe('counterfactual URL contract', () => {
  it('defaults, nothing requested', () => {
    expect(parseCf('?image=1')).toEqual({ requested: false, settings: DEFAULT_CF });
  });
  it('reads a region swap and an optimisation and writes them back, keeping other parameters', () => {
    const search = '?image=1&cf=swap&cf_target=12&cf_grid=4&cf_cells=any&cf_distractor=7&cf_iters=20&cf_lr=0.05&cf_c=2&cf_kappa=1&cf_search=3';
    const { requested, settings } = parseCf(search);
    expect(requested).toBe(true);
    expect(settings).toEqual({
      kind: 'swap',
      target: 12,
      optimise: { c: 2, kappa: 1, learningRate: 0.05, iterations: 20, searchSteps: 3 },
      swap: { grid: 4, anyCell: true },
      distractor: 7,
    });
    expect(Object.fromEntries(new URLSearchParams(writeCf('?image=1', settings, true)))).toEqual(Object.fromEntries(new URLSearchParams(search)));
    expect(writeCf(search, DEFAULT_CF, false)).toBe('?image=1');
    expect(parseCf('?cf=optimise').settings.kind).toBe('optimise');
  });
  it('rejects invalid values', () => {
    const { requested, settings } = parseCf('?cf=gan&cf_target=1000&cf_grid=0&cf_iters=2.5&cf_lr=&cf_c=-1&cf_cells=all&cf_distractor=x');
    expect(requested).toBe(false);
    expect(settings).toEqual(DEFAULT_CF);
  });
});

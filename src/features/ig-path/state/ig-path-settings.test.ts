import { describe, expect, it } from 'vitest';
import { DEFAULT_IG_PATH, parseIgPath, writeIgPath } from './ig-path-settings';

describe('IG path URL contract', () => {
  it('defaults are Integrated Gradients\u2019 (black, 50 Gauss–Legendre steps); nothing requested', () => {
    expect(parseIgPath('?image=1')).toEqual({ requested: false, settings: DEFAULT_IG_PATH });
    expect(DEFAULT_IG_PATH).toMatchObject({ baseline: 'black', steps: 50, method: 'gausslegendre' });
  });
  it('reads every key and writes it back, keeping other parameters', () => {
    const search = '?image=1&ig_path=1&ig_path_baseline=zero&ig_path_steps=8&ig_path_method=riemann_left&ig_path_alpha=0.25&ig_path_scale=alpha';
    const { requested, settings } = parseIgPath(search);
    expect(requested).toBe(true);
    expect(settings).toEqual({ baseline: 'zero', steps: 8, method: 'riemann_left', alpha: 0.25, scale: 'alpha' });
    expect(Object.fromEntries(new URLSearchParams(writeIgPath('?image=1', settings, true)))).toEqual({
      image: '1', ig_path: '1', ig_path_baseline: 'zero', ig_path_steps: '8', ig_path_method: 'riemann_left', ig_path_alpha: '0.25', ig_path_scale: 'alpha',
    });
    expect(writeIgPath(search, DEFAULT_IG_PATH, false)).toBe('?image=1');
  });
  it('rejects invalid values and raises steps to the rule\u2019s least', () => {
    expect(parseIgPath('?ig_path=yes&ig_path_baseline=red&ig_path_steps=2.5&ig_path_method=simpson&ig_path_alpha=2&ig_path_scale=x')).toEqual({ requested: false, settings: DEFAULT_IG_PATH });
    expect(parseIgPath('?ig_path_steps=1&ig_path_method=trapezoid').settings.steps).toBe(2);
    expect(parseIgPath('?ig_path_steps=1').settings.steps).toBe(1); // Gauss–Legendre takes 1
    expect(parseIgPath('?ig_path_steps=201').settings.steps).toBe(50); // beyond the explorer's cap
  });
});

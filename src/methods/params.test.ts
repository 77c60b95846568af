import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, parseParams, writeParams } from './params';

describe('attribution URL parameters', () => {
  it('round-trips every parameter', () => {
    const search = '?method=ig&target=281&baseline=blur&steps=20&ig_method=riemann_middle&samples=9&stdevs=0.5&nt=vargrad&nt_samples=3&seed=42&dist=noise&window=16&stride=8&batch=4';
    const { params, requested } = parseParams(search);
    expect(requested).toBe(true);
    expect(params).toMatchObject({ method: 'ig', target: 281, baseline: 'blur', steps: 20, igMethod: 'riemann_middle', samples: 9, stdevs: 0.5, nt: 'vargrad', ntSamples: 3, seed: 42, dist: 'noise', window: 16, stride: 8, batch: 4 });
    expect(parseParams(writeParams('', params)).params).toEqual(params);
  });
  it('gives NoiseTunnel its own noise (nt_stdevs), and old links that set only stdevs keep their meaning', () => {
    const both = parseParams('?method=gradshap&stdevs=0.5&nt=smoothgrad&nt_stdevs=0.2').params;
    expect([both.stdevs, both.ntStdevs]).toEqual([0.5, 0.2]);
    // Before nt_stdevs, one stdevs drove GradientShap's noise and NoiseTunnel's.
    const old = parseParams('?method=gradshap&stdevs=0.5&nt=smoothgrad').params;
    expect([old.stdevs, old.ntStdevs]).toEqual([0.5, 0.5]);
    // GradientShap noise with NoiseTunnel on auto (0) must survive a round trip through the URL.
    const auto = { ...DEFAULT_PARAMS, method: 'gradshap' as const, stdevs: 0.5, nt: 'smoothgrad' as const, ntStdevs: 0 };
    expect(writeParams('', auto)).toContain('nt_stdevs=0');
    expect(parseParams(writeParams('', auto)).params).toEqual(auto);
    expect(writeParams('', { ...auto, nt: 'none' })).not.toContain('nt_stdevs');
  });
  it('steps: at least 2 for every Riemann rule (Captum asserts n > 1), 1 allowed for Gauss-Legendre', () => {
    expect(parseParams('?method=ig&steps=1&ig_method=riemann_left').params.steps).toBe(2);
    expect(parseParams('?method=ig&steps=1&ig_method=riemann_trapezoid').params.steps).toBe(2);
    expect(parseParams('?method=ig&steps=1&ig_method=trapezoid').params.steps).toBe(2);
    expect(parseParams('?method=ig&steps=1').params.steps).toBe(1);
  });
  it('falls back to defaults on nonsense and keeps foreign parameters', () => {
    const { params, requested } = parseParams('?method=magic&steps=-3&stdevs=abc&target=1000&model=resnet50');
    expect(requested).toBe(false);
    expect(params).toEqual(DEFAULT_PARAMS);
    expect(writeParams('?model=resnet50&image=1', DEFAULT_PARAMS)).toBe('?model=resnet50&image=1&method=saliency');
  });
});

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
  it('falls back to defaults on nonsense and keeps foreign parameters', () => {
    const { params, requested } = parseParams('?method=magic&steps=-3&stdevs=abc&target=1000&model=resnet50');
    expect(requested).toBe(false);
    expect(params).toEqual(DEFAULT_PARAMS);
    expect(writeParams('?model=resnet50&image=1', DEFAULT_PARAMS)).toBe('?model=resnet50&image=1&method=saliency');
  });
});

import { describe, expect, it } from 'vitest';
import { parseUrlState, writeUrlState } from './url';

describe('URL state', () => {
  it('reads model, image and backend', () => {
    expect(parseUrlState('?model=resnet50&image=1&backend=webgl')).toEqual({ model: 'resnet50', image: 1, backend: 'webgl' });
    expect(parseUrlState('?backend=wasm').backend).toBe('wasm');
  });
  it('falls back to defaults on unknown or malformed values', () => {
    expect(parseUrlState('?model=vgg&image=abc&backend=tpu')).toEqual({ model: 'mobilenet_v1_0.75_224', image: null, backend: undefined });
    expect(parseUrlState('?image=1000').image).toBeNull();
    expect(parseUrlState('?image=-1').image).toBeNull();
  });
  it('reads threads=N for wasm, 1 to 16, and ignores anything else', () => {
    expect(parseUrlState('?backend=wasm&threads=2').threads).toBe(2);
    for (const bad of ['0', '17', '1.5', 'two', '']) expect(parseUrlState(`?threads=${bad}`), bad).not.toHaveProperty('threads');
  });
  it('writes changes and keeps parameters it does not own', () => {
    expect(writeUrlState('?method=ig&image=3', { model: 'resnet50', image: 7 })).toBe('?method=ig&image=7&model=resnet50');
    expect(writeUrlState('?image=3&model=resnet50', { image: null })).toBe('?model=resnet50');
    expect(writeUrlState('?image=3', { image: null })).toBe('');
  });
  it('never reads an uploaded model from a link, and never writes one into it', () => {
    expect(parseUrlState('?model=uploaded:waste&image=954').model).toBe('mobilenet_v1_0.75_224');
    expect(parseUrlState('?model=uploaded%3Awaste').model).toBe('mobilenet_v1_0.75_224');
    expect(writeUrlState('?model=resnet50&image=3&method=ig', { model: 'uploaded:waste' })).toBe('?image=3&method=ig');
    expect(writeUrlState('?image=3', { model: 'uploaded:waste', image: 954 })).toBe('?image=954');
    expect(writeUrlState('?image=3', { model: 'resnet50' })).toBe('?image=3&model=resnet50');
  });
});

import { describe, expect, it } from 'vitest';
import { CAFFE_MEAN_BGR } from '../../shared/image/pixels';
import { gaussianBlur, makeBaseline, makeDistribution } from './baselines';
import { createRng } from '../../shared/rng';

const size = 8;
const image = Float32Array.from({ length: size * size * 3 }, (_, i) => (i * 37) % 256);

describe('baselines', () => {
  it('black is -1 for MobileNet and minus the mean (BGR) for ResNet-50; zero is zero in model space', () => {
    const rng = createRng(1);
    expect(makeBaseline('black', image, size, 'mobilenet', rng).every((v) => v === -1)).toBe(true);
    const caffe = makeBaseline('black', image, size, 'caffe', rng);
    expect(caffe[0]).toBeCloseTo(-CAFFE_MEAN_BGR[0], 4);
    expect(caffe[2]).toBeCloseTo(-CAFFE_MEAN_BGR[2], 4);
    expect(makeBaseline('zero', image, size, 'caffe', rng).every((v) => v === 0)).toBe(true);
    expect(makeBaseline('white', image, size, 'mobilenet', rng).every((v) => v === 1)).toBe(true);
    expect(makeBaseline('gray', image, size, 'mobilenet', rng).every((v) => v === 0)).toBe(true);
  });
  it('noise baselines are seeded and in range', () => {
    const a = makeBaseline('uniform', image, size, 'mobilenet', createRng(7));
    const b = makeBaseline('uniform', image, size, 'mobilenet', createRng(7));
    const c = makeBaseline('uniform', image, size, 'mobilenet', createRng(8));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a)).toBeLessThanOrEqual(1);
    const g = makeBaseline('gaussian', image, size, 'mobilenet', createRng(1));
    expect(Math.max(...g)).toBeLessThanOrEqual(1);
  });
  it('blur keeps a constant image and the mean of any image (approximately)', () => {
    const flat = new Float32Array(size * size * 3).fill(100);
    expect(gaussianBlur(flat, size, 2).every((v) => Math.abs(v - 100) < 1e-3)).toBe(true);
    const blurred = gaussianBlur(image, size, 1);
    const spread = (xs: Float32Array) => Math.max(...xs) - Math.min(...xs);
    expect(spread(blurred)).toBeLessThan(spread(image));
  });
  it('distributions hold the documented members', () => {
    const rng = createRng(1);
    const d = makeDistribution('black_image', image, size, 'mobilenet', rng);
    expect(d).toHaveLength(2);
    expect(d[1][3]).toBeCloseTo(image[3] / 127.5 - 1, 6);
    expect(makeDistribution('noise', image, size, 'mobilenet', rng)).toHaveLength(4);
  });
});

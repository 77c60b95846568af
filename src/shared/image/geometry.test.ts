import { describe, expect, it } from 'vitest';
import { centreCropRect } from './geometry';

describe('centreCropRect (Resize(256) then CenterCrop(224))', () => {
  it('landscape 500x375: hand-computed source square', () => {
    // scale = 256/375; resized 341.33x256; left = round(58.67) = 59 -> 59/scale; top = 16/scale.
    const r = centreCropRect(500, 375);
    const scale = 256 / 375;
    expect(r.size).toBeCloseTo(224 / scale, 10);
    expect(r.sx).toBeCloseTo(59 / scale, 10);
    expect(r.sy).toBeCloseTo(16 / scale, 10);
  });
  it('portrait is the transpose of landscape', () => {
    const a = centreCropRect(375, 500);
    const b = centreCropRect(500, 375);
    expect(a).toEqual({ sx: b.sy, sy: b.sx, size: b.size });
  });
  it('a 256x256 image keeps the central 224x224 pixels', () => {
    expect(centreCropRect(256, 256)).toEqual({ sx: 16, sy: 16, size: 224 });
  });
  it('stays inside the image, even for tiny images', () => {
    for (const [w, h] of [[1, 1], [75, 56], [2400, 1600], [68, 121]]) {
      const r = centreCropRect(w, h);
      expect(r.sx).toBeGreaterThanOrEqual(0);
      expect(r.sy).toBeGreaterThanOrEqual(0);
      expect(r.sx + r.size).toBeLessThanOrEqual(w + 1e-9);
      expect(r.sy + r.size).toBeLessThanOrEqual(h + 1e-9);
    }
  });
  it('rejects an image without pixels', () => {
    expect(() => centreCropRect(0, 10)).toThrow(/no pixels/);
  });
});

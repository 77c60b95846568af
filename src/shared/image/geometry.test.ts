import { describe, expect, it } from 'vitest';
import { centreCropRect, inputCropRect, shortSideCropRect } from './geometry';

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

describe("shortSideCropRect (Teachable Machine's cropTo)", () => {
  it('640x480 webcam frame: short side to 224, 37 columns cut on the left (floor of 75/2)', () => {
    // scale = 224/480; scaled 298.67 -> 299 x 224; drawn at x = -37.
    const r = shortSideCropRect(640, 480);
    expect(r.sx).toBeCloseTo((37 * 640) / 299, 10);
    expect(r.sw).toBeCloseTo((224 * 640) / 299, 10);
    expect(r).toMatchObject({ sy: 0, sh: 480 });
  });
  it("keeps the library's float rounding: 375 x (224 / 375) = 224.00000000000003 rounds up to 225", () => {
    const r = shortSideCropRect(500, 375);
    // scaled 299 x 225: drawn at (-37, -0), so the vertical scale is 225/375 and the source is 373.3 rows high.
    expect(r.sx).toBeCloseTo((37 * 500) / 299, 10);
    expect(r.sw).toBeCloseTo((224 * 500) / 299, 10);
    expect(r.sy).toBe(0);
    expect(r.sh).toBeCloseTo((224 * 375) / 225, 10);
  });
  it('a square image is drawn whole; portrait is the transpose of landscape', () => {
    expect(shortSideCropRect(1000, 1000)).toEqual({ sx: 0, sy: 0, sw: 1000, sh: 1000 });
    const a = shortSideCropRect(480, 640);
    const b = shortSideCropRect(640, 480);
    expect(a).toEqual({ sx: b.sy, sy: b.sx, sw: b.sh, sh: b.sw });
  });
  it('other input sizes, and it stays inside the image', () => {
    const r = shortSideCropRect(300, 200, 96); // scale 0.48: 144 x 96, left 24
    expect(r.sx).toBeCloseTo(24 * (300 / 144), 10);
    expect(r.sw).toBeCloseTo(96 * (300 / 144), 10);
    for (const [w, h] of [[1, 1], [75, 56], [2400, 1600], [68, 121], [3, 7], [4032, 3024]]) {
      const s = shortSideCropRect(w, h);
      expect(s.sx).toBeGreaterThanOrEqual(0);
      expect(s.sy).toBeGreaterThanOrEqual(0);
      expect(s.sx + s.sw).toBeLessThanOrEqual(w + 1e-9);
      expect(s.sy + s.sh).toBeLessThanOrEqual(h + 1e-9);
    }
    expect(() => shortSideCropRect(0, 10)).toThrow(/no pixels/);
  });
});

describe('inputCropRect (by ModelSpec.crop)', () => {
  it("'resize256-center224' (the default) is centreCropRect; 'short-side-center' is Teachable Machine's", () => {
    const c = centreCropRect(500, 375, 256, 224);
    expect(inputCropRect(500, 375, 224)).toEqual({ sx: c.sx, sy: c.sy, sw: c.size, sh: c.size });
    expect(inputCropRect(500, 375, 224, 'resize256-center224')).toEqual(inputCropRect(500, 375, 224));
    expect(inputCropRect(500, 375, 224, 'short-side-center')).toEqual(shortSideCropRect(500, 375, 224));
  });
});

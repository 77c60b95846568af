import { describe, expect, it } from 'vitest';
import { centreCropRect, cropDraw, teachableCropDraw } from './geometry';

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

describe('cropDraw', () => {
  it('imagenet style is centreCropRect drawn onto the whole canvas', () => {
    const r = centreCropRect(500, 375);
    expect(cropDraw(500, 375, 224, 'imagenet')).toEqual({ sx: r.sx, sy: r.sy, sw: r.size, sh: r.size, dx: 0, dy: 0, dw: 224, dh: 224 });
  });
  it("teachable style is Teachable Machine's cropTo: short side to size, sides rounded up, offset truncated", () => {
    // 500x375 -> scale 224/375; 298.67 -> 299 wide; 375 * (224/375) is 224.00000000000003 in float64,
    // so 225 high (as in the browser); overflows 75 and 1 -> shifted left by 37, up by 0.
    expect(cropDraw(500, 375, 224, 'teachable')).toEqual({ sx: 0, sy: 0, sw: 500, sh: 375, dx: -37, dy: 0, dw: 299, dh: 225 });
    // 448x300 -> 334.51 -> 335 wide, 224 high; overflow 111 -> shifted left by trunc(55.5) = 55.
    expect(teachableCropDraw(448, 300, 224)).toEqual({ sx: 0, sy: 0, sw: 448, sh: 300, dx: -55, dy: 0, dw: 335, dh: 224 });
    // Portrait is the transpose.
    expect(teachableCropDraw(300, 448, 224)).toEqual({ sx: 0, sy: 0, sw: 300, sh: 448, dx: 0, dy: -55, dw: 224, dh: 335 });
    // A photo twice the size is only scaled.
    expect(teachableCropDraw(448, 448, 224)).toEqual({ sx: 0, sy: 0, sw: 448, sh: 448, dx: 0, dy: 0, dw: 224, dh: 224 });
  });
  it('teachable style always covers the canvas: the drawn photo contains [0, size]²', () => {
    for (const [w, h] of [[1, 1], [75, 56], [2400, 1600], [68, 121], [3, 1000]]) {
      const d = teachableCropDraw(w, h, 224);
      expect(d.dx).toBeLessThanOrEqual(0);
      expect(d.dy).toBeLessThanOrEqual(0);
      expect(d.dx + d.dw).toBeGreaterThanOrEqual(224);
      expect(d.dy + d.dh).toBeGreaterThanOrEqual(224);
      expect(Math.min(d.dw, d.dh)).toBeGreaterThanOrEqual(224);
      expect(Math.min(d.dw, d.dh)).toBeLessThanOrEqual(225);
    }
  });
});

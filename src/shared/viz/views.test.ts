import { describe, expect, it } from 'vitest';
import { LUT_SIZE, lut } from './colormap';
import { VIEWS, VIEW_IDS, grayStretched, paintMap, renderView, type ViewStyle } from './views';

const f32 = (xs: number[]) => Float32Array.from(xs);
/** RGBA pixels from RGB triples (alpha 255 unless given). */
const rgbaOf = (pixels: number[][]) => Uint8ClampedArray.from(pixels.flatMap(([r, g, b, a = 255]) => [r, g, b, a]));
const px = (a: Uint8ClampedArray, i: number) => Array.from(a.slice(i * 4, i * 4 + 4));
const style = (s: Partial<ViewStyle>): ViewStyle => ({ view: 'heat_map', signed: true, cmap: 'bwr', alpha: 0.5, ...s });

describe('paintMap', () => {
  it('signed bwr: -1 blue, 0 exactly white, +1 red, opaque', () => {
    const out = paintMap(f32([-1, 0, 1]), true, 'bwr');
    expect(out.length).toBe(12);
    expect(px(out, 0)).toEqual([0, 0, 255, 255]);
    expect(px(out, 1)).toEqual([255, 255, 255, 255]);
    expect(px(out, 2)).toEqual([255, 0, 0, 255]);
  });
  it('signed bwr halfway: +0.5 -> t = 0.75 (255, 128, 128); -0.5 -> t = 0.25 (128, 128, 255)', () => {
    // LUT index round(0.75 * 256) = 192 -> t = 0.75, s = 0.5: 255 + (0 - 255) * 0.5 = 127.5 -> 128
    const out = paintMap(f32([0.5, -0.5]), true, 'bwr');
    expect(px(out, 0)).toEqual([255, 128, 128, 255]);
    expect(px(out, 1)).toEqual([128, 128, 255, 255]);
  });
  it('signed values outside [-1, 1] clamp to the ends', () => {
    const out = paintMap(f32([-3, 7]), true, 'bwr');
    expect(px(out, 0)).toEqual([0, 0, 255, 255]);
    expect(px(out, 1)).toEqual([255, 0, 0, 255]);
  });
  it('unsigned hot: 0 black, 0.5 (255, 85, 0), 1 white; negatives clamp to 0', () => {
    // hot(0.5): r = min(1, 0.5 / 0.375) = 1, g = (0.5 - 0.375) / 0.375 = 1/3 -> 85, b = 0
    const out = paintMap(f32([0, 0.5, 1, -0.2, 1.5]), false, 'hot');
    expect(px(out, 0)).toEqual([0, 0, 0, 255]);
    expect(px(out, 1)).toEqual([255, 85, 0, 255]);
    expect(px(out, 2)).toEqual([255, 255, 255, 255]);
    expect(px(out, 3)).toEqual([0, 0, 0, 255]);
    expect(px(out, 4)).toEqual([255, 255, 255, 255]);
  });
  it('unsigned 0 is the first LUT entry, signed 0 the middle one', () => {
    const table = lut('viridis');
    const mid = ((LUT_SIZE - 1) / 2) * 3;
    expect(px(paintMap(f32([0]), false, 'viridis'), 0)).toEqual([table[0], table[1], table[2], 255]);
    expect(px(paintMap(f32([0]), true, 'viridis'), 0)).toEqual([table[mid], table[mid + 1], table[mid + 2], 255]);
  });
});

describe('grayStretched', () => {
  it('two pixels: mean RGB stretched to 0 and 255', () => {
    // means 20 and 110 -> (20 - 20) / 90 * 255 = 0, (110 - 20) / 90 * 255 = 255
    const g = grayStretched(rgbaOf([[10, 20, 30], [100, 110, 120]]));
    expect(Array.from(g)).toEqual([0, 255]);
  });
  it('a middle pixel lands proportionally; alpha is ignored', () => {
    // means 20, 110, 65 -> 0, 255, 45 / 90 * 255 = 127.5
    const g = grayStretched(rgbaOf([[10, 20, 30, 0], [100, 110, 120, 7], [55, 65, 75, 255]]));
    expect(Array.from(g)).toEqual([0, 255, 127.5]);
  });
  it('the stretch uses the image’s own range (a dark, low-contrast image still spans 0..255)', () => {
    // means 3 and 5 and 4 -> 0, 255, 127.5
    const g = grayStretched(rgbaOf([[3, 3, 3], [5, 5, 5], [4, 4, 4]]));
    expect(Array.from(g)).toEqual([0, 255, 127.5]);
  });
  it('a constant image is left at its mean (no division by zero)', () => {
    const g = grayStretched(rgbaOf([[30, 60, 90], [30, 60, 90]]));
    expect(Array.from(g)).toEqual([60, 60]);
  });
});

describe('renderView', () => {
  const img2 = rgbaOf([[10, 20, 30], [100, 110, 120]]); // gray stretched: 0, 255

  it('heat_map is paintMap', () => {
    const scaled = f32([-1, 0, 1]);
    const out = renderView(scaled, rgbaOf([[1, 2, 3], [4, 5, 6], [7, 8, 9]]), style({ view: 'heat_map' }));
    expect(Array.from(out)).toEqual(Array.from(paintMap(scaled, true, 'bwr')));
    expect(px(out, 1)).toEqual([255, 255, 255, 255]);
  });

  it('blended_heat_map = (1 - alpha) * gray + alpha * heat, per channel (hand-computed)', () => {
    // pixel 0: scaled 0 -> white heat, gray 0:   0.75 * 0 + 0.25 * 255 = 63.75 -> 64
    // pixel 1: scaled 1 -> red heat, gray 255:   R 255; G, B 0.75 * 255 + 0.25 * 0 = 191.25 -> 191
    const out = renderView(f32([0, 1]), img2, style({ view: 'blended_heat_map', alpha: 0.25 }));
    expect(px(out, 0)).toEqual([64, 64, 64, 255]);
    expect(px(out, 1)).toEqual([255, 191, 191, 255]);
  });
  it('blended_heat_map: alpha 0 is the stretched gray image, alpha 1 the heat map', () => {
    const scaled = f32([-1, 1]);
    const gray = renderView(scaled, img2, style({ view: 'blended_heat_map', alpha: 0 }));
    expect(px(gray, 0)).toEqual([0, 0, 0, 255]);
    expect(px(gray, 1)).toEqual([255, 255, 255, 255]);
    const heat = renderView(scaled, img2, style({ view: 'blended_heat_map', alpha: 1 }));
    expect(Array.from(heat)).toEqual(Array.from(paintMap(scaled, true, 'bwr')));
  });
  it('blended_heat_map with an unsigned map and hot', () => {
    // pixel 0: 0 -> black heat, gray 0: 0; pixel 1: 0.5 -> (255, 85, 0), gray 255:
    // 0.6 * 255 + 0.4 * (255, 85, 0) = (255, 187, 153)
    const out = renderView(f32([0, 0.5]), img2, style({ view: 'blended_heat_map', signed: false, cmap: 'hot', alpha: 0.4 }));
    expect(px(out, 0)).toEqual([0, 0, 0, 255]);
    expect(px(out, 1)).toEqual([255, 187, 153, 255]);
  });

  it('masked_image = rgb * scaled, opaque', () => {
    const img = rgbaOf([[200, 100, 40, 0], [200, 100, 40, 10], [200, 100, 40, 255], [200, 100, 40]]);
    const out = renderView(f32([0, 0.25, 1, 0.5]), img, style({ view: 'masked_image', signed: false }));
    expect(px(out, 0)).toEqual([0, 0, 0, 255]);
    expect(px(out, 1)).toEqual([50, 25, 10, 255]);
    expect(px(out, 2)).toEqual([200, 100, 40, 255]);
    expect(px(out, 3)).toEqual([100, 50, 20, 255]);
  });

  it('alpha_scaling = rgb * a + 255 * (1 - a), opaque (over white)', () => {
    // a = 0.25: (100, 0, 200) -> 25 + 191.25, 0 + 191.25, 50 + 191.25 = (216, 191, 241)
    const img = rgbaOf([[100, 0, 200, 0], [100, 0, 200], [100, 0, 200]]);
    const out = renderView(f32([0, 0.25, 1]), img, style({ view: 'alpha_scaling', signed: false }));
    expect(px(out, 0)).toEqual([255, 255, 255, 255]);
    expect(px(out, 1)).toEqual([216, 191, 241, 255]);
    expect(px(out, 2)).toEqual([100, 0, 200, 255]);
  });

  it('masked_image and alpha_scaling ignore the colormap', () => {
    const img = rgbaOf([[100, 0, 200], [10, 20, 30]]);
    for (const view of ['masked_image', 'alpha_scaling'] as const) {
      const a = renderView(f32([0.3, 0.7]), img, style({ view, signed: false, cmap: 'hot' }));
      const b = renderView(f32([0.3, 0.7]), img, style({ view, signed: false, cmap: 'viridis' }));
      expect(Array.from(a)).toEqual(Array.from(b));
    }
  });

  it('masked_image and alpha_scaling refuse signed maps (sign "all")', () => {
    const img = rgbaOf([[1, 2, 3]]);
    expect(() => renderView(f32([0.5]), img, style({ view: 'masked_image', signed: true }))).toThrow(/single sign/);
    expect(() => renderView(f32([0.5]), img, style({ view: 'alpha_scaling', signed: true }))).toThrow(/single sign/);
    expect(() => renderView(f32([0.5]), img, style({ view: 'heat_map', signed: true }))).not.toThrow();
    expect(() => renderView(f32([0.5]), img, style({ view: 'blended_heat_map', signed: true }))).not.toThrow();
  });

  it('throws when the image and the map have different pixel counts, for every view', () => {
    for (const view of VIEW_IDS) {
      expect(() => renderView(f32([0.5, 0.5, 0.5]), rgbaOf([[1, 2, 3], [4, 5, 6]]), style({ view, signed: false }))).toThrow(
        'Image has 2 pixels, the map 3.',
      );
      expect(() => renderView(f32([0.5]), rgbaOf([[1, 2, 3], [4, 5, 6]]), style({ view, signed: false }))).toThrow(/pixels/);
    }
  });

  it('VIEWS: only masked_image and alpha_scaling need one sign', () => {
    expect(VIEW_IDS.filter((v) => VIEWS[v].needsOneSign)).toEqual(['masked_image', 'alpha_scaling']);
  });
});

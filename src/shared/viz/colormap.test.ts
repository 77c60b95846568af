import { describe, expect, it } from 'vitest';
import { COLORMAPS, COLORMAP_IDS, LUT_SIZE, colormapFor, cssColor, isColormapId, lut, lutColor, type ColormapId } from './colormap';
import { SIGNS } from './normalize';
import { paintMap } from './views';

describe('colormaps', () => {
  it('bwr: zero is white-ish, +1 red, -1 blue', () => {
    const px = paintMap(Float32Array.from([-1, 0, 1]), true, 'bwr');
    const [br, , bb] = px.slice(0, 3);
    const [wr, wg, wb] = px.slice(4, 7);
    const [rr, , rb] = px.slice(8, 11);
    expect(bb).toBeGreaterThan(br); // blue for negative
    expect(rr).toBeGreaterThan(rb); // red for positive
    expect([wr, wg, wb]).toEqual([255, 255, 255]); // exactly neutral at zero
    const rdbu = paintMap(Float32Array.from([0]), true, 'rdbu');
    expect(Math.min(rdbu[0], rdbu[1], rdbu[2])).toBeGreaterThan(230); // d3's RdBu centre is near-white
  });
  it('hot starts black and ends white', () => {
    const t = lut('hot');
    expect(Array.from(t.slice(0, 3))).toEqual([0, 0, 0]);
    expect(Array.from(t.slice(-3))).toEqual([255, 255, 255]);
  });
});

const entry = (id: ColormapId, i: number) => Array.from(lut(id).slice(i * 3, i * 3 + 3));
const MID = (LUT_SIZE - 1) / 2;
const DIVERGING = COLORMAP_IDS.filter((id) => COLORMAPS[id].kind === 'diverging');
const SEQUENTIAL = COLORMAP_IDS.filter((id) => COLORMAPS[id].kind === 'sequential');

describe('colormap tables', () => {
  it('LUT_SIZE is odd so t = 0.5 has an exact entry', () => {
    expect(LUT_SIZE % 2).toBe(1);
    expect(MID).toBe(128);
  });
  it('every colormap builds a LUT of LUT_SIZE * 3 bytes, memoised', () => {
    expect(COLORMAP_IDS.length).toBe(12);
    for (const id of COLORMAP_IDS) {
      const t = lut(id);
      expect(t).toBeInstanceOf(Uint8Array);
      expect(t.length).toBe(LUT_SIZE * 3);
      expect(lut(id)).toBe(t);
    }
  });
  it('the families: four diverging maps, the rest sequential', () => {
    expect(DIVERGING).toEqual(['bwr', 'rdbu', 'puor', 'rdwhgn']);
    expect(SEQUENTIAL).toEqual(['hot', 'inferno', 'magma', 'viridis', 'cividis', 'greens', 'reds', 'blues']);
  });
  it('no two colormaps have the same table', () => {
    const keys = COLORMAP_IDS.map((id) => Array.from(lut(id)).join(','));
    expect(new Set(keys).size).toBe(COLORMAP_IDS.length);
  });
});

describe('diverging colormaps: neutral middle, sides', () => {
  it('bwr and rdwhgn are exactly white in the middle', () => {
    expect(entry('bwr', MID)).toEqual([255, 255, 255]);
    expect(entry('rdwhgn', MID)).toEqual([255, 255, 255]);
  });
  it('every diverging map is near-neutral in the middle (min channel > 220, channels within 15)', () => {
    for (const id of DIVERGING) {
      const c = entry(id, MID);
      expect(Math.min(...c), id).toBeGreaterThan(220);
      expect(Math.max(...c) - Math.min(...c), id).toBeLessThan(15);
    }
  });
  it('the middle is (within rounding of d3’s spline) the lightest entry of each diverging map', () => {
    for (const id of DIVERGING) {
      const sum = (i: number) => entry(id, i).reduce((a, b) => a + b, 0);
      // d3's PuOr spline peaks a few entries off-centre by 1/765; the ends are far darker.
      for (let i = 0; i < LUT_SIZE; i++) expect(sum(i), `${id} ${i}`).toBeLessThanOrEqual(sum(MID) + 3);
      expect(sum(0), id).toBeLessThan(sum(MID) - 300);
      expect(sum(LUT_SIZE - 1), id).toBeLessThan(sum(MID) - 300);
    }
  });
  it('bwr: blue (0, 0, 255) at -1, red (255, 0, 0) at +1, mirror image about the middle', () => {
    expect(entry('bwr', 0)).toEqual([0, 0, 255]);
    expect(entry('bwr', LUT_SIZE - 1)).toEqual([255, 0, 0]);
    for (let i = 0; i < LUT_SIZE; i++) {
      const [r, g, b] = entry('bwr', i);
      expect(entry('bwr', LUT_SIZE - 1 - i)).toEqual([b, g, r]);
    }
  });
  it('rdbu: positive (t = 1) red, negative (t = 0) blue — reversed from d3 so warm = raises the score', () => {
    const [pr, , pb] = entry('rdbu', LUT_SIZE - 1);
    const [nr, , nb] = entry('rdbu', 0);
    expect(pr).toBeGreaterThan(pb + 50);
    expect(nb).toBeGreaterThan(nr + 50);
    // a quarter of the way in from each end too
    const [qr, , qb] = entry('rdbu', 192);
    expect(qr).toBeGreaterThan(qb);
    const [lr, , lb] = entry('rdbu', 64);
    expect(lb).toBeGreaterThan(lr);
  });
  it('puor: purple at negative (t = 0), orange at positive (t = 1)', () => {
    const [nr, ng, nb] = entry('puor', 0);
    expect(nb).toBeGreaterThan(ng); // purple: blue and red over green
    expect(nr).toBeGreaterThan(ng);
    expect(nb).toBeGreaterThan(nr);
    const [pr, pg, pb] = entry('puor', LUT_SIZE - 1);
    expect(pr).toBeGreaterThan(pg); // orange/brown: red > green > blue
    expect(pg).toBeGreaterThan(pb);
    const [qr, qg, qb] = entry('puor', 192);
    expect(qr).toBeGreaterThan(qg);
    expect(qg).toBeGreaterThan(qb);
  });
  it('rdwhgn (Captum): red (255, 0, 0) at negative, matplotlib green (0, 128, 0) at positive', () => {
    expect(entry('rdwhgn', 0)).toEqual([255, 0, 0]);
    expect(entry('rdwhgn', LUT_SIZE - 1)).toEqual([0, 128, 0]);
    // halfway to each end: 255 + (e - 255) * 0.5
    expect(entry('rdwhgn', 64)).toEqual([255, 128, 128]);
    expect(entry('rdwhgn', 192)).toEqual([128, 192, 128]);
  });
  it('bwr halfway entries: (128, 128, 255) and (255, 128, 128)', () => {
    expect(entry('bwr', 64)).toEqual([128, 128, 255]);
    expect(entry('bwr', 192)).toEqual([255, 128, 128]);
  });
});

describe('sequential colormaps', () => {
  it('hot: red ramp first, then yellow, then white (matplotlib breakpoints 0.375 and 0.75)', () => {
    // index 96 -> t = 0.375: (255, 0, 0); index 192 -> t = 0.75: (255, 255, 0)
    expect(entry('hot', 96)).toEqual([255, 0, 0]);
    expect(entry('hot', 192)).toEqual([255, 255, 0]);
    // index 48 -> t = 0.1875: r = 0.5 -> 128 (127.5 rounded)
    expect(entry('hot', 48)).toEqual([128, 0, 0]);
  });
  it('Captum’s greens / reds / blues end in their colour', () => {
    const [gr, gg, gb] = entry('greens', LUT_SIZE - 1);
    expect(gg).toBeGreaterThan(gr);
    expect(gg).toBeGreaterThan(gb);
    const [rr, rg, rb] = entry('reds', LUT_SIZE - 1);
    expect(rr).toBeGreaterThan(rg);
    expect(rr).toBeGreaterThan(rb);
    const [br, bg, bb] = entry('blues', LUT_SIZE - 1);
    expect(bb).toBeGreaterThan(br);
    expect(bb).toBeGreaterThan(bg);
  });
  it('viridis starts dark purple and ends yellow', () => {
    const [r0, g0, b0] = entry('viridis', 0);
    expect(b0).toBeGreaterThan(g0);
    expect(r0 + g0 + b0).toBeLessThan(200);
    const [r1, g1, b1] = entry('viridis', LUT_SIZE - 1);
    expect(r1).toBeGreaterThan(200);
    expect(g1).toBeGreaterThan(200);
    expect(b1).toBeLessThan(100);
  });
});

describe('colormapFor', () => {
  it('defaults: bwr for sign all, hot for the magnitudes', () => {
    expect(colormapFor('all', null)).toBe('bwr');
    expect(colormapFor('positive', null)).toBe('hot');
    expect(colormapFor('negative', null)).toBe('hot');
    expect(colormapFor('absolute_value', null)).toBe('hot');
  });
  it('keeps a choice of the right family, else falls back to the default', () => {
    for (const sign of SIGNS) {
      for (const id of COLORMAP_IDS) {
        const want = sign === 'all' ? 'diverging' : 'sequential';
        const got = colormapFor(sign, id);
        expect(COLORMAPS[got].kind).toBe(want);
        expect(got).toBe(COLORMAPS[id].kind === want ? id : sign === 'all' ? 'bwr' : 'hot');
      }
    }
  });
});

describe('isColormapId / lutColor / cssColor', () => {
  it('isColormapId accepts exactly the ids', () => {
    for (const id of COLORMAP_IDS) expect(isColormapId(id)).toBe(true);
    for (const v of [null, '', 'jet', 'BWR', 'bwr ', 'toString']) expect(isColormapId(v)).toBe(false);
  });
  it('lutColor picks the nearest entry and clamps', () => {
    expect(lutColor('bwr', 0.5)).toEqual([255, 255, 255]);
    expect(lutColor('bwr', 0)).toEqual([0, 0, 255]);
    expect(lutColor('bwr', -5)).toEqual([0, 0, 255]);
    expect(lutColor('bwr', 1)).toEqual([255, 0, 0]);
    expect(lutColor('bwr', 9)).toEqual([255, 0, 0]);
    expect(lutColor('hot', 0.375)).toEqual(entry('hot', 96));
    expect(lutColor('viridis', 0.3)).toEqual(entry('viridis', Math.round(0.3 * 256)));
  });
  it('cssColor writes rgb() of the LUT entry, clamped', () => {
    expect(cssColor('bwr', 0.5)).toBe('rgb(255, 255, 255)');
    expect(cssColor('bwr', 2)).toBe('rgb(255, 0, 0)');
    expect(cssColor('rdwhgn', -1)).toBe('rgb(255, 0, 0)');
    expect(cssColor('rdwhgn', 1)).toBe('rgb(0, 128, 0)');
  });
});

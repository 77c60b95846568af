import { describe, expect, it } from 'vitest';
import { SIGNS } from './normalize';
import { effectiveSign, renderPanels, type PanelInput, type RenderSettings, type ThresholdCache } from './render-job';
import { VIEW_IDS } from './views';

const f32 = (xs: number[]) => Float32Array.from(xs);
const px = (a: Uint8ClampedArray | null, i: number) => (a ? Array.from(a.slice(i * 4, i * 4 + 4)) : null);
/** n pixels of one colour. */
const solid = (n: number, [r, g, b]: [number, number, number] = [200, 100, 40]) =>
  Uint8ClampedArray.from({ length: n * 4 }, (_, i) => [r, g, b, 255][i % 4]);

const panel = (mapId: string, map: number[], p: Partial<PanelInput> = {}): PanelInput => ({
  mapId,
  view: 'heat_map',
  map: f32(map),
  rgba: solid(map.length),
  scaleGroup: 'g',
  ...p,
});
const settings = (s: Partial<RenderSettings> = {}): RenderSettings => ({ sign: 'all', outlier: 0, cmap: null, alpha: 0.5, scale: 'per_map', ...s });

describe('effectiveSign', () => {
  it('masked_image and alpha_scaling fall back from all to absolute_value; nothing else changes', () => {
    for (const view of VIEW_IDS) {
      for (const sign of SIGNS) {
        const needsOne = view === 'masked_image' || view === 'alpha_scaling';
        expect(effectiveSign(view, sign)).toBe(needsOne && sign === 'all' ? 'absolute_value' : sign);
      }
    }
  });
});

describe('renderPanels: thresholds', () => {
  // outlier 0 -> each threshold is the largest magnitude: a 2, b 4, c 8.
  const a = panel('a', [0, 1, -2, 2]);
  const b = panel('b', [0, 4, -1, 1]);
  const c = panel('c', [0, 8, 0, 0], { scaleGroup: 'h' });

  it('per map: each panel its own threshold, none shared', () => {
    const out = renderPanels([a, b, c], settings({ scale: 'per_map' }));
    expect(out.map((o) => o.threshold)).toEqual([2, 4, 8]);
    expect(out.map((o) => o.shared)).toEqual([false, false, false]);
    // a: value 2 / 2 = 1 -> red; -2 -> blue; 1 / 2 = 0.5 -> (255, 128, 128)
    expect(px(out[0].pixels, 3)).toEqual([255, 0, 0, 255]);
    expect(px(out[0].pixels, 2)).toEqual([0, 0, 255, 255]);
    expect(px(out[0].pixels, 1)).toEqual([255, 128, 128, 255]);
    expect(px(out[0].pixels, 0)).toEqual([255, 255, 255, 255]);
  });

  it('shared: the largest threshold within a scale group; other groups never share; a lone panel is not shared', () => {
    const out = renderPanels([a, b, c], settings({ scale: 'shared' }));
    expect(out.map((o) => o.threshold)).toEqual([4, 4, 8]);
    expect(out.map((o) => o.shared)).toEqual([true, true, false]);
    // a on b's scale: 2 / 4 = 0.5 -> (255, 128, 128); -2 / 4 -> (128, 128, 255)
    expect(px(out[0].pixels, 3)).toEqual([255, 128, 128, 255]);
    expect(px(out[0].pixels, 2)).toEqual([128, 128, 255, 255]);
    // b is unchanged: 4 / 4 -> red
    expect(px(out[1].pixels, 1)).toEqual([255, 0, 0, 255]);
  });

  it('shared with outliers: the max of the outlier-clipped thresholds, not of the raw maxima', () => {
    // a: |.| sorted 0,1,1,2,3,4,6 (17): 50 % -> 4.  b: 1 ,1, 1, 1, 100 (104): 50 % = 52 -> 100.
    // With outlier 50 the shared threshold is 100; with per_map a keeps 4.
    const pa = panel('a', [-4, -2, -1, 0, 1, 3, 6]);
    const pb = panel('b', [1, 1, 1, 1, 100, 0, 0]);
    const per = renderPanels([pa, pb], settings({ outlier: 50 }));
    expect(per.map((o) => o.threshold)).toEqual([4, 100]);
    const shared = renderPanels([pa, pb], settings({ outlier: 50, scale: 'shared' }));
    expect(shared.map((o) => o.threshold)).toEqual([100, 100]);
    // Differently: b [0, 0, 0, 0, 0, 0, 3] -> 3 < 4, so the group takes a's 4.
    const pc = panel('c', [0, 0, 0, 0, 0, 0, 3]);
    expect(renderPanels([pa, pc], settings({ outlier: 50, scale: 'shared' })).map((o) => o.threshold)).toEqual([4, 4]);
  });

  it('two views of the same map in a group are not "shared" with each other', () => {
    const heat = panel('a', [0, 1, -2, 2]);
    const blended = panel('a', [0, 1, -2, 2], { view: 'blended_heat_map' });
    const out = renderPanels([heat, blended], settings({ scale: 'shared' }));
    expect(out.map((o) => o.shared)).toEqual([false, false]);
    expect(out.map((o) => o.threshold)).toEqual([2, 2]);
  });

  it('three groups, several panels each', () => {
    const ps = [
      panel('g1', [3], { scaleGroup: 'x' }),
      panel('g2', [-5], { scaleGroup: 'y' }),
      panel('g3', [7], { scaleGroup: 'x' }),
      panel('g4', [1], { scaleGroup: 'y' }),
      panel('g5', [9], { scaleGroup: 'z' }),
    ];
    const out = renderPanels(ps, settings({ scale: 'shared' }));
    expect(out.map((o) => o.threshold)).toEqual([7, 5, 7, 5, 9]);
    expect(out.map((o) => o.shared)).toEqual([true, true, true, true, false]);
  });
});

describe('renderPanels: sign and colormap', () => {
  it('masked_image with sign all falls back to absolute_value (signChanged), heat_map keeps all', () => {
    const map = [-2, 1, 0, 2];
    const out = renderPanels(
      [panel('a', map, { view: 'masked_image' }), panel('a', map, { view: 'heat_map' }), panel('a', map, { view: 'alpha_scaling' })],
      settings({ sign: 'all' }),
    );
    expect(out[0]).toMatchObject({ sign: 'absolute_value', signChanged: true, cmap: 'hot', threshold: 2 });
    expect(out[1]).toMatchObject({ sign: 'all', signChanged: false, cmap: 'bwr', threshold: 2 });
    expect(out[2]).toMatchObject({ sign: 'absolute_value', signChanged: true, cmap: 'hot', threshold: 2 });
    // |map| / 2 = 1, 0.5, 0, 1 times (200, 100, 40)
    expect(px(out[0].pixels, 0)).toEqual([200, 100, 40, 255]);
    expect(px(out[0].pixels, 1)).toEqual([100, 50, 20, 255]);
    expect(px(out[0].pixels, 2)).toEqual([0, 0, 0, 255]);
    expect(px(out[0].pixels, 3)).toEqual([200, 100, 40, 255]);
    // alpha_scaling: a = 0.5 -> 100 + 127.5 = 227.5 -> 228 (round half to even), 50 + 127.5 = 177.5 -> 178, 20 + 127.5 = 147.5 -> 148
    expect(px(out[2].pixels, 1)).toEqual([228, 178, 148, 255]);
    expect(px(out[2].pixels, 2)).toEqual([255, 255, 255, 255]);
  });

  it('masked_image with a single sign keeps it', () => {
    const out = renderPanels([panel('a', [-2, 1, 0, 2], { view: 'masked_image' })], settings({ sign: 'negative' }));
    expect(out[0]).toMatchObject({ sign: 'negative', signChanged: false, threshold: 2 });
    expect(px(out[0].pixels, 0)).toEqual([200, 100, 40, 255]); // |-2| / 2
    expect(px(out[0].pixels, 3)).toEqual([0, 0, 0, 255]); // positive -> 0
  });

  it('colormap: the chosen one when its family fits the sign, else the sign default', () => {
    const map = [-1, 1];
    const cmapOf = (sign: RenderSettings['sign'], cmap: RenderSettings['cmap'], view: PanelInput['view'] = 'heat_map') =>
      renderPanels([panel('a', map, { view })], settings({ sign, cmap }))[0].cmap;
    expect(cmapOf('all', null)).toBe('bwr');
    expect(cmapOf('positive', null)).toBe('hot');
    expect(cmapOf('negative', null)).toBe('hot');
    expect(cmapOf('absolute_value', null)).toBe('hot');
    expect(cmapOf('all', 'rdbu')).toBe('rdbu');
    expect(cmapOf('all', 'viridis')).toBe('bwr'); // sequential for a signed map -> default
    expect(cmapOf('positive', 'rdbu')).toBe('hot'); // diverging for a magnitude -> default
    expect(cmapOf('negative', 'viridis')).toBe('viridis');
    expect(cmapOf('absolute_value', 'greens')).toBe('greens');
    // masked_image with sign all draws absolute values: a diverging choice falls back to hot
    expect(cmapOf('all', 'puor', 'masked_image')).toBe('hot');
  });

  it('the pixels use the colormap reported', () => {
    const out = renderPanels([panel('a', [0, 1])], settings({ sign: 'positive', cmap: 'rdbu' }))[0];
    expect(out.cmap).toBe('hot');
    expect(px(out.pixels, 0)).toEqual([0, 0, 0, 255]); // hot at 0
    expect(px(out.pixels, 1)).toEqual([255, 255, 255, 255]); // hot at 1
  });

  it('range reports the raw map range', () => {
    const out = renderPanels([panel('a', [-3, 0.5, 7])], settings())[0];
    expect(out.range).toEqual({ min: -3, max: 7, nonFinite: 0 });
  });
});

describe('renderPanels: maps that cannot be drawn', () => {
  it('NaN or infinite values: pixels null, threshold 0, an error that counts them', () => {
    const out = renderPanels([panel('a', [NaN, 1, Infinity, -2])], settings())[0];
    expect(out.pixels).toBeNull();
    expect(out.threshold).toBe(0);
    expect(out.shared).toBe(false);
    expect(out.error).toBe('2 values are NaN or infinite: this map is not drawn.');
    expect(out.range).toEqual({ min: -2, max: 1, nonFinite: 2 });
  });

  it('a NaN map does not stop the others, nor raise the shared threshold', () => {
    const out = renderPanels([panel('bad', [NaN, 100]), panel('ok', [0, 3])], settings({ scale: 'shared' }));
    expect(out[0].pixels).toBeNull();
    expect(out[0].shared).toBe(false);
    expect(out[1].pixels).not.toBeNull();
    expect(out[1].threshold).toBe(3);
    expect(out[1].error).toBeUndefined();
  });

  it('a NaN map computes no threshold and writes nothing to the cache', () => {
    const cache: ThresholdCache = new Map();
    renderPanels([panel('bad', [NaN, 1])], settings(), cache);
    expect(cache.size).toBe(0);
  });

  it('an all-zero map: pixels null and an error worded for the sign', () => {
    const zero = [0, 0, 0];
    const err = (sign: RenderSettings['sign'], map: number[], view: PanelInput['view'] = 'heat_map') =>
      renderPanels([panel('a', map, { view })], settings({ sign }))[0];
    const all = err('all', zero);
    expect(all.pixels).toBeNull();
    expect(all.threshold).toBe(0);
    expect(all.empty).toBe('Every attribution is zero.');
    expect(err('absolute_value', zero).empty).toBe('No non-zero attributions to show.');
    expect(err('all', zero, 'masked_image').empty).toBe('No non-zero attributions to show.');
    // Only negatives, positive sign (and vice versa): nothing to draw.
    const pos = err('positive', [-1, -2, 0]);
    expect(pos.pixels).toBeNull();
    expect(pos.empty).toBe('No positive attributions to show.');
    const neg = err('negative', [1, 2, 0]);
    expect(neg.pixels).toBeNull();
    expect(neg.empty).toBe('No negative attributions to show.');
  });

  it('successful panels carry no error', () => {
    const out = renderPanels([panel('a', [1, -1])], settings())[0];
    expect(out.error).toBeUndefined();
    expect(out.pixels?.length).toBe(8);
  });
});

describe('renderPanels: threshold cache', () => {
  it('a cached threshold (key mapId|sign|outlier) is used instead of computing one', () => {
    const cache: ThresholdCache = new Map([['a|all|2', 10]]);
    const out = renderPanels([panel('a', [0, 5])], settings({ outlier: 2 }), cache)[0];
    expect(out.threshold).toBe(10); // the true threshold would be 5
    expect(px(out.pixels, 1)).toEqual([255, 128, 128, 255]); // 5 / 10 = 0.5
    expect(cache.get('a|all|2')).toBe(10);
  });

  it('absolute_value shares the "all" entry (|map| gives one threshold)', () => {
    const cache: ThresholdCache = new Map([['a|all|2', 10]]);
    const out = renderPanels([panel('a', [0, 5], { view: 'masked_image' })], settings({ outlier: 2, sign: 'absolute_value' }), cache)[0];
    expect(out.threshold).toBe(10);
    // 0.5 * (200, 100, 40)
    expect(px(out.pixels, 1)).toEqual([100, 50, 20, 255]);
    const fallback = renderPanels([panel('a', [0, 5], { view: 'alpha_scaling' })], settings({ outlier: 2, sign: 'all' }), cache)[0];
    expect(fallback.threshold).toBe(10);
  });

  it('entries for another map, sign or outlier are not used', () => {
    const cache: ThresholdCache = new Map([
      ['b|all|2', 10],
      ['a|positive|2', 10],
      ['a|all|5', 10],
    ]);
    expect(renderPanels([panel('a', [0, 5])], settings({ outlier: 2 }), cache)[0].threshold).toBe(5);
    expect(cache.get('a|all|2')).toBe(5);
    expect(renderPanels([panel('a', [0, 5])], settings({ outlier: 2, sign: 'positive' }), cache)[0].threshold).toBe(10);
    expect(renderPanels([panel('a', [0, 5])], settings({ outlier: 2, sign: 'negative' }), cache)[0].empty).toBe(
      'No negative attributions to show.',
    );
    expect(cache.get('a|negative|2')).toBe(0);
  });

  it('fills the cache with computed thresholds', () => {
    const cache: ThresholdCache = new Map();
    renderPanels([panel('a', [-4, -2, -1, 0, 1, 3, 6]), panel('b', [0, 2])], settings({ outlier: 50, sign: 'positive' }), cache);
    // a positives 1, 3, 6 (10): 50 % = 5 -> 6; b: 2
    expect([...cache.entries()].sort()).toEqual([
      ['a|positive|50', 6],
      ['b|positive|50', 2],
    ]);
  });

  it('a cached value also feeds the shared threshold', () => {
    const cache: ThresholdCache = new Map([['a|all|0', 40]]);
    const out = renderPanels([panel('a', [0, 1]), panel('b', [0, 8])], settings({ scale: 'shared' }), cache);
    expect(out.map((o) => o.threshold)).toEqual([40, 40]);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_VIZ, parseViz, writeViz, type VizSettings } from './settings';

const custom: VizSettings = {
  views: ['heat_map', 'masked_image'],
  sign: 'positive',
  outlier: 5,
  cmap: 'viridis',
  alpha: 0.25,
  scale: 'shared',
};

describe('parseViz', () => {
  it('no parameters: the defaults', () => {
    expect(parseViz('')).toEqual(DEFAULT_VIZ);
    expect(parseViz('?')).toEqual(DEFAULT_VIZ);
    expect(parseViz('?model=mobilenet&img=3')).toEqual(DEFAULT_VIZ);
  });
  it('the defaults are the documented ones', () => {
    expect(DEFAULT_VIZ).toEqual({ views: ['heat_map'], sign: 'all', outlier: 2, cmap: null, alpha: 0.5, scale: 'per_map' });
  });
  it('reads every parameter', () => {
    expect(parseViz('?view=heat_map,masked_image&sign=positive&outlier=5&cmap=viridis&alpha=0.25&scale=shared')).toEqual(custom);
  });
  it('works with or without the leading ?', () => {
    expect(parseViz('sign=negative').sign).toBe('negative');
    expect(parseViz('?sign=negative').sign).toBe('negative');
  });
  it('view: one view or a comma list, trimmed, invalid entries dropped, duplicates removed, order kept', () => {
    expect(parseViz('?view=alpha_scaling').views).toEqual(['alpha_scaling']);
    expect(parseViz('?view=heat_map,bogus,alpha_scaling').views).toEqual(['heat_map', 'alpha_scaling']);
    expect(parseViz('?view=masked_image,%20heat_map%20,,').views).toEqual(['masked_image', 'heat_map']);
    expect(parseViz('?view=blended_heat_map%2Cheat_map').views).toEqual(['blended_heat_map', 'heat_map']);
    expect(parseViz('?view=heat_map,heat_map,masked_image,heat_map').views).toEqual(['heat_map', 'masked_image']);
  });
  it('view: nothing valid -> the default view', () => {
    expect(parseViz('?view=').views).toEqual(['heat_map']);
    expect(parseViz('?view=bogus,Heat_Map').views).toEqual(['heat_map']);
  });
  it('sign: each valid value, anything else -> all', () => {
    for (const sign of ['all', 'positive', 'negative', 'absolute_value'] as const) expect(parseViz(`?sign=${sign}`).sign).toBe(sign);
    for (const bad of ['', 'abs', 'POSITIVE', 'neg']) expect(parseViz(`?sign=${bad}`).sign).toBe('all');
  });
  it('outlier: 0 <= value < 100, else 2', () => {
    expect(parseViz('?outlier=0').outlier).toBe(0);
    expect(parseViz('?outlier=10').outlier).toBe(10);
    expect(parseViz('?outlier=99.5').outlier).toBe(99.5);
    expect(parseViz('?outlier=0.5').outlier).toBe(0.5);
    for (const bad of ['-1', '100', '250', 'abc', 'NaN', 'Infinity', '5%']) expect(parseViz(`?outlier=${bad}`).outlier, bad).toBe(2);
  });
  it('alpha: 0 <= value <= 1, else 0.5', () => {
    expect(parseViz('?alpha=0').alpha).toBe(0);
    expect(parseViz('?alpha=1').alpha).toBe(1);
    expect(parseViz('?alpha=0.8').alpha).toBe(0.8);
    for (const bad of ['-0.1', '1.5', 'x', 'NaN']) expect(parseViz(`?alpha=${bad}`).alpha, bad).toBe(0.5);
  });
  it('cmap: a known id, else null (the sign default)', () => {
    expect(parseViz('?cmap=rdwhgn').cmap).toBe('rdwhgn');
    expect(parseViz('?cmap=hot').cmap).toBe('hot');
    for (const bad of ['', 'jet', 'BWR', 'toString']) expect(parseViz(`?cmap=${bad}`).cmap).toBeNull();
  });
  it('scale: per_map or shared, else per_map', () => {
    expect(parseViz('?scale=shared').scale).toBe('shared');
    expect(parseViz('?scale=per_map').scale).toBe('per_map');
    for (const bad of ['', 'global', 'Shared']) expect(parseViz(`?scale=${bad}`).scale).toBe('per_map');
  });
  it('one invalid parameter does not disturb the others', () => {
    expect(parseViz('?sign=bogus&outlier=7&cmap=nope&alpha=0.1')).toEqual({ ...DEFAULT_VIZ, outlier: 7, alpha: 0.1 });
  });
});

describe('writeViz', () => {
  it('defaults are omitted from the URL', () => {
    expect(writeViz('', DEFAULT_VIZ)).toBe('');
    expect(writeViz('?', DEFAULT_VIZ)).toBe('');
  });
  it('defaults already in the URL are removed', () => {
    expect(writeViz('?view=masked_image&sign=positive&outlier=5&cmap=hot&alpha=0.2&scale=shared', DEFAULT_VIZ)).toBe('');
  });
  it('writes only what differs from the defaults', () => {
    expect(writeViz('', { ...DEFAULT_VIZ, sign: 'negative' })).toBe('?sign=negative');
    expect(writeViz('', { ...DEFAULT_VIZ, outlier: 0 })).toBe('?outlier=0');
    expect(writeViz('', { ...DEFAULT_VIZ, alpha: 1 })).toBe('?alpha=1');
    expect(writeViz('', { ...DEFAULT_VIZ, cmap: 'bwr' })).toBe('?cmap=bwr');
    expect(writeViz('', { ...DEFAULT_VIZ, scale: 'shared' })).toBe('?scale=shared');
    expect(writeViz('', { ...DEFAULT_VIZ, views: ['masked_image'] })).toBe('?view=masked_image');
  });
  it('a view list is written comma-separated', () => {
    const q = writeViz('', { ...DEFAULT_VIZ, views: ['heat_map', 'alpha_scaling'] });
    expect(new URLSearchParams(q).get('view')).toBe('heat_map,alpha_scaling');
  });
  it('keeps every other parameter, in place', () => {
    expect(writeViz('?model=mobilenet&sign=negative&img=3', { ...DEFAULT_VIZ, sign: 'positive' })).toBe('?model=mobilenet&sign=positive&img=3');
    expect(writeViz('?model=mobilenet&sign=negative&img=3', DEFAULT_VIZ)).toBe('?model=mobilenet&img=3');
    const q = new URLSearchParams(writeViz('?model=m&method=ig&steps=50', custom));
    expect(q.get('model')).toBe('m');
    expect(q.get('method')).toBe('ig');
    expect(q.get('steps')).toBe('50');
  });
  it('round trip: parseViz(writeViz(v)) == v', () => {
    const cases: VizSettings[] = [
      DEFAULT_VIZ,
      custom,
      { ...DEFAULT_VIZ, outlier: 0, alpha: 0 },
      { ...DEFAULT_VIZ, outlier: 99.5, alpha: 1, cmap: 'rdwhgn', sign: 'absolute_value' },
      { views: ['alpha_scaling', 'blended_heat_map', 'heat_map', 'masked_image'], sign: 'negative', outlier: 12.5, cmap: 'puor', alpha: 0.75, scale: 'shared' },
    ];
    for (const v of cases) {
      expect(parseViz(writeViz('', v))).toEqual(v);
      expect(parseViz(writeViz('?model=x', v))).toEqual(v);
    }
  });
  it('round trip the other way: a canonical URL is rewritten unchanged', () => {
    const url = writeViz('?model=x', custom);
    expect(writeViz(url, parseViz(url))).toBe(url);
  });
});

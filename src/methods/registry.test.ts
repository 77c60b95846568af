import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BASELINE, DISTRIBUTION, LAYER } from './common';
import { APPROXIMATION_METHODS, minSteps } from './ig/approximation';
import { STEPS } from './ig/meta';
import { IMPLEMENTATIONS } from './implementations';
import { CAM_LAYERS } from './cam-layer';
import { DEFAULT_PARAMS, parseParams, writeParams, type AttributionParams } from './params';
import { ALL_SPECS, METHODS, METHOD_IDS, METHOD_LIST, NOISE_TUNNEL, URL_KEYS, specsOf } from './registry';
import type { ParamSpec } from './spec';

const folder = (id: string) => new URL(`./${id}/`, import.meta.url);

/** Values of the spec to try besides its default: the ends of its range, every option, true. */
function samples(spec: ParamSpec): unknown[] {
  switch (spec.kind) {
    case 'enum':
      return [...spec.values];
    case 'bool':
      return [true, false];
    case 'layer':
      return [...Object.values(CAM_LAYERS).flatMap((ls) => ls.map((l) => l.name)), ''];
    case 'int':
    case 'float':
      return [spec.min, spec.max, ...(spec.kind === 'float' ? [(spec.min + spec.max) / 4] : [])];
  }
}

describe('method registry', () => {
  it('every entry has its folder with meta.ts, run.ts and a test, and an implementation; nothing else has one', () => {
    expect(Object.keys(IMPLEMENTATIONS).sort()).toEqual([...METHOD_IDS].sort());
    for (const m of METHOD_LIST) {
      expect(METHODS[m.id]).toBe(m);
      for (const f of ['meta.ts', 'run.ts']) expect(existsSync(new URL(f, folder(m.id))), `${m.id}/${f}`).toBe(true);
      expect(readdirSync(folder(m.id)).some((f) => f.endsWith('.test.ts')), `${m.id} has a test`).toBe(true);
      expect(typeof IMPLEMENTATIONS[m.id]).toBe('function');
    }
    expect(new Set(METHOD_IDS).size).toBe(METHOD_IDS.length);
  });

  it('flags agree with the parameters: a baseline control exactly for needsBaseline, a distribution for usesDistribution', () => {
    for (const m of METHOD_LIST) {
      expect(m.params.includes(BASELINE), m.id).toBe(m.needsBaseline);
      expect(m.params.includes(DISTRIBUTION), m.id).toBe(m.usesDistribution);
      expect(m.label.length * m.paper.length, m.id).toBeGreaterThan(0);
    }
    expect(METHOD_LIST.filter((m) => m.layer).map((m) => m.id)).toEqual(['gradcam', 'gradcam_pp', 'score_cam', 'guided_gradcam']);
    for (const m of METHOD_LIST) expect(m.params.includes(LAYER), m.id).toBe(m.layer);
  });

  it('one spec per parameter, one parameter per URL key', () => {
    const keys = ALL_SPECS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys, 'method'].sort()).toEqual(Object.keys(DEFAULT_PARAMS).sort());
    const urls = ALL_SPECS.map((s) => s.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect([...URL_KEYS].sort()).toEqual(['method', ...urls].sort()); // the legacy `stdevs` is also GradientShap's key
  });

  it('a result is keyed on its method’s parameters, and on NoiseTunnel’s only when one is on', () => {
    expect(specsOf('ig', 'none').map((s) => s.key)).toEqual(['baseline', 'steps', 'igMethod', 'nt']);
    expect(specsOf('gradshap', 'vargrad').map((s) => s.key)).toEqual(['dist', 'samples', 'stdevs', 'nt', 'ntSamples', 'ntStdevs']);
    expect(specsOf('ixg', 'none').map((s) => s.key)).toEqual(['nt']);
  });

  it('every spec default, and the ends of its range and each option, read back from what the URL writer writes', () => {
    for (const method of METHOD_IDS) {
      for (const spec of [...METHODS[method].params, ...NOISE_TUNNEL.params]) {
        // NoiseTunnel's own parameters live only while a NoiseTunnel is on.
        const base: AttributionParams = { ...DEFAULT_PARAMS, method, nt: spec.shownWhen ? 'smoothgrad' : DEFAULT_PARAMS.nt };
        expect(base[spec.key], `${method}: ${spec.key} default`).toBe(spec.default);
        expect(parseParams(writeParams('?model=resnet50', base)).params, `${method}: ${spec.key} default`).toEqual(base);
        for (const value of samples(spec)) {
          const search = writeParams('?model=resnet50', { ...base, [spec.key]: value });
          expect(parseParams(search).params[spec.key], `${method}: ${search}`).toBe(value);
        }
      }
    }
    for (const spec of ALL_SPECS) expect(parseParams(writeParams('', DEFAULT_PARAMS)).params[spec.key]).toBe(spec.default);
    // Without a NoiseTunnel nt_stdevs is not written, so an old-style `stdevs` stands for both noises
    // (unused until a NoiseTunnel is switched on, which then writes nt_stdevs).
    expect(parseParams(writeParams('', { ...DEFAULT_PARAMS, method: 'gradshap', stdevs: 0.5 })).params.ntStdevs).toBe(0.5);
  });

  it('the steps control and the parser take their least value from the quadrature (Gauss-Legendre 1, Riemann rules 2)', () => {
    expect(METHODS.ig.params).toContain(STEPS);
    expect(STEPS.min).toBe(Math.min(...APPROXIMATION_METHODS.map(minSteps)));
    expect(STEPS.min).toBe(1);
    for (const igMethod of APPROXIMATION_METHODS) {
      expect(STEPS.minFor!({ ...DEFAULT_PARAMS, igMethod })).toBe(minSteps(igMethod));
      expect(parseParams(`?method=ig&steps=1&ig_method=${igMethod}`).params.steps).toBe(minSteps(igMethod));
    }
  });

  it('NoiseTunnel: the app defaults (15 % noise, none) and Captum\u2019s are each declared once', () => {
    expect([DEFAULT_PARAMS.nt, DEFAULT_PARAMS.ntSamples, DEFAULT_PARAMS.ntStdevs]).toEqual(['none', 5, 0]);
    expect(NOISE_TUNNEL.captumDefaults).toEqual({ type: 'smoothgrad', samples: 5, stdevs: 1 });
  });
});

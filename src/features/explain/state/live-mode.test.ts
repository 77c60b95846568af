import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../../methods/params';
import type { AttributionOutput, BackendReport, ClassifyResult } from '../../../shared/protocol/messages';
import { getApp, setApp } from '../../../client/store';
import { mapIsStale, methodRunMode, recordRun } from './live-mode';

const WASM: BackendReport = { name: 'wasm', refused: [] };
const WEBGPU: BackendReport = { name: 'webgpu', refused: [], adapter: { vendor: 'nvidia', architecture: 'ampere', description: 'RTX 3060' } };

/** A result as the worker returns it: only what the policy reads is filled in. */
const output = (params: Partial<AttributionOutput['params']>, totalMs = 500): AttributionOutput =>
  ({
    model: getApp().modelId,
    method: params.method ?? 'saliency',
    params: { ...DEFAULT_PARAMS, method: 'saliency', target: 1, ...params },
    timings: { totalMs },
  }) as AttributionOutput;

beforeEach(() => {
  const shown = { model: getApp().modelId, top: [{ index: 1, probability: 0.9, logit: 20 }] } as unknown as ClassifyResult;
  setApp({ backend: WASM, result: shown, explain: { ...getApp().explain, params: { ...DEFAULT_PARAMS, method: 'saliency' }, result: undefined, runMs: {} } });
});

describe('recorded run times', () => {
  it('are kept per backend and method, and decide the mode of that method only', () => {
    recordRun(output({ method: 'saliency' }, 12_400));
    expect(methodRunMode(getApp())).toEqual({ live: false, reason: { kind: 'slow', ms: 12_400 } });
    expect(methodRunMode(getApp(), { ...DEFAULT_PARAMS, method: 'ixg' })).toEqual({ live: true });
    setApp({ backend: WEBGPU }); // another backend has its own record
    expect(methodRunMode(getApp())).toEqual({ live: true });
    setApp({ backend: WASM });
    recordRun(output({ method: 'saliency' }, 300)); // the last run counts
    expect(methodRunMode(getApp())).toEqual({ live: true });
  });

  it('leave NoiseTunnel runs out (their cost is their samples)', () => {
    recordRun(output({ method: 'saliency', nt: 'smoothgrad', ntSamples: 50 }, 30_000));
    expect(getApp().explain.runMs).toEqual({});
  });
});

describe('a stale map', () => {
  const show = (params: Partial<AttributionOutput['params']>) => setApp((s) => ({ explain: { ...s.explain, result: output(params) } }));
  const set = (params: Partial<typeof DEFAULT_PARAMS> & { method?: 'saliency' | 'ig' }) =>
    setApp((s) => ({ explain: { ...s.explain, params: { ...s.explain.params, ...params } } }));

  it('is one computed with other settings the method reads, or another target', () => {
    expect(mapIsStale(getApp())).toBe(false); // no map
    show({ method: 'saliency', target: 1 });
    expect(mapIsStale(getApp())).toBe(false); // "predicted class" is class 1 here
    set({ steps: DEFAULT_PARAMS.steps + 7 }); // saliency does not read IG's steps
    expect(mapIsStale(getApp())).toBe(false);
    set({ abs: !DEFAULT_PARAMS.abs });
    expect(mapIsStale(getApp())).toBe(true);
    set({ abs: DEFAULT_PARAMS.abs });
    expect(mapIsStale(getApp())).toBe(false); // back to the settings it was computed with
    set({ target: 2 });
    expect(mapIsStale(getApp())).toBe(true);
    set({ target: null, method: 'ig' });
    expect(mapIsStale(getApp())).toBe(true);
  });
});

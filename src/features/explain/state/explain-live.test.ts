/**
 * updateParams wired to the live policy, with the worker client replaced by a recorder of the requests
 * it is sent (the page's store, result cache, run lifecycle and URL writing are the real ones).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendReport } from '../../../shared/protocol/messages';
import { readyPhoto, stubLocation } from '../../../testing/page-stub';

const calls = vi.hoisted(() => [] as Array<{ method: string; params: { method: string; abs?: boolean } }>);
vi.mock('../../../client/worker', () => ({
  base: 'http://localhost/',
  // Never answers: a run stays in flight, as a real one does while the next change arrives.
  client: { call: (_kind: string, request: { params: { method: string } }) => (calls.push({ method: request.params.method, params: request.params }), new Promise(() => {})) },
}));

const { getApp, setApp } = await import('../../../client/store');
const { startExplaining, updateParams, cancelExplain } = await import('./explain');
const { LIVE_DELAY_MS } = await import('./live-rerun');

const WASM: BackendReport = { name: 'wasm', refused: [], wasm: { simd: true, threads: 4 } };
const SWIFTSHADER: BackendReport = { name: 'webgpu', refused: [], adapter: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device' } };

function page(backend: BackendReport) {
  const url = stubLocation('');
  setApp({
    ...readyPhoto(backend, getApp().modelId),
    explain: { ...getApp().explain, enabled: true, params: { ...getApp().explain.params, method: 'saliency', abs: false }, runMs: {} },
  });
  return url;
}

beforeEach(() => {
  vi.useFakeTimers();
  calls.length = 0;
});
afterEach(() => {
  cancelExplain();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('a change of parameters', () => {
  it('live (saliency on wasm): five rapid changes send one request, with the last settings, after the pause', () => {
    page(WASM);
    for (let i = 0; i < 5; i++) {
      updateParams({ abs: i % 2 === 0 });
      vi.advanceTimersByTime(50);
    }
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(LIVE_DELAY_MS);
    expect(calls).toHaveLength(1);
    expect(calls[0].params).toMatchObject({ method: 'saliency', abs: true });
  });

  it('on demand (a software GPU): the settings and the URL change, no request is sent until Explain', () => {
    const url = page(SWIFTSHADER);
    updateParams({ method: 'ixg' });
    updateParams({ method: 'gradcam' });
    vi.advanceTimersByTime(100 * LIVE_DELAY_MS);
    expect(calls).toHaveLength(0);
    expect(getApp().explain.params.method).toBe('gradcam');
    expect(new URLSearchParams(url.search).get('method')).toBe('gradcam');
    startExplaining();
    expect(calls.map((c) => c.method)).toEqual(['gradcam']);
  });

  it('on demand (a costly method on a fast backend): switching to IG does not run it; back to a cheap one does', () => {
    page(WASM);
    updateParams({ method: 'ig' });
    vi.advanceTimersByTime(100 * LIVE_DELAY_MS);
    expect(calls).toHaveLength(0);
    updateParams({ method: 'ixg' });
    vi.advanceTimersByTime(LIVE_DELAY_MS);
    expect(calls.map((c) => c.method)).toEqual(['ixg']);
  });

  it('a slow measured run turns a cheap method on demand', () => {
    page(WASM);
    setApp((s) => ({ explain: { ...s.explain, runMs: { [`wasm:${s.modelId}:saliency`]: 12_400 } } }));
    updateParams({ abs: true });
    vi.advanceTimersByTime(100 * LIVE_DELAY_MS);
    expect(calls).toHaveLength(0);
  });
});

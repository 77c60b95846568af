/**
 * The noise lab's σ wired to the live policy, with the worker client replaced by a recorder of the
 * requests it is sent (store, run lifecycle and URL writing are the real ones).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendReport } from '../../../shared/protocol/messages';
import { readyPhoto, stubLocation } from '../../../testing/page-stub';

const calls = vi.hoisted(() => [] as Array<{ kind: string; sigma?: number }>);
vi.mock('../../../client/worker', () => ({
  base: 'http://localhost/',
  client: {
    call: (kind: string, request: { request?: { sigma?: number } }) => (calls.push({ kind, sigma: request.request?.sigma }), new Promise(() => {})),
  },
}));

const { getApp, setApp } = await import('../../../client/store');
const { cancelLab, noiseLabModeText, updateLabSettings } = await import('./labs');
const { LIVE_DELAY_MS } = await import('../../explain/state/live-rerun');

const WASM: BackendReport = { name: 'wasm', refused: [], wasm: { simd: true, threads: 4 } };
const CPU: BackendReport = { name: 'cpu', refused: [] };

function page(backend: BackendReport, armed: boolean) {
  const url = stubLocation('?lab=noise');
  setApp({
    ...readyPhoto(backend, getApp().modelId),
    explain: { ...getApp().explain, params: { ...getApp().explain.params, method: 'saliency' }, runMs: {} },
    lab: { ...getApp().lab, open: 'noise', armed },
  });
  return url;
}

beforeEach(() => {
  vi.useFakeTimers();
  calls.length = 0;
});
afterEach(() => {
  cancelLab();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the noise lab σ slider', () => {
  it('live, once the lab has run: dragging σ over five values sends one lab request, with the last σ', () => {
    const url = page(WASM, true);
    for (const sigma of [8.5, 9, 9.5, 10, 10.5]) {
      updateLabSettings({ sigma });
      vi.advanceTimersByTime(40);
    }
    expect(calls).toHaveLength(0);
    vi.advanceTimersByTime(LIVE_DELAY_MS);
    expect(calls).toEqual([{ kind: 'lab', sigma: 10.5 }]);
    expect(new URLSearchParams(url.search).get('lab_sigma')).toBe('10.5');
    expect(noiseLabModeText(getApp())).toBe('Live: the noisy map updates as you move σ.');
  });

  it('before the lab has run, or on a slow backend, σ only changes the settings and the link', () => {
    const url = page(WASM, false);
    updateLabSettings({ sigma: 20 });
    vi.advanceTimersByTime(100 * LIVE_DELAY_MS);
    expect(calls).toHaveLength(0);
    expect(new URLSearchParams(url.search).get('lab_sigma')).toBe('20');
    page(CPU, true);
    updateLabSettings({ sigma: 30 });
    vi.advanceTimersByTime(100 * LIVE_DELAY_MS);
    expect(calls).toHaveLength(0);
    expect(getApp().lab.settings.sigma).toBe(30);
    expect(noiseLabModeText(getApp())).toBe('On demand: the plain-JavaScript CPU backend is slow for Saliency (vanilla gradient) — press Run to update.');
  });
});

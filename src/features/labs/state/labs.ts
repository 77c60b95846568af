/**
 * Running the pitfalls labs. Noise, randomisation, input shift and insertion/deletion are one `lab`
 * call each in the model worker; baselines and convergence are several ordinary attributions run from
 * here (and cached like any other). One lab runs at a time; a newer run cancels the older.
 */
import { minSteps, type ApproximationMethod } from '../../../methods/ig/approximation';
import type { AttributionParams } from '../../../methods/params';
import type { LabId, LabRequest, TargetedParams } from '../protocol';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import { WorkerCallError } from '../../../client/worker-client';
import { parseLab, writeLab, type LabSettings } from './lab-settings';
import { resultFor, resultKey } from '../../../client/result-cache';
import { currentSource } from '../../../client/source';
import { getApp, setApp, type ConvergenceLabResult, type LabState } from '../../../client/store';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';

let running: AbortController | null = null;

function setLab(patch: Partial<LabState>) {
  setApp((s) => ({ lab: { ...s.lab, ...patch } }));
}

export function initLab(search: string): void {
  const { lab, settings } = parseLab(search);
  setLab({ open: lab, settings, armed: lab != null });
}

function syncLabUrl() {
  const { open, settings } = getApp().lab;
  replaceSearch(writeLab(location.search, open, settings));
}

export function openLab(id: LabId | null): void {
  running?.abort();
  setLab({ open: id, armed: false, result: undefined, status: 'idle', error: undefined, progress: undefined });
  syncLabUrl();
}

export function updateLabSettings(patch: Partial<LabSettings>): void {
  setLab({ settings: { ...getApp().lab.settings, ...patch } });
  syncLabUrl();
}

export function runOpenLab(): void {
  setLab({ armed: true });
  void labCurrent();
}

export function cancelLab(): void {
  running?.abort();
}

/** Re-runs the armed lab for the image shown (after a new image or model). */
export async function labCurrent(): Promise<void> {
  const { lab, explain, modelId, model, image, result: shown } = getApp();
  const source = currentSource();
  running?.abort();
  if (!lab.open || !lab.armed || !source || !image || model.status !== 'ready' || shown?.model !== modelId) return;
  const abort = new AbortController();
  running = abort;
  const id = lab.open;
  const params: TargetedParams = { ...explain.params, target: explain.params.target ?? shown.top[0].index };
  setLab({ status: 'running', result: undefined, error: undefined, progress: { message: 'Starting' } });
  delete document.documentElement.dataset.lab;
  const onProgress = (p: { message?: string; loaded?: number; total?: number }) => {
    if (running === abort) setLab({ progress: { message: p.message ?? '', loaded: p.loaded, total: p.total } });
  };
  const attribute = (p: AttributionParams & { target: number }) =>
    resultFor(resultKey(modelId, image, p.method, p, p.target), () =>
      client.call('attribute', { model: modelId, source, params: p }, { signal: abort.signal, onProgress }),
    );
  const labCall = (request: LabRequest) => client.call('lab', { model: modelId, source, request }, { signal: abort.signal, onProgress });
  try {
    const s = lab.settings;
    let result: LabState['result'];
    switch (id) {
      case 'noise':
        result = await labCall({ lab: 'noise', params, sigma: s.sigma, seed: params.seed });
        break;
      case 'randomization':
        result = await labCall({ lab: 'randomization', params, mode: s.mode, depth: s.depth, seed: params.seed });
        break;
      case 'shift':
        result = await labCall({ lab: 'shift', params, shift: s.shift });
        break;
      case 'insertion_deletion': {
        const map = await attribute(params);
        result = await labCall({
          lab: 'insertion_deletion',
          target: params.target,
          attributions: map.attributions,
          channels: map.shape[3],
          rank: s.rank,
          steps: s.points,
          seed: params.seed,
        });
        break;
      }
      case 'baselines': {
        const results: AttributionOutput[] = [];
        for (const [i, baseline] of s.baselines.entries()) {
          onProgress({ message: `IG with the ${baseline} baseline (${i + 1} of ${s.baselines.length})` });
          results.push(await attribute({ ...params, method: 'ig', baseline }));
          if (running === abort) setLab({ result: { lab: 'baselines', results: [...results] } });
        }
        result = { lab: 'baselines', results };
        break;
      }
      case 'convergence':
        result = await convergence(params, s.steps, s.approximations, attribute, onProgress, (partial) => running === abort && setLab({ result: partial }));
        break;
    }
    if (running !== abort) return;
    setLab({ status: 'done', result, progress: undefined });
    document.documentElement.dataset.lab = id;
  } catch (e) {
    if (running !== abort) return;
    const cancelled = e instanceof WorkerCallError && e.error.code === 'cancelled';
    setLab({ status: cancelled ? 'idle' : 'error', progress: undefined, error: cancelled ? 'Cancelled.' : e instanceof Error ? e.message : String(e) });
  } finally {
    if (running === abort) running = null;
  }
}

/** |delta| against n_steps for each quadrature: the cheap way to choose n_steps honestly. */
async function convergence(
  params: TargetedParams,
  steps: number[],
  approximations: ApproximationMethod[],
  attribute: (p: TargetedParams) => Promise<AttributionOutput>,
  onProgress: (p: { message: string }) => void,
  partial: (r: ConvergenceLabResult) => void,
): Promise<ConvergenceLabResult> {
  const points: ConvergenceLabResult['points'] = [];
  const total = steps.length * approximations.length;
  for (const approximation of approximations) {
    for (const n of steps) {
      if (n < minSteps(approximation)) continue;
      onProgress({ message: `IG ${approximation}, ${n} steps (${points.length + 1} of ${total})` });
      const r = await attribute({ ...params, method: 'ig', igMethod: approximation, steps: n });
      points.push({ approximation, steps: n, delta: r.delta ?? NaN, outputDifference: r.outputDifference ?? NaN });
      partial({ lab: 'convergence', points: [...points] });
    }
  }
  return { lab: 'convergence', points };
}

/**
 * Running the pitfalls labs. Noise, randomisation, input shift and insertion/deletion are one `lab`
 * call each in the model worker; baselines and convergence are several ordinary attributions run from
 * here (and cached like any other). One lab runs at a time; a newer run cancels the older. Once the
 * noise lab has run, moving σ re-runs it (debounced) where its method is live (explain/state/live-mode.ts).
 */
import { minSteps, type ApproximationMethod } from '../../../methods/ig/approximation';
import type { AttributionParams } from '../../../methods/params';
import type { LabId, LabRequest, TargetedParams } from '../protocol';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import { panelLifecycle } from '../../../client/run-lifecycle';
import { parseLab, writeLab, type LabSettings } from './lab-settings';
import { resultKey } from '../../../client/result-cache';
import { currentSource } from '../../../client/source';
import { getApp, setApp, type AppState, type ConvergenceLabResult, type LabState, type LabView } from '../../../client/store';
import { replaceSearch } from '../../../client/url';
import { client } from '../../../client/worker';
import { METHODS } from '../../../methods/params';
import { methodRunMode, recordRun } from '../../explain/state/live-mode';
import { runModeText } from '../../explain/state/live-policy';
import { liveRerun } from '../../explain/state/live-rerun';

function setLab(patch: Partial<LabState>) {
  setApp((s) => ({ lab: { ...s.lab, ...patch } }));
}

/** data-lab: the lab's id once its result is shown. */
const runs = panelLifecycle<LabView, LabState>(setLab, { key: 'lab', label: (r) => r.lab });

export function initLab(search: string): void {
  const { lab, settings } = parseLab(search);
  setLab({ open: lab, settings, armed: lab != null });
}

function syncLabUrl() {
  const { open, settings } = getApp().lab;
  replaceSearch(writeLab(location.search, open, settings));
}

/** The noise lab again with the σ shown; its maps stay on screen until the new ones arrive. */
const noiseRerun = liveRerun(() => void labCurrent({ keepShown: true }));

/** Whether moving σ re-runs the noise lab: it has run (or been asked to), and its method is live here. */
export function noiseLabLive(s: AppState): boolean {
  return s.lab.open === 'noise' && s.lab.armed && methodRunMode(s).live;
}

/** The noise lab's mode line (see live-policy.ts). */
export function noiseLabModeText(s: AppState): string {
  const mode = methodRunMode(s);
  if (!mode.live) return runModeText(mode, METHODS[s.explain.params.method].label, 'Run');
  return s.lab.armed ? 'Live: the noisy map updates as you move σ.' : 'Live once run: moving σ then updates the noisy map.';
}

/**
 * Whether the noise lab's maps were computed with another method, or another σ than the one shown
 * where moving σ does not re-run them (where it does, a new σ is only waiting for its run).
 */
export function noiseMapStale(s: AppState): boolean {
  const r = s.lab.result;
  if (r?.lab !== 'noise') return false;
  return r.noisy.method !== s.explain.params.method || (r.sigma !== s.lab.settings.sigma && !noiseLabLive(s));
}

export function openLab(id: LabId | null): void {
  noiseRerun.cancel();
  runs.cancel();
  setLab({ open: id, armed: false, result: undefined, status: 'idle', error: undefined, progress: undefined });
  syncLabUrl();
}

export function updateLabSettings(patch: Partial<LabSettings>): void {
  setLab({ settings: { ...getApp().lab.settings, ...patch } });
  syncLabUrl();
  if (patch.sigma !== undefined) noiseRerun.changed(noiseLabLive(getApp()));
}

export function runOpenLab(): void {
  noiseRerun.cancel();
  setLab({ armed: true });
  void labCurrent();
}

export function cancelLab(): void {
  noiseRerun.cancel();
  runs.cancel();
}

/** Re-runs the armed lab for the image shown (after a new image or model); `keepShown`: a live re-run. */
export async function labCurrent({ keepShown = false }: { keepShown?: boolean } = {}): Promise<void> {
  const { lab, explain, modelId, model, image, result: shown } = getApp();
  const source = currentSource();
  runs.cancel();
  if (!lab.open || !lab.armed || !source || !image || model.status !== 'ready' || shown?.model !== modelId) return;
  const id = lab.open;
  const params: TargetedParams = { ...explain.params, target: explain.params.target ?? shown.top[0].index };
  const s = lab.settings;
  await runs.run(
    async ({ signal, progress: onProgress, partial, cached }) => {
      const attribute = (p: AttributionParams & { target: number }) =>
        cached(resultKey(modelId, image, p.method, p, p.target), () =>
          client.call('attribute', { model: modelId, source, params: p }, { signal, onProgress }),
        );
      const labCall = (request: LabRequest) => client.call('lab', { model: modelId, source, request }, { signal, onProgress });
      switch (id) {
        case 'noise': {
          const result = await labCall({ lab: 'noise', params, sigma: s.sigma, seed: params.seed });
          if (result.lab === 'noise') recordRun(result.noisy);
          return result;
        }
        case 'randomization':
          return labCall({ lab: 'randomization', params, mode: s.mode, depth: s.depth, seed: params.seed, methods: s.methods });
        case 'shift':
          return labCall({ lab: 'shift', params, shift: s.shift });
        case 'insertion_deletion': {
          const map = await attribute(params);
          return labCall({
            lab: 'insertion_deletion',
            target: params.target,
            attributions: map.attributions,
            channels: map.shape[3],
            rank: s.rank,
            steps: s.points,
            seed: params.seed,
          });
        }
        case 'baselines': {
          const results: AttributionOutput[] = [];
          for (const [i, baseline] of s.baselines.entries()) {
            onProgress({ message: `IG with the ${baseline} baseline (${i + 1} of ${s.baselines.length})` });
            results.push(await attribute({ ...params, method: 'ig', baseline }));
            partial({ result: { lab: 'baselines', results: [...results] } });
          }
          return { lab: 'baselines', results };
        }
        case 'convergence':
          return convergence(params, s.steps, s.approximations, attribute, onProgress, (result) => partial({ result }));
      }
    },
    { label: id, ...(keepShown && lab.result ? { started: { status: 'running', error: undefined, progress: { message: 'Updating' } } } : {}) },
  );
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

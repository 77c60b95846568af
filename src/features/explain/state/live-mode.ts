/**
 * The live policy (live-policy.ts) applied to the page: each completed attribution's time is recorded
 * by backend, model and method (the explanation, the comparison grid and the noise lab all record),
 * and the mode of a method is read from the backend running and that record.
 */
import { METHODS, type AttributionParams, type MethodId } from '../../../methods/params';
import type { ModelId } from '../../../shared/models/registry';
import type { AttributionOutput, BackendName } from '../../../shared/protocol/messages';
import { usedParams } from '../../../client/result-cache';
import { getApp, setApp, type AppState } from '../../../client/store';
import { runMode, runModeText, type RunMode } from './live-policy';

const timingKey = (backend: BackendName | undefined, model: ModelId, method: MethodId) => `${backend ?? '?'}:${model}:${method}`;

/** Records a completed run's time; NoiseTunnel runs are left out (their cost is their samples', not the method's). */
export function recordRun(result: AttributionOutput): void {
  if (result.params.nt !== 'none') return;
  const key = timingKey(getApp().backend?.name, result.model, result.method);
  setApp((s) => ({ explain: { ...s.explain, runMs: { ...s.explain.runMs, [key]: result.timings.totalMs } } }));
}

/** The mode of `params` (default: the explanation's) on the backend and model shown. */
export function methodRunMode(s: AppState, params: AttributionParams = s.explain.params): RunMode {
  return runMode({
    method: params.method,
    noiseTunnelSamples: params.nt === 'none' ? 0 : params.ntSamples,
    backend: s.backend,
    lastMs: s.explain.runMs[timingKey(s.backend?.name, s.modelId, params.method)],
  });
}

/** The explanation's mode line (a string, so components can select it from the store). */
export function explainModeText(s: AppState, button?: string): string {
  return runModeText(methodRunMode(s), METHODS[s.explain.params.method].label, button);
}

/**
 * Whether the map shown was computed with other settings than those in the controls (model, method,
 * target, or a parameter the method reads). The photo is not compared: a new photo always re-runs.
 */
export function mapIsStale(s: AppState): boolean {
  const r = s.explain.result;
  if (!r) return false;
  if (r.model !== s.modelId) return true;
  const target = s.explain.params.target ?? (s.result?.model === s.modelId ? s.result.top[0].index : null);
  if (target == null) return false;
  return JSON.stringify(usedParams(r.method, r.params, r.params.target)) !== JSON.stringify(usedParams(s.explain.params.method, s.explain.params, target));
}

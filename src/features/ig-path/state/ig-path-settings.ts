/**
 * The IG path explorer's settings and their URL contract: `ig_path=1` (opens and runs it for the
 * current image), `ig_path_baseline=`, `ig_path_steps=`, `ig_path_method=` (the same values, defaults
 * and least steps as Integrated Gradients' `baseline`, `steps`, `ig_method`), `ig_path_alpha=<0..1>`
 * (the point shown; snapped to the nearest quadrature point, 0 or 1) and `ig_path_scale=path|alpha`
 * (one colour scale along the path, or one per α).
 */
import { BASELINE } from '../../../methods/common';
import { APPROXIMATION_METHODS, minSteps, type ApproximationMethod } from '../../../methods/ig/approximation';
import { IG_METHOD, STEPS } from '../../../methods/ig/meta';
import { BASELINE_IDS, type BaselineId } from '../../../methods/params';
import { numberParam, oneOf } from '../../../shared/url-values';

export const PATH_SCALES = ['path', 'alpha'] as const;
export type PathScale = (typeof PATH_SCALES)[number];

export interface IgPathSettings {
  baseline: BaselineId;
  steps: number;
  method: ApproximationMethod;
  alpha: number;
  scale: PathScale;
}

/** Two [steps, 224, 224] float maps come back: 200 steps is 80 MB, as far as a student's tab should go. */
export const MAX_PATH_STEPS = 200;

export const DEFAULT_IG_PATH: IgPathSettings = {
  baseline: BASELINE.default as BaselineId,
  steps: STEPS.default as number,
  method: IG_METHOD.default as ApproximationMethod,
  alpha: 0.5,
  scale: 'path',
};

export function parseIgPath(search: string): { requested: boolean; settings: IgPathSettings } {
  const p = new URLSearchParams(search);
  const d = DEFAULT_IG_PATH;
  const method = oneOf(APPROXIMATION_METHODS, p.get('ig_path_method')) ?? d.method;
  const steps = numberParam(p.get('ig_path_steps'), STEPS.min, MAX_PATH_STEPS, d.steps, true);
  return {
    requested: p.get('ig_path') === '1',
    settings: {
      baseline: oneOf(BASELINE_IDS, p.get('ig_path_baseline')) ?? d.baseline,
      steps: Math.max(steps, minSteps(method)),
      method,
      alpha: numberParam(p.get('ig_path_alpha'), 0, 1, d.alpha),
      scale: oneOf(PATH_SCALES, p.get('ig_path_scale')) ?? d.scale,
    },
  };
}

export function writeIgPath(search: string, s: IgPathSettings, open: boolean): string {
  const p = new URLSearchParams(search);
  const d = DEFAULT_IG_PATH;
  const set = (key: string, value: string, fallback: string) => (value === fallback ? p.delete(key) : p.set(key, value));
  set('ig_path', open ? '1' : '', '');
  set('ig_path_baseline', s.baseline, d.baseline);
  set('ig_path_steps', String(s.steps), String(d.steps));
  set('ig_path_method', s.method, d.method);
  set('ig_path_alpha', String(Number(s.alpha.toFixed(6))), String(d.alpha));
  set('ig_path_scale', s.scale, d.scale);
  const out = p.toString();
  return out ? `?${out}` : '';
}

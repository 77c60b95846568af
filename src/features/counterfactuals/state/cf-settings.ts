/**
 * Counterfactual settings and their URL contract: `cf=optimise|swap` (opens and runs it for the
 * current image), `cf_target=<class>` (absent: the runner-up class), optimisation `cf_c=`, `cf_kappa=`,
 * `cf_lr=`, `cf_iters=`, `cf_search=`; region swap `cf_grid=`, `cf_cells=any`, `cf_distractor=<sample>`
 * (absent: the sample photo of the target class).
 */
import { CF_IDS, type CounterfactualId, type OptimiseSettings, type SwapSettings } from '../protocol';
import { numberParam } from '../../../shared/url-values';

export interface CfSettings {
  kind: CounterfactualId;
  target: number | null;
  optimise: OptimiseSettings;
  swap: SwapSettings;
  /** Sample index of the distractor photo; null: the sample of the target class. */
  distractor: number | null;
}

/** OmniXAI's c, kappa and learning rate; fewer iterations and search steps than its 1000 x 5, to fit a laptop. */
export const DEFAULT_CF: CfSettings = {
  kind: 'optimise',
  target: null,
  optimise: { c: 10, kappa: 10, learningRate: 0.01, iterations: 100, searchSteps: 1 },
  swap: { grid: 7, anyCell: false },
  distractor: null,
};

export function parseCf(search: string): { requested: boolean; settings: CfSettings } {
  const p = new URLSearchParams(search);
  const d = DEFAULT_CF;
  const kind = p.get('cf');
  const requested = (CF_IDS as readonly string[]).includes(kind ?? '');
  const klass = (key: string) => {
    const v = numberParam(p.get(key), 0, 999, NaN, true);
    return Number.isFinite(v) ? v : null;
  };
  return {
    requested,
    settings: {
      kind: requested ? (kind as CounterfactualId) : d.kind,
      target: klass('cf_target'),
      optimise: {
        c: numberParam(p.get('cf_c'), 1e-6, 1e9, d.optimise.c),
        kappa: numberParam(p.get('cf_kappa'), 0, 1000, d.optimise.kappa),
        learningRate: numberParam(p.get('cf_lr'), 1e-6, 1, d.optimise.learningRate),
        iterations: numberParam(p.get('cf_iters'), 1, 5000, d.optimise.iterations, true),
        searchSteps: numberParam(p.get('cf_search'), 1, 10, d.optimise.searchSteps, true),
      },
      swap: { grid: numberParam(p.get('cf_grid'), 1, 16, d.swap.grid, true), anyCell: p.get('cf_cells') === 'any' },
      distractor: klass('cf_distractor'),
    },
  };
}

export function writeCf(search: string, s: CfSettings, open: boolean): string {
  const p = new URLSearchParams(search);
  const d = DEFAULT_CF;
  const set = (key: string, value: string, fallback: string) => (value === fallback ? p.delete(key) : p.set(key, value));
  set('cf', open ? s.kind : '', '');
  set('cf_target', s.target == null ? '' : String(s.target), '');
  set('cf_c', String(s.optimise.c), String(d.optimise.c));
  set('cf_kappa', String(s.optimise.kappa), String(d.optimise.kappa));
  set('cf_lr', String(s.optimise.learningRate), String(d.optimise.learningRate));
  set('cf_iters', String(s.optimise.iterations), String(d.optimise.iterations));
  set('cf_search', String(s.optimise.searchSteps), String(d.optimise.searchSteps));
  set('cf_grid', String(s.swap.grid), String(d.swap.grid));
  set('cf_cells', s.swap.anyCell ? 'any' : '', '');
  set('cf_distractor', s.distractor == null ? '' : String(s.distractor), '');
  const out = p.toString();
  return out ? `?${out}` : '';
}

/**
 * The pitfalls labs' settings and their URL contract: `lab=<id>` opens (and runs) a lab for the current
 * image, method and target; `lab_sigma`, `lab_mode`, `lab_depth`, `lab_shift`, `lab_baselines`,
 * `lab_steps`, `lab_approx`, `lab_points`, `lab_rank`, `lab_methods` set its parameters.
 */
import { APPROXIMATION_METHODS, type ApproximationMethod } from '../../../methods/ig/approximation';
import { BASELINE_IDS, METHOD_IDS, type BaselineId, type MethodId } from '../../../methods/params';
import { RANKS, type Rank } from '../../../shared/metrics/pixel-order';
import { LAB_IDS, type LabId } from '../protocol';
import { listOf, numberParam, oneOf } from '../../../shared/url-values';

export interface LabSettings {
  /** Noise lab: standard deviation of the Gaussian pixel noise (0..255 units). */
  sigma: number;
  mode: 'cascade' | 'independent';
  /** Randomisation: how many weight layers, from the top. */
  depth: number;
  /**
   * Randomisation: methods run on the same randomised models besides the current one (`lab_methods`,
   * in the order named; the current method is always run, first). Empty: the current method alone.
   */
  methods: MethodId[];
  /** Input-shift lab: the constant added to every pixel value, in pixel units. */
  shift: number;
  baselines: BaselineId[];
  /** Convergence: IG n_steps values and quadratures. */
  steps: number[];
  approximations: ApproximationMethod[];
  /** Insertion/deletion: steps per curve (RISE's n_steps; the curve has points + 1 points). */
  points: number;
  /**
   * Insertion/deletion: how the attributions become RISE's one-value-per-pixel map before sorting: the signed
   * channel sum, most positive first (the default, and the lab's order before `lab_rank` existed), or its magnitude.
   */
  rank: Rank;
}

/** The most steps per curve: 224 is RISE's own notebook setting (step = 224 pixels on a 224 x 224 input). */
export const MAX_LAB_POINTS = 224;

export const DEFAULT_LAB_SETTINGS: LabSettings = {
  sigma: 8,
  mode: 'cascade',
  depth: 4,
  methods: [],
  shift: 50,
  baselines: [...BASELINE_IDS],
  // Powers of two: evenly spaced on the log–log chart; 756 gradients over the six quadratures (the old
  // 5..300 list took 2,940, minutes even on a laptop GPU).
  steps: [2, 4, 8, 16, 32, 64],
  approximations: [...APPROXIMATION_METHODS],
  points: 20,
  rank: 'signed',
};

/** Allowed values named in the link, in their canonical order (the order the lab draws them). */
function list<T extends string>(v: string | null, allowed: readonly T[], fallback: T[]): T[] {
  const items = listOf(v, allowed, []);
  return items.length ? allowed.filter((a) => items.includes(a)) : fallback;
}

export function parseLab(search: string): { lab: LabId | null; settings: LabSettings } {
  const p = new URLSearchParams(search);
  const d = DEFAULT_LAB_SETTINGS;
  const lab = p.get('lab');
  const steps = (p.get('lab_steps') ?? '')
    .split(',')
    .map((s) => numberParam(s, 1, 1000, NaN, true))
    .filter(Number.isFinite);
  return {
    lab: oneOf(LAB_IDS, lab) ?? null,
    settings: {
      sigma: numberParam(p.get('lab_sigma'), 0, 255, d.sigma),
      mode: oneOf(['independent', 'cascade'] as const, p.get('lab_mode')) ?? d.mode,
      depth: numberParam(p.get('lab_depth'), 1, 200, d.depth, true),
      methods: listOf(p.get('lab_methods'), METHOD_IDS, d.methods),
      shift: numberParam(p.get('lab_shift'), -255, 255, d.shift),
      baselines: list(p.get('lab_baselines'), BASELINE_IDS, d.baselines),
      steps: steps.length ? [...new Set(steps)].sort((a, b) => a - b) : d.steps,
      approximations: list(p.get('lab_approx'), APPROXIMATION_METHODS, d.approximations),
      points: numberParam(p.get('lab_points'), 2, MAX_LAB_POINTS, d.points, true),
      rank: oneOf(RANKS, p.get('lab_rank')) ?? d.rank,
    },
  };
}

export function writeLab(search: string, lab: LabId | null, s: LabSettings): string {
  const p = new URLSearchParams(search);
  const d = DEFAULT_LAB_SETTINGS;
  const set = (key: string, value: string, fallback: string) => (value === fallback ? p.delete(key) : p.set(key, value));
  set('lab', lab ?? '', '');
  set('lab_sigma', String(s.sigma), String(d.sigma));
  set('lab_mode', s.mode, d.mode);
  set('lab_depth', String(s.depth), String(d.depth));
  set('lab_methods', s.methods.join(','), d.methods.join(','));
  set('lab_shift', String(s.shift), String(d.shift));
  set('lab_baselines', s.baselines.join(','), d.baselines.join(','));
  set('lab_steps', s.steps.join(','), d.steps.join(','));
  set('lab_approx', s.approximations.join(','), d.approximations.join(','));
  set('lab_points', String(s.points), String(d.points));
  set('lab_rank', s.rank, d.rank);
  const out = p.toString();
  return out ? `?${out}` : '';
}

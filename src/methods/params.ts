/**
 * Attribution request parameters: pure data shared by the UI and the worker, with the URL contract
 * (`method=`, `target=`, `baseline=`, `steps=`, `ig_method=`, `samples=`, `stdevs=`, `nt=`,
 * `nt_samples=`, `nt_stdevs=`, `seed=`, `dist=`, `batch=`).
 */
import { APPROXIMATION_METHODS, minSteps, type ApproximationMethod } from './ig/approximation';

export const METHOD_IDS = ['saliency', 'ixg', 'ig', 'gradshap', 'deeplift', 'deepliftshap', 'gradcam', 'occlusion'] as const;
export type MethodId = (typeof METHOD_IDS)[number];

export const BASELINE_IDS = ['black', 'white', 'gray', 'uniform', 'gaussian', 'blur', 'zero'] as const;
export type BaselineId = (typeof BASELINE_IDS)[number];

export const DISTRIBUTION_IDS = ['black_white', 'black_image', 'zero_image', 'noise'] as const;
export type DistributionId = (typeof DISTRIBUTION_IDS)[number];

export const NT_TYPES = ['none', 'smoothgrad', 'smoothgrad_sq', 'vargrad'] as const;
export type NoiseTunnelType = (typeof NT_TYPES)[number];

export interface AttributionParams {
  method: MethodId;
  /** Class to explain; null = the predicted class. */
  target: number | null;
  baseline: BaselineId;
  /** Integrated Gradients n_steps. */
  steps: number;
  igMethod: ApproximationMethod;
  /** GradientShap n_samples. */
  samples: number;
  /** GradientShap's noise standard deviation in model-input units (Captum's `stdevs`; 0 = no noise). */
  stdevs: number;
  nt: NoiseTunnelType;
  ntSamples: number;
  /** NoiseTunnel's noise standard deviation in model-input units; 0 = 15 % of the input range (auto). */
  ntStdevs: number;
  seed: number;
  /** Baseline distribution for GradientShap and DeepLiftShap. */
  dist: DistributionId;
  /** Saliency: absolute value of the gradient (Captum's abs=True). */
  abs: boolean;
  /** Occlusion window and stride, in pixels. */
  window: number;
  stride: number;
  /** Internal batch size; null = chosen from the backend and model. */
  batch: number | null;
}

export const DEFAULT_PARAMS: AttributionParams = {
  method: 'saliency',
  target: null,
  baseline: 'black',
  steps: 50,
  igMethod: 'gausslegendre',
  samples: 5,
  stdevs: 0,
  nt: 'none',
  ntSamples: 5,
  ntStdevs: 0,
  seed: 0,
  dist: 'black_image',
  abs: false,
  window: 32,
  stride: 16,
  batch: null,
};

export type AttributionUnits = 'logit' | 'gradient' | 'occlusion' | 'gradcam';

export const UNITS: Record<AttributionUnits, string> = {
  logit: 'logit units (each value is a share of the target logit)',
  gradient: 'logit per model-input unit (a gradient)',
  occlusion: 'drop of the target logit when a window over the pixel is covered (mean over the windows covering it)',
  gradcam: 'Grad-CAM units (gradient-weighted activations of the last conv block, signed: no ReLU, as Captum\u2019s default)',
};

/** The scale group of a result: NoiseTunnel's smoothgrad_sq and vargrad square the units. */
export function scaleGroupOf(method: MethodId, nt: NoiseTunnelType): string {
  const units = METHODS[method].units;
  return nt === 'smoothgrad_sq' || nt === 'vargrad' ? `${units}^2` : units;
}

export interface MethodMeta {
  label: string;
  /** Which parameters the method reads (drives the controls shown). */
  uses: Array<'baseline' | 'steps' | 'igMethod' | 'samples' | 'stdevs' | 'dist' | 'abs' | 'window' | 'stride'>;
  /** Whether Captum defines a convergence delta for it. */
  hasDelta: boolean;
  paper: string;
  /** What one value of the map measures; maps share a colour scale only within the same units. */
  units: AttributionUnits;
  /**
   * How the displayed H x W map is made from the channels: 'sum' (Captum's visualisation, each channel a
   * share) or 'copies' (every channel holds the same value, as Occlusion's; the map is one channel).
   */
  channels: 'sum' | 'copies';
  /** Where and why this differs from Captum, shown next to the controls. */
  captumDifference?: string;
}

const DEEPLIFT_DIFFERENCE =
  'Captum has no ReLU6 rule (it passes the plain gradient) and its max-pool rule drops overlapping windows, ' +
  'so its attributions stop summing to f(x) − f(baseline) (about −27 on MobileNet and −10 on ResNet-50 for the ' +
  'goldfish). Here ReLU and ReLU6 use the rescale rule and max-pool adds every window\u2019s share, so the delta ' +
  'is float rounding. A window\u2019s share is split equally among tied maxima (Captum gives it to the first one), ' +
  'so the map does not depend on a scan order.';
const BLACK_BASELINE = 'The default baseline is a black image; Captum\u2019s is the zero tensor (baseline “zero” here).';
const PER_SAMPLE_DELTAS = 'The delta shown is the mean of Captum\u2019s per-sample deltas, with mean |δᵢ| and the largest beside it.';

export const METHODS: Record<MethodId, MethodMeta> = {
  saliency: {
    label: 'Saliency (vanilla gradient)', units: 'gradient', channels: 'sum',
    uses: ['abs'],
    hasDelta: false,
    paper: 'Simonyan et al. 2013',
    captumDifference: 'Shows the signed gradient by default; Captum\u2019s default is its absolute value (tick the box).',
  },
  ixg: { label: 'Input × Gradient', units: 'logit', channels: 'sum', uses: [], hasDelta: false, paper: 'Shrikumar et al. 2016' },
  ig: {
    label: 'Integrated Gradients', units: 'logit', channels: 'sum',
    uses: ['baseline', 'steps', 'igMethod'],
    hasDelta: true,
    paper: 'Sundararajan et al. 2017',
    captumDifference: `${BLACK_BASELINE} Quadratures are Captum\u2019s (riemann_trapezoid\u2019s weights sum to (n − 1)/n, as in Captum); “trapezoid” is the textbook rule.`,
  },
  gradshap: { label: 'GradientShap', units: 'logit', channels: 'sum', uses: ['dist', 'samples', 'stdevs'], hasDelta: true, paper: 'Lundberg & Lee 2017', captumDifference: PER_SAMPLE_DELTAS },
  deeplift: {
    label: 'DeepLift (rescale)', units: 'logit', channels: 'sum',
    uses: ['baseline'],
    hasDelta: true,
    paper: 'Shrikumar et al. 2017',
    captumDifference: `${BLACK_BASELINE} ${DEEPLIFT_DIFFERENCE}`,
  },
  deepliftshap: { label: 'DeepLiftShap', units: 'logit', channels: 'sum', uses: ['dist'], hasDelta: true, paper: 'Lundberg & Lee 2017', captumDifference: `${DEEPLIFT_DIFFERENCE} ${PER_SAMPLE_DELTAS}` },
  gradcam: {
    label: 'Grad-CAM (last conv block)', units: 'gradcam', channels: 'sum',
    uses: [],
    hasDelta: false,
    paper: 'Selvaraju et al. 2017',
    captumDifference: 'The 7×7 map is upsampled bilinearly; Captum\u2019s interpolate defaults to nearest.',
  },
  occlusion: {
    label: 'Occlusion', units: 'occlusion', channels: 'copies',
    uses: ['baseline', 'window', 'stride'],
    hasDelta: false,
    paper: 'Zeiler & Fergus 2014',
    captumDifference: `${BLACK_BASELINE} The window spans all three channels; each channel holds the same drop (as Captum\u2019s output), and the map shows one channel, not their sum.`,
  },
};

export const BASELINES: Record<BaselineId, string> = {
  black: 'Black image (pixels 0)',
  white: 'White image (pixels 255)',
  gray: 'Mid-gray (pixels 127.5)',
  uniform: 'Uniform noise (pixels U(0, 255), seeded)',
  gaussian: 'Gaussian noise around the image (σ = 25.5 pixels, clipped)',
  blur: 'Blurred image (Gaussian, σ = 12 pixels)',
  zero: 'Zero in model-input space (the seed\u2019s input * 0: mean colour for ResNet-50, gray for MobileNet)',
};

export const DISTRIBUTIONS: Record<DistributionId, string> = {
  black_white: '{black, white}',
  black_image: '{black, the image}',
  zero_image: '{zero in model space, the image} (the seed\u2019s choice)',
  noise: '4 uniform-noise images',
};

const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  v != null && (values as readonly string[]).includes(v) ? (v as T) : fallback;
const intIn = (v: string | null, lo: number, hi: number, fallback: number) =>
  v != null && /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi ? Number(v) : fallback;
const numIn = (v: string | null, lo: number, hi: number, fallback: number) => {
  const n = v == null || v.trim() === '' ? NaN : Number(v);
  return Number.isFinite(n) && n >= lo && n <= hi ? n : fallback;
};

/** Reads attribution parameters from a query string; invalid values fall back to defaults. */
export function parseParams(search: string): { params: AttributionParams; requested: boolean } {
  const p = new URLSearchParams(search);
  const d = DEFAULT_PARAMS;
  const target = p.get('target');
  const params: AttributionParams = {
    method: oneOf(METHOD_IDS, p.get('method'), d.method),
    target: target != null && /^\d+$/.test(target) && Number(target) < 1000 ? Number(target) : null,
    baseline: oneOf(BASELINE_IDS, p.get('baseline'), d.baseline),
    steps: intIn(p.get('steps'), 1, 1000, d.steps),
    igMethod: oneOf(APPROXIMATION_METHODS, p.get('ig_method'), d.igMethod),
    samples: intIn(p.get('samples'), 1, 500, d.samples),
    stdevs: numIn(p.get('stdevs'), 0, 1000, d.stdevs),
    nt: oneOf(NT_TYPES, p.get('nt'), d.nt),
    ntSamples: intIn(p.get('nt_samples'), 1, 500, d.ntSamples),
    // Links made before nt_stdevs existed used `stdevs` for both noises: they keep meaning what they meant.
    ntStdevs: numIn(p.get('nt_stdevs') ?? p.get('stdevs'), 0, 1000, d.ntStdevs),
    seed: intIn(p.get('seed'), 0, 2 ** 31 - 1, d.seed),
    dist: oneOf(DISTRIBUTION_IDS, p.get('dist'), d.dist),
    abs: p.get('abs') === '1' || p.get('abs') === 'true',
    window: intIn(p.get('window'), 1, 224, d.window),
    stride: intIn(p.get('stride'), 1, 224, d.stride),
    batch: p.has('batch') ? intIn(p.get('batch'), 1, 256, 0) || null : null,
  };
  params.steps = Math.max(params.steps, minSteps(params.igMethod));
  return { params, requested: (METHOD_IDS as readonly string[]).includes(p.get('method') ?? '') };
}

/** Writes the parameters that differ from the defaults (plus method) into a query string. */
export function writeParams(search: string, params: AttributionParams): string {
  const p = new URLSearchParams(search);
  const keys: Array<[string, keyof AttributionParams]> = [
    ['method', 'method'], ['target', 'target'], ['baseline', 'baseline'], ['steps', 'steps'], ['ig_method', 'igMethod'],
    ['samples', 'samples'], ['stdevs', 'stdevs'], ['nt', 'nt'], ['nt_samples', 'ntSamples'], ['nt_stdevs', 'ntStdevs'], ['seed', 'seed'],
    ['dist', 'dist'], ['abs', 'abs'], ['window', 'window'], ['stride', 'stride'], ['batch', 'batch'],
  ];
  for (const [key, field] of keys) {
    const v = params[field];
    if (field !== 'method' && (v === DEFAULT_PARAMS[field] || v === null || v === false)) p.delete(key);
    else p.set(key, v === true ? '1' : String(v));
  }
  // Always explicit under a NoiseTunnel: an absent nt_stdevs falls back to `stdevs` (old links).
  if (params.nt !== 'none') p.set('nt_stdevs', String(params.ntStdevs));
  else p.delete('nt_stdevs');
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * The values a method request carries, as data with no other module behind it: the id lists of
 * baselines, distributions and NoiseTunnel types, and every parameter field but the method's id.
 * Specs (spec.ts), metas and the registry build on it; params.ts adds `method` once the registry
 * knows the ids. (Keeping this file free of the registry keeps the methods' modules free of cycles.)
 */
import type { ApproximationMethod } from './ig/approximation';

export const BASELINE_IDS = ['black', 'white', 'gray', 'uniform', 'gaussian', 'blur', 'zero'] as const;
export type BaselineId = (typeof BASELINE_IDS)[number];

export const DISTRIBUTION_IDS = ['black_white', 'black_image', 'zero_image', 'noise'] as const;
export type DistributionId = (typeof DISTRIBUTION_IDS)[number];

export const NOISE_TUNNEL_TYPES = ['smoothgrad', 'smoothgrad_sq', 'vargrad'] as const;
export type NoiseTunnelKind = (typeof NOISE_TUNNEL_TYPES)[number];

/** How the perturbation methods group pixels into features: SLIC superpixels or a square grid. */
export const SEGMENTATION_IDS = ['slic', 'grid'] as const;
export type SegmentationId = (typeof SEGMENTATION_IDS)[number];

/** LRP's rule presets (methods/lrp/lrp.ts). */
export const LRP_RULES = ['composite', 'epsilon', 'gamma', 'zplus'] as const;
export type LrpRule = (typeof LRP_RULES)[number];
/** LRP's treatment of biases: conserving (ours, the default) or Captum's (biases absorb relevance). */
export const LRP_BIASES = ['conserve', 'captum'] as const;
export type LrpBias = (typeof LRP_BIASES)[number];

/** The request's choice: 'none' runs the method alone. */
export const NT_TYPES = ['none', ...NOISE_TUNNEL_TYPES] as const;
export type NoiseTunnelType = (typeof NT_TYPES)[number];

/** Every field of a method request but `method` (see AttributionParams in params.ts). */
export interface ParamValues {
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
  /** Expected Gradients: distinct reference photos, and (photo, alpha) samples. */
  egPhotos: number;
  egSamples: number;
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
  /** CAM methods' layer (a conv block output of the model); '' = the last conv block. */
  layer: string;
  /** Perturbation methods (Feature Ablation, Shapley sampling, LIME, Kernel SHAP): the feature mask. */
  segments: SegmentationId;
  /** About how many segments (SLIC's n_segments; the grid takes round(sqrt(n)) cells per side). */
  nSegments: number;
  /** Shapley sampling's permutations, LIME's and Kernel SHAP's samples (Captum's n_samples, 25). */
  segSamples: number;
  /** Blur IG (PAIR): largest blur sigma in pixels, steps, the sigma step of d blur / d sigma, square-root spacing. */
  blurMaxSigma: number;
  blurSteps: number;
  blurGradStep: number;
  blurSqrt: boolean;
  /** Guided IG (PAIR): steps, fraction of features moved per round, largest deviation from the straight line. */
  gigSteps: number;
  gigFraction: number;
  gigMaxDist: number;
  /** XRAI (PAIR): IG steps per baseline, and the area the regions cover before the rest is filled with its mean. */
  xraiSteps: number;
  xraiArea: number;
  /** LRP's rule preset. */
  lrpRule: LrpRule;
  lrpBias: LrpBias;
  /** Internal batch size; null = chosen from the backend and model. */
  batch: number | null;
}

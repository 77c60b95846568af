/**
 * Parameters and vocabulary shared by several methods or by every request: the pixel-space baseline,
 * the SHAP baseline distribution, target, seed and batch, and the texts of the units.
 */
import type { AttributionUnits, EnumSpec, LayerSpec, NumberSpec } from './spec';
import { BASELINE_IDS, DISTRIBUTION_IDS, SEGMENTATION_IDS, type BaselineId, type DistributionId } from './values';

export { BASELINE_IDS, DISTRIBUTION_IDS, type BaselineId, type DistributionId } from './values';

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

export const UNITS: Record<AttributionUnits, string> = {
  logit: 'logit units (each value is a share of the target logit)',
  gradient: 'logit per model-input unit (a gradient)',
  occlusion: 'drop of the target logit when a window over the pixel is covered (mean over the windows covering it)',
  ablation: 'drop of the target logit when the pixel\u2019s whole segment is replaced by the baseline (every pixel of a segment shows it)',
  segment_logit: 'the segment\u2019s Shapley share of f(x) − f(baseline) in logits (every pixel of a segment shows it; the segments, not the pixels, sum to it)',
  lime: 'coefficient of the segment in LIME\u2019s weighted Lasso surrogate: logit change when the segment is shown instead of the baseline (every pixel of a segment shows it)',
  xrai: 'XRAI region gain: the mean attribution per pixel (max over channels of IG, in logits) of the new pixels of the region that first covered the pixel (every pixel of a region shows it)',
  gradcam: 'Grad-CAM units (gradient-weighted activations of the layer, signed: no ReLU, as Captum\u2019s default)',
  gradcam_pp: 'Grad-CAM++ units (activations of the layer weighted by Σ αᵢⱼ·relu(gradient), ReLU applied, as pytorch-grad-cam)',
  score_cam: 'Score-CAM units (activations of the layer weighted by the softmax over channels of the masked inputs\u2019 target logits, ReLU applied, as pytorch-grad-cam)',
  guided_gradcam: 'Guided Backprop (logit per model-input unit) times the ReLU\u2019d Grad-CAM map of the layer (Grad-CAM units, \u2265 0)',
};

/** The pixel-space baseline (Integrated Gradients, DeepLift, Occlusion). */
export const BASELINE: EnumSpec = {
  key: 'baseline', url: 'baseline', kind: 'enum', label: 'Baseline', default: 'black', values: BASELINE_IDS, names: BASELINES, seeded: true,
};

/** The baseline distribution (GradientShap, DeepLiftShap). */
export const DISTRIBUTION: EnumSpec = {
  key: 'dist', url: 'dist', kind: 'enum', label: 'Baseline distribution', default: 'black_image', values: DISTRIBUTION_IDS, names: DISTRIBUTIONS, seeded: true,
};

/** The feature mask of the perturbation methods (Feature Ablation, Shapley sampling, LIME, Kernel SHAP). */
export const SEGMENTS: EnumSpec = {
  key: 'segments', url: 'segments', kind: 'enum', label: 'Segments (feature mask)', default: 'slic', values: SEGMENTATION_IDS,
  names: { slic: 'SLIC superpixels (compactness 10)', grid: 'Square grid' },
};

/**
 * About 50 segments by default: a student can see each one, Shapley sampling stays at 25 × 50 = 1,250
 * forward passes, and LIME / Kernel SHAP's 25 samples are not hopelessly fewer than the features.
 */
export const N_SEGMENTS: NumberSpec = { key: 'nSegments', url: 'n_segments', kind: 'int', label: 'Segments (about)', default: 50, min: 2, max: 400 };

/** Captum's n_samples for ShapleyValueSampling (permutations), Lime and KernelShap (samples): 25. */
export const SEG_SAMPLES: NumberSpec = {
  key: 'segSamples', url: 'seg_samples', kind: 'int', label: 'Samples (n_samples)', default: 25, min: 1, max: 2000, seeded: true,
};

/** Class to explain; null = the predicted class (its control is the target picker). */
export const TARGET: NumberSpec = { key: 'target', url: 'target', kind: 'int', label: 'Target class', default: null, min: 0, max: 999 };

/** Seeds every random draw of a request (noise baselines, SHAP samples, NoiseTunnel's noise). */
export const SEED: NumberSpec = { key: 'seed', url: 'seed', kind: 'int', label: 'Seed', default: 0, min: 0, max: 2 ** 31 - 1 };

/** The layer a CAM method explains; '' = the model's last conv block. Its control lists the model's blocks. */
export const LAYER: LayerSpec = { key: 'layer', url: 'layer', kind: 'layer', label: 'Layer', default: '' };

/** Internal batch size; null = chosen from the backend and model. URL only, no control. */
export const BATCH: NumberSpec = { key: 'batch', url: 'batch', kind: 'int', label: 'Batch size', default: null, min: 1, max: 256 };

/** Notes shared by several methods' `captumDifference`. */
export const BLACK_BASELINE_NOTE = 'The default baseline is a black image; Captum\u2019s is the zero tensor (baseline “zero” here).';
export const SEGMENT_NOTE = 'Features are segments of the photo (SLIC superpixels or a grid, Captum\u2019s feature_mask), spanning the three channels; every channel holds the segment\u2019s value and the map shows one channel, not their sum.';
export const PER_SAMPLE_DELTAS_NOTE = 'The delta shown is the mean of Captum\u2019s per-sample deltas, with mean |δᵢ| and the largest beside it.';

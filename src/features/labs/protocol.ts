/**
 * The pitfalls labs' requests and results (issue: saliency maps can mislead). Labs that only need
 * ordinary attributions (baselines, convergence) are run by the page as several `attribute` calls;
 * the others are one `lab` call each, worked in the model worker.
 */
import type { AttributionParams, MethodId } from '../../methods/params';
import type { Rank } from '../../shared/metrics/pixel-order';
import type { Preprocessing } from '../../shared/models/registry';
import type { AttributionOutput, ClassScore, ImageSource } from '../../shared/protocol/messages';
import type { ModelId } from '../../shared/models/registry';

export const LAB_IDS = ['noise', 'randomization', 'shift', 'baselines', 'convergence', 'insertion_deletion'] as const;
export type LabId = (typeof LAB_IDS)[number];

/** How alike two maps are (channel-summed, 224 x 224). */
export interface Similarity {
  /** Spearman rank correlation of the signed maps. */
  spearman: number;
  /** ... of their absolute values (Ghorbani et al. and Adebayo et al. compare magnitudes). */
  spearmanAbs: number;
  /** Share of the top `topKFraction` most important pixels (by |value|) the two maps have in common. */
  topK: number;
  topKFraction: number;
  /** SSIM of the absolute maps, each scaled to [0, 1] by its own 99th-percentile-ish threshold. */
  ssim: number;
}

export type TargetedParams = AttributionParams & { target: number };

export type LabRequest =
  | { lab: 'noise'; params: TargetedParams; sigma: number; seed: number }
  | {
      lab: 'randomization';
      params: TargetedParams;
      mode: 'cascade' | 'independent';
      depth: number;
      seed: number;
      /**
       * Methods run on the same randomised models, as Adebayo et al.'s Figure 2 (`lab_methods`); the
       * request's own method (params.method) is always run, first. Absent or empty: that method alone.
       */
      methods?: MethodId[];
    }
  | { lab: 'shift'; params: TargetedParams; shift: number }
  | {
      lab: 'insertion_deletion';
      target: number;
      /** The method's attributions (HWC, `channels` per pixel), reduced to one value per pixel by `rank`. */
      attributions: Float32Array;
      channels: number;
      rank: Rank;
      /** Steps per curve asked for (RISE's n_steps; the step in pixels follows). */
      steps: number;
      /** Seed of the random-order control. */
      seed: number;
    };

export interface NoiseLabResult {
  lab: 'noise';
  sigma: number;
  original: AttributionOutput;
  noisy: AttributionOutput;
  before: ClassScore[];
  after: ClassScore[];
  similarity: Similarity;
}

export interface RandomizationStep {
  /** Layers whose kernels were re-drawn for this step. */
  layers: string[];
  result: AttributionOutput;
  top: ClassScore[];
  similarity: Similarity;
}

/** One method's maps under the randomisation: the original model's, then one per step, and their similarities. */
export interface RandomizationSeries {
  method: MethodId;
  original: AttributionOutput;
  results: AttributionOutput[];
  similarity: Similarity[];
}

export interface RandomizationLabResult {
  lab: 'randomization';
  mode: 'cascade' | 'independent';
  /** The request's own method: its original map and each step's (also series[0]). */
  original: AttributionOutput;
  originalTop: ClassScore[];
  steps: RandomizationStep[];
  /** Every method run, the request's own first, each on the same randomised models as the others. */
  series: RandomizationSeries[];
}

export interface ShiftComparison {
  id: string;
  label: string;
  method: MethodId;
  original: AttributionOutput;
  shifted: AttributionOutput;
  similarity: Similarity;
  /** ||shifted - original|| / ||original|| (L2 over all values). */
  relativeChange: number;
}

export interface ShiftLabResult {
  lab: 'shift';
  /** The shift in pixel units and in model-input units per channel. */
  shift: number;
  shiftModel: number[];
  /** The first layer whose bias absorbed it, and max |logits(x + c) - logits(x)| after compensation. */
  layer: string;
  maxLogitDifference: number;
  /** The same with the bias alone (padding with zeros): the borders break the compensation. */
  maxLogitDifferenceBiasOnly: number;
  comparisons: ShiftComparison[];
}

export interface Curve {
  /** Target probability at each of the n_steps + 1 points (softmax over all classes). */
  scores: number[];
  /** RISE's auc of the scores. */
  auc: number;
}

/** RISE's causal metrics (eclique/RISE evaluation.py), as run: what was ranked, changed and into what. */
export interface InsertionDeletionResult {
  lab: 'insertion_deletion';
  target: number;
  rank: Rank;
  seed: number;
  /** Pixels changed per step, RISE's n_steps, and the pixels changed before each point: min(step * i, HW). */
  step: number;
  nSteps: number;
  counts: number[];
  /** x of each point, i / n_steps as RISE plots and integrates it. */
  fractions: number[];
  deletion: { saliency: Curve; random: Curve };
  insertion: { saliency: Curve; random: Curve };
  /** The insertion blur, RISE's gkern(klen, nsig) as float32, row-major klen x klen. */
  kernel: { klen: number; nsig: number; weights: number[] };
  /** The model's preprocessing (to show model-space inputs as pixels) and the colour of the deletion substrate. */
  preprocessing: Preprocessing;
  zeroRgb: [number, number, number];
  /** To rebuild the input at any point: pixel orders, the model input and the insertion start (blurred), HWC model space. */
  order: Uint32Array;
  randomOrder: Uint32Array;
  input: Float32Array;
  blurred: Float32Array;
}

export type LabResult = NoiseLabResult | RandomizationLabResult | ShiftLabResult | InsertionDeletionResult;

/** The pitfalls labs: the worker methods this feature adds (shared/protocol/api.ts joins every feature's). */
export interface LabsApi {
  lab: { params: { model: ModelId; source: ImageSource; request: LabRequest }; result: LabResult };
}

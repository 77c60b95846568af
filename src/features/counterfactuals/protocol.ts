/** Counterfactual requests and results: optimisation (OmniXAI / Wachter) and region swap (Goyal 2019). */
import type { ClassScore, ImageSource } from '../../shared/protocol/messages';
import type { ModelId } from '../../shared/models/registry';

export const CF_IDS = ['optimise', 'swap'] as const;
export type CounterfactualId = (typeof CF_IDS)[number];

export interface OptimiseSettings {
  /** Weight of the hinge term (OmniXAI's c; the L1 term's weight is 1, so lambda = 1 / c). */
  c: number;
  /** Logit margin the hinge asks for. */
  kappa: number;
  /** Step size in image units ([0, 1] = 0..255 pixel levels). */
  learningRate: number;
  iterations: number;
  /** Binary-search steps over c. */
  searchSteps: number;
}

export interface SwapSettings {
  /** Cells per side. */
  grid: number;
  /** Distractor cells from any position (Goyal's permutation) rather than the same one. */
  anyCell: boolean;
}

export interface CounterfactualRequest {
  kind: CounterfactualId;
  /** The class predicted now. */
  label: number;
  /** c*, the class to reach. */
  target: number;
  optimise: OptimiseSettings;
  swap: SwapSettings;
  /** Region swap: the photo of c* whose cells are pasted in. */
  distractor: ImageSource;
}

interface Common {
  label: number;
  target: number;
  /** The image, RGBA, as cropped for the model. */
  original: Uint8ClampedArray;
  /** The counterfactual image (null: none found), RGBA for display. */
  pixels: Uint8ClampedArray | null;
  /** Its top-5 by a separate forward pass of the final image. */
  before: ClassScore[];
  after: ClassScore[] | null;
  size: number;
}

export interface OptimiseResult extends Common {
  kind: 'optimise';
  settings: OptimiseSettings;
  found: boolean;
  /** counterfactual - original, HWC RGB in pixel levels (null: none found). */
  difference: Float32Array | null;
  /** sum |difference| / 255 (OmniXAI's L1 in [0, 1] units), mean |difference| and max in levels. */
  l1: number;
  meanAbs: number;
  linf: number;
  /** Share of pixels with any channel changed by more than half a level. */
  changedFraction: number;
  iterations: number;
  foundAt: { search: number; iteration: number; c: number } | null;
  bestMargin: number;
  trace: Array<{ search: number; iteration: number; c: number; margin: number; l1: number }>;
}

export interface SwapResult extends Common {
  kind: 'swap';
  settings: SwapSettings;
  reached: boolean;
  distractor: Uint8ClampedArray;
  /** The distractor's own prediction (is it c* at all?). */
  distractorTop: ClassScore[];
  steps: Array<{ cell: number; from: number; pTarget: number; pLabel: number; top: number; pTop: number }>;
  start: { pTarget: number; pLabel: number; top: number; pTop: number };
  evaluated: number;
}

export type CounterfactualResult = OptimiseResult | SwapResult;

/** Counterfactuals: the worker methods this feature adds (shared/protocol/api.ts joins every feature's). */
export interface CounterfactualsApi {
  counterfactual: { params: { model: ModelId; source: ImageSource; request: CounterfactualRequest }; result: CounterfactualResult };
}

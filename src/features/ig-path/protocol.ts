/**
 * The Integrated Gradients path explorer's request and result (Distill's "Visualizing the Impact of
 * Feature Attribution Baselines" figure, live): what IG computes at each quadrature point, kept point
 * by point instead of summed, so the page can show the path as α moves.
 */
import type { ApproximationMethod } from '../../methods/ig/approximation';
import type { BaselineId } from '../../methods/params';
import type { ModelId } from '../../shared/models/registry';
import type { ImageSource } from '../../shared/protocol/messages';

export interface IgPathRequest {
  /** The class explained (the page resolves "predicted" to the top-1 before asking). */
  target: number;
  baseline: BaselineId;
  /** Quadrature points (Captum's n_steps) and rule, as Integrated Gradients takes them. */
  steps: number;
  method: ApproximationMethod;
  /** Seeds the noise baselines exactly as the Explain panel's IG does. */
  seed: number;
  /** Rows per forward/backward pass; null = the engine's choice for the backend and model. */
  batch: number | null;
}

/** What IG computes at each quadrature point, kept point by point (worker/integrate-path.ts). */
export interface IgPathPoints {
  /** The quadrature's points α_k and weights w_k, as quadrature() gives them (ascending α). */
  alphas: number[];
  weights: number[];
  /** f(x_{α_k}), the target logit at each point, from the gradient pass. */
  scores: number[];
  /** f(baseline) and f(x): the target logit at α = 0 and α = 1 (the forward pass IG's delta uses). */
  fBaseline: number;
  fInput: number;
  /** [steps, H, W]: Σ_c ∂f/∂x_c at x_{α_k}, in logit per model-input unit. */
  gradients: Float32Array;
  /** [2, H, W]: the same at α = 0 and α = 1 (Gauss–Legendre's points are interior). */
  endGradients: Float32Array;
  /** [steps, H, W]: w_k Σ_c (x − b)_c ∂f/∂x_c(x_{α_k}): point k's share of the attributions, in logits. */
  increments: Float32Array;
  /** Σ over pixels of each increment map (float64 sums of the float32 maps). */
  incrementSums: number[];
  /** Σ (float64) of the attribution map computed as Integrated Gradients computes it, (x − b) × Σ_k w_k g_k. */
  attributionSum: number;
}

export interface IgPathResult extends IgPathPoints {
  model: ModelId;
  request: IgPathRequest;
  /** Side of the square model input, H = W. */
  size: number;
  /** The input crop as the model sees it, RGBA. */
  pixels: Uint8ClampedArray;
  /** The baseline as pixels, HWC RGB 0..255 unrounded: x_α's picture is baseline + α (x − baseline). */
  baselineRgb: Float32Array;
  batchSize: number;
}

/** The explorer's worker method (shared/protocol/api.ts joins every feature's). */
export interface IgPathApi {
  igPath: { params: { model: ModelId; source: ImageSource; request: IgPathRequest }; result: IgPathResult };
}

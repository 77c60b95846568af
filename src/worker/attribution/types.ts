/**
 * The contract between attribution methods and the engine. A method is a plain async function of
 * (input, target, params, context): it knows nothing of React, the DOM, the worker or the backend
 * (PAIR saliency's call_model_function idea), so unit tests can run it on the CPU backend.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ForwardOptions } from '../runtime/compile';
import type { Rng } from '../../shared/rng';

export interface AttributionContext {
  /** Logits [N, classes] of a batch in model-input space; tensors are the caller's (use tf.tidy). */
  logits(x: tf.Tensor4D, options?: ForwardOptions): tf.Tensor2D;
  /** Most rows one forward/backward pass may take (chosen from the backend's memory, overridable). */
  batchSize: number;
  /**
   * Called after each chunk of work with the units done so far and the total: reports progress,
   * throws if the request was cancelled, and yields so a cancel message can arrive.
   */
  step(done: number, total: number): Promise<void>;
  /** Seedable randomness: the same seed reproduces the same result. */
  rng: Rng;
}

export interface AttributionResult {
  /** Same shape as the input, [1, H, W, C] (Grad-CAM: [1, H, W, 1]); owned by the caller. */
  attributions: tf.Tensor4D;
  /** Target logit f(x)[target]. */
  targetLogit: number;
  /**
   * Convergence delta as Captum defines it for the method: sum(attributions) - (f(x) - f(baseline)),
   * averaged over baselines/samples where the method draws several. Absent where undefined.
   */
  delta?: number;
  /**
   * Captum's deltas one by one where the method draws several (GradientShap: one per sample; DeepLiftShap:
   * one per baseline; NoiseTunnel: the inner method's, for every noisy sample, concatenated). Their mean
   * is `delta`; a mean near 0 can hide large deltas of opposite sign, so mean |delta_i| and the largest
   * are shown beside it.
   */
  sampleDeltas?: number[];
  /** f(x) - f(baseline) (mean over baselines), to report the delta relative to it. */
  outputDifference?: number;
  /** The feature mask of a segment method: a label per pixel (H x W, row-major, 0..M-1), to draw its edges. */
  segments?: Int32Array;
  /** Method-specific numbers worth showing (e.g. samples used). */
  notes?: Record<string, number | string>;
}

/** Every method has this shape, so the argument order is fixed in one place. */
export type AttributionMethod<P> = (
  input: tf.Tensor4D,
  target: number,
  params: P,
  ctx: AttributionContext,
) => Promise<AttributionResult>;

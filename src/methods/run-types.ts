/**
 * The shape of a method's implementation (each method's run.ts; worker realm): from the request's
 * parameters and the inputs the worker can build, a function of the (possibly noisy) input.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../shared/models/registry';
import type { AttributionContext, AttributionResult } from '../worker/attribution/types';
import type { AttributionParams } from './params';

export interface MethodInputs {
  spec: ModelSpec;
  /** The clean photo, HWC RGB 0..255 (never a noisy copy): what the segment methods segment. */
  pixels: Float32Array;
  /** The pixel-space baseline chosen in the request, as model input [1, H, W, C]. */
  baseline(): tf.Tensor4D;
  /** The baseline distribution for the SHAP methods, [K, H, W, C]. */
  distribution(): tf.Tensor4D;
  /**
   * The app's ImageNet sample photos (Expected Gradients' reference set): `count` of them, by class
   * index; `exclude` is the photo being explained (null for an upload); `load` gives the chosen ones as
   * model input [K, H, W, C], owned by the request. Absent where the worker cannot read them.
   */
  samplePhotos?: { count: number; exclude: number | null; load(indices: number[]): Promise<tf.Tensor4D> };
  /** NoiseTunnel's standard deviation (model-input units). */
  noiseStdev: number;
  setPhase(phase: string): void;
}

/** One attribution of `input` (the clean image, or a noisy copy inside a NoiseTunnel). */
export type MethodCall = (input: tf.Tensor4D, target: number, ctx: AttributionContext) => Promise<AttributionResult>;

/**
 * A method's implementation. Baselines are built lazily, on the first call, and only by the methods
 * that read them; a NoiseTunnel's noisy copies reuse them.
 */
export type MethodRun = (params: AttributionParams, inputs: MethodInputs) => MethodCall;

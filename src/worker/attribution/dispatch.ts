/**
 * One place that maps a request's parameters onto a method call, optionally inside a NoiseTunnel.
 * Baselines are built lazily, only for the methods that read them.
 */
import type * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../shared/models/registry';
import { deepLift } from '../../methods/deeplift/deeplift';
import { deepLiftShap } from '../../methods/deepliftshap/deeplift-shap';
import { gradCam } from '../../methods/gradcam/grad-cam';
import { gradientShap } from '../../methods/gradshap/gradient-shap';
import { inputXGradient } from '../../methods/ixg/input-x-gradient';
import { integratedGradients } from '../../methods/ig/integrated-gradients';
import { noiseTunnel } from '../../methods/noise-tunnel/noise-tunnel';
import { occlusion } from '../../methods/occlusion/occlusion';
import { saliency } from '../../methods/saliency/saliency';
import type { AttributionParams } from '../../methods/params';
import type { AttributionContext, AttributionResult } from './types';

export interface MethodInputs {
  spec: ModelSpec;
  /** The pixel-space baseline chosen in the request, as model input [1, H, W, C]. */
  baseline(): tf.Tensor4D;
  /** The baseline distribution for the SHAP methods, [K, H, W, C]. */
  distribution(): tf.Tensor4D;
  /** NoiseTunnel's standard deviation (model-input units). */
  noiseStdev: number;
  setPhase(phase: string): void;
}

function method(
  params: AttributionParams,
  inputs: MethodInputs,
): (input: tf.Tensor4D, target: number, ctx: AttributionContext) => Promise<AttributionResult> {
  switch (params.method) {
    case 'saliency':
      return (x, t, ctx) => saliency(x, t, { abs: params.abs }, ctx);
    case 'ixg':
      return (x, t, ctx) => inputXGradient(x, t, {}, ctx);
    case 'ig': {
      let baseline: tf.Tensor4D | undefined;
      return (x, t, ctx) => integratedGradients(x, t, { baseline: (baseline ??= inputs.baseline()), steps: params.steps, method: params.igMethod }, ctx);
    }
    case 'gradshap': {
      let baselines: tf.Tensor4D | undefined;
      return (x, t, ctx) => gradientShap(x, t, { baselines: (baselines ??= inputs.distribution()), samples: params.samples, stdevs: params.stdevs }, ctx);
    }
    case 'deeplift': {
      let baseline: tf.Tensor4D | undefined;
      return (x, t, ctx) => deepLift(x, t, { baseline: (baseline ??= inputs.baseline()) }, ctx);
    }
    case 'deepliftshap': {
      let baselines: tf.Tensor4D | undefined;
      return (x, t, ctx) => deepLiftShap(x, t, { baselines: (baselines ??= inputs.distribution()) }, ctx);
    }
    case 'gradcam':
      return (x, t, ctx) => gradCam(x, t, { layer: inputs.spec.gradCamLayer }, ctx);
    case 'occlusion': {
      let baseline: tf.Tensor4D | undefined;
      return (x, t, ctx) => occlusion(x, t, { window: params.window, stride: params.stride, baseline: (baseline ??= inputs.baseline()) }, ctx);
    }
  }
}

export async function runMethod(
  ctx: AttributionContext,
  input: tf.Tensor4D,
  target: number,
  params: AttributionParams,
  inputs: MethodInputs,
): Promise<AttributionResult> {
  const run = method(params, inputs);
  if (params.nt === 'none') return run(input, target, ctx);
  inputs.setPhase(` inside NoiseTunnel (${params.nt})`);
  const result = await noiseTunnel(
    input,
    target,
    { type: params.nt, samples: params.ntSamples, stdevs: inputs.noiseStdev },
    ctx,
    (noisy, inner) => run(noisy, target, inner),
  );
  return { ...result, notes: { ...result.notes, noiseStdev: inputs.noiseStdev } };
}

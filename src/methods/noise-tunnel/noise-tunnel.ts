/**
 * NoiseTunnel around any method, as Captum's NoiseTunnel (captum/attr/_core/noise_tunnel.py): the
 * method runs on n noisy copies x + N(0, stdevs^2) of the input and the attributions a_i are combined:
 *   smoothgrad:    mean_i a_i       (Smilkov et al. 2017, SmoothGrad, https://arxiv.org/abs/1706.03825)
 *   smoothgrad_sq: mean_i a_i^2
 *   vargrad:       mean_i a_i^2 - (mean_i a_i)^2   (Adebayo et al. 2018, https://arxiv.org/abs/1810.03307;
 *                  the population variance, as Captum, not the n - 1 estimate).
 * Defaults are Captum's: smoothgrad, nt_samples = 5, stdevs = 1.0 in model-input units (absolute, not
 * SmoothGrad's fraction of the input range: 1.0 is half MobileNet's [-1, 1] range).
 * Where we differ: samples run one after another (Captum batches them, nt_samples_batch_size), each in
 * its own progress slice; noise is seeded from ctx.rng. Captum returns the inner method's deltas of
 * every noisy sample, concatenated (although its docstring says mean): so do we (`sampleDeltas`), with
 * their mean as `delta` and the mean of the inner outputDifference, when the inner method has them;
 * targetLogit is f(x) of the clean input.
 * Shapes: input [1, H, W, C]; attributions as the inner method's.
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from '../../worker/attribution/gradients';
import { subContext } from '../../worker/attribution/progress';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { NOISE_TUNNEL_TYPES, noiseTunnel as noiseTunnelMeta, type NoiseTunnelKind } from './meta';

export interface NoiseTunnelParams {
  type: NoiseTunnelKind;
  /** Captum's nt_samples. */
  samples: number;
  /** Standard deviation of the Gaussian noise, model-input units. */
  stdevs: number;
}

/** Captum's defaults, for a parameter not given (the app always gives all three; its own defaults are in meta.ts). */
export const NOISE_TUNNEL_DEFAULTS: NoiseTunnelParams = noiseTunnelMeta.captumDefaults;

/** The wrapped method on one noisy input; it must report progress and draw randomness through `ctx`. */
export type InnerMethod = (noisyInput: tf.Tensor4D, ctx: AttributionContext) => Promise<AttributionResult>;

export async function noiseTunnel(
  input: tf.Tensor4D,
  target: number,
  params: Partial<NoiseTunnelParams>,
  ctx: AttributionContext,
  inner: InnerMethod,
): Promise<AttributionResult> {
  const { type, samples, stdevs } = { ...NOISE_TUNNEL_DEFAULTS, ...params };
  if (!NOISE_TUNNEL_TYPES.includes(type)) throw new Error(`Unknown NoiseTunnel type "${type}".`);
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`samples must be a positive integer, got ${samples}.`);
  const seeds = Array.from({ length: samples }, () => ctx.rng.seed());
  let sum: tf.Tensor | null = null;
  let sumSq: tf.Tensor | null = null;
  const deltas: number[] = [];
  const differences: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      const noisy = tf.tidy(() => tf.add(input, tf.randomNormal(input.shape, 0, stdevs, 'float32', seeds[i]))) as tf.Tensor4D;
      const r = await inner(noisy, subContext(ctx, i, samples)).finally(() => noisy.dispose());
      const previous = [sum, sumSq, r.attributions].filter((t): t is tf.Tensor => t !== null);
      [sum, sumSq] = tf.tidy(() => [
        sum ? tf.add(sum, r.attributions) : tf.clone(r.attributions),
        sumSq ? tf.add(sumSq, tf.square(r.attributions)) : tf.square(r.attributions),
      ]);
      tf.dispose(previous);
      if (r.sampleDeltas) deltas.push(...r.sampleDeltas);
      else if (r.delta !== undefined) deltas.push(r.delta);
      if (r.outputDifference !== undefined) differences.push(r.outputDifference);
    }
    const attributions = tf.tidy(() => {
      const mean = tf.div(sum!, samples);
      const meanSq = tf.div(sumSq!, samples);
      if (type === 'smoothgrad') return mean;
      if (type === 'smoothgrad_sq') return meanSq;
      return tf.sub(meanSq, tf.square(mean));
    }) as tf.Tensor4D;
    const [targetLogit] = await targetLogits(ctx, input, target).catch((e) => {
      attributions.dispose();
      throw e;
    });
    const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : undefined);
    const result: AttributionResult = { attributions, targetLogit, notes: { type, samples, stdevs } };
    const [delta, outputDifference] = [mean(deltas), differences.length === samples ? mean(differences) : undefined];
    if (delta !== undefined) {
      result.delta = delta;
      result.sampleDeltas = deltas;
    }
    if (outputDifference !== undefined) result.outputDifference = outputDifference;
    return result;
  } finally {
    tf.dispose([sum, sumSq].filter((t): t is tf.Tensor => t !== null));
  }
}

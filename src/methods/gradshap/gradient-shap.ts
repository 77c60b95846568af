/**
 * GradientShap (Lundberg & Lee 2017, "A Unified Approach to Interpreting Model Predictions",
 * https://arxiv.org/abs/1705.07874), as Captum's GradientShap (captum/attr/_core/gradient_shap.py):
 * NoiseTunnel(smoothgrad, draw_baseline_from_distrib=True) around InputBaselineXGradient. For each
 * of n samples: x_i = x + N(0, stdevs^2) noise, b_i drawn uniformly with replacement from the
 * baseline distribution, alpha_i ~ U(0, 1), and
 *   attr_i = (x_i - b_i) * grad f_target(b_i + alpha_i (x_i - b_i));   attributions = mean_i attr_i.
 * Captum returns one delta per sample, delta_i = sum(attr_i) - (f(x_i) - f(b_i)); so do we
 * (`sampleDeltas`), with their mean (= sum(attributions) - outputDifference up to rounding) as `delta`.
 * Where we differ: randomness comes from ctx.rng (a seed reproduces the result; Captum uses numpy and
 * torch global state), and the samples' rows are chunked by ctx.batchSize (Captum runs all at once).
 * stdevs are absolute, in model-input units (MobileNet: [-1, 1]; ResNet-50 caffe: about ±128).
 * Shapes: input [1, H, W, C], baselines [K, H, W, C]; attributions [1, H, W, C] in logit units.
 */
import * as tf from '@tensorflow/tfjs';
import { accumulateGradients, targetLogits } from '../../worker/attribution/gradients';
import type { Rng } from '../../shared/rng';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { DEFAULT_PARAMS } from '../params';

export interface GradientShapParams {
  /** The baseline distribution, [K, H, W, C] in model-input space (the caller owns it). */
  baselines: tf.Tensor4D;
  /** Captum's n_samples. */
  samples: number;
  /** Standard deviation of the Gaussian noise added to the input, model-input units. */
  stdevs: number;
}

/** The app's defaults (meta.ts's parameter specs). */
export const GRADIENT_SHAP_DEFAULTS: Omit<GradientShapParams, 'baselines'> = { samples: DEFAULT_PARAMS.samples, stdevs: DEFAULT_PARAMS.stdevs };

export interface ShapDraw {
  /** Row of `baselines` for this sample. */
  baseline: number;
  /** Position on the path from the baseline (0) to the noisy input (1). */
  alpha: number;
  /** Seed of this sample's noise tensor. */
  noiseSeed: number;
}

/** All random choices, drawn up front in a fixed order, so results do not depend on batchSize. */
export function drawShapSamples(rng: Rng, samples: number, numBaselines: number): ShapDraw[] {
  return Array.from({ length: samples }, () => ({
    baseline: rng.int(numBaselines),
    alpha: rng.uniform(),
    noiseSeed: rng.seed(),
  }));
}

export async function gradientShap(
  input: tf.Tensor4D,
  target: number,
  params: Pick<GradientShapParams, 'baselines'> & Partial<GradientShapParams>,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const { baselines, samples, stdevs } = { ...GRADIENT_SHAP_DEFAULTS, ...params };
  if (input.shape[0] !== 1 || !tf.util.arraysEqual(input.shape.slice(1), baselines.shape.slice(1))) {
    throw new Error(`GradientShap needs input [1, H, W, C] and baselines [K, H, W, C]; got ${input.shape} and ${baselines.shape}.`);
  }
  if (!Number.isInteger(samples) || samples < 1) throw new Error(`samples must be a positive integer, got ${samples}.`);
  const draws = drawShapSamples(ctx.rng, samples, baselines.shape[0]);

  /** Noisy inputs x_i and drawn baselines b_i for samples [start, end), each [end - start, H, W, C]. */
  const rows = (start: number, end: number) => {
    const part = draws.slice(start, end);
    const noisy = part.map((d) =>
      stdevs > 0 ? tf.add(input, tf.randomNormal(input.shape, 0, stdevs, 'float32', d.noiseSeed)) : input,
    );
    return {
      xs: tf.concat(noisy, 0) as tf.Tensor4D,
      bs: tf.gather(baselines, part.map((d) => d.baseline)) as tf.Tensor4D,
      alphas: tf.tensor4d(part.map((d) => d.alpha), [part.length, 1, 1, 1]),
    };
  };

  /** sum(attr_i) of the chunk starting at each sample index, kept out of accumulateGradients' tidy. */
  const attrSums = new Map<number, tf.Tensor>();
  let attributions: tf.Tensor4D | null = null;
  try {
    attributions = await accumulateGradients(ctx, samples, target, (start, end) => {
      const { xs, bs, alphas } = rows(start, end);
      const diffs = tf.sub(xs, bs);
      return {
        points: tf.add(bs, tf.mul(alphas, diffs)) as tf.Tensor4D,
        combine: (g) => {
          const attr = tf.mul(diffs, g);
          attrSums.set(start, tf.keep(tf.sum(attr, [1, 2, 3])));
          return tf.div(tf.sum(attr, 0, true), samples);
        },
      };
    });
    // f(x), then f(x_i) and f(b_i) for every sample, chunk by chunk.
    const [fx] = await targetLogits(ctx, input, target);
    const deltas: number[] = [];
    let outputDifference = 0;
    for (let start = 0; start < samples; start += ctx.batchSize) {
      const end = Math.min(samples, start + ctx.batchSize);
      const ends = tf.tidy(() => {
        const { xs, bs } = rows(start, end);
        return tf.concat([xs, bs], 0) as tf.Tensor4D;
      });
      const f = await targetLogits(ctx, ends, target).finally(() => ends.dispose());
      const sums = await attrSums.get(start)!.data();
      for (let i = 0; i < end - start; i++) {
        const difference = f[i] - f[end - start + i];
        outputDifference += difference / samples;
        deltas.push(sums[i] - difference);
      }
    }
    const delta = deltas.reduce((s, d) => s + d, 0) / samples;
    return { attributions, targetLogit: fx, delta, sampleDeltas: deltas, outputDifference, notes: { samples, stdevs } };
  } catch (e) {
    attributions?.dispose();
    throw e;
  } finally {
    tf.dispose([...attrSums.values()]);
  }
}

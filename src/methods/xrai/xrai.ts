/**
 * XRAI (Kapishnikov et al. 2019, https://arxiv.org/abs/1906.02825) as PAIR saliency's XRAI.GetMask with
 * its defaults (saliency/core/xrai.py @7b72b67; IG from saliency/core/integrated_gradients.py):
 * 1. IG from two constant baselines, the image's smallest and largest value (`_make_baselines`:
 *    np.min(x), np.max(x) over all pixels and channels), PAIR's quadrature: alphas linspace(0, 1, steps),
 *    each weight 1/steps (XRAIParameters.steps = 100); the two maps averaged, then the max over channels.
 * 2. Felzenszwalb segmentations of the photo at six scales, masks dilated by disk(5) (xrai-regions.ts).
 * 3. The greedy selection `_xrai` (area_threshold 1.0, min_pixel_diff 50): each pixel holds the gain (mean
 *    attribution over its new pixels) of the region that first covered it.
 * PAIR's x is the photo in pixels; ours is the model input, so min and max are taken in pixel units
 * (through `black` and `white`, the model inputs of pixels 0 and 255; identical for MobileNet, and for
 * ResNet-50's per-channel mean subtraction the same constant-pixel images PAIR would build) and pushed
 * back through the preprocessing. The segmentation reads the clean photo's pixels (inside a NoiseTunnel
 * too). Shapes: [1, H, W, C] in; the map is written into every channel (channels 'copies').
 */
import * as tf from '@tensorflow/tfjs';
import { accumulateGradients } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { felzenszwalbSegmentations, segmentMasks, xraiSelect } from './xrai-regions';

export interface XraiParams {
  /** Model inputs of a black and of a white pixel, per channel. */
  black: readonly number[];
  white: readonly number[];
  /** The photo, HWC RGB 0..255: what is segmented. */
  pixels: ArrayLike<number>;
  steps: number;
  areaThreshold: number;
}

export const XRAI_DEFAULTS = { steps: 100, areaThreshold: 1.0 } as const;

/** PAIR's IntegratedGradients.GetMask: (x - b) * sum_{alpha in linspace(0, 1, steps)} grad(b + alpha (x - b)) / steps. */
export async function pairIntegratedGradients(input: tf.Tensor4D, baseline: tf.Tensor4D, target: number, steps: number, ctx: AttributionContext): Promise<tf.Tensor4D> {
  const alphas = Array.from({ length: steps }, (_, i) => (steps === 1 ? 0 : i / (steps - 1)));
  const diff = tf.sub(input, baseline);
  try {
    const total = await accumulateGradients(ctx, steps, target, (start, end) => ({
      points: tf.add(baseline, tf.mul(tf.tensor4d(alphas.slice(start, end), [end - start, 1, 1, 1]), diff)) as tf.Tensor4D,
      combine: (g) => tf.sum(g, 0, true),
    }));
    const out = tf.tidy(() => tf.div(tf.mul(total, diff), steps) as tf.Tensor4D);
    total.dispose();
    return out;
  } finally {
    diff.dispose();
  }
}

export async function xrai(input: tf.Tensor4D, target: number, params: Omit<XraiParams, 'steps' | 'areaThreshold'> & Partial<XraiParams>, ctx: AttributionContext): Promise<AttributionResult> {
  const { black, white, pixels, steps, areaThreshold } = { ...XRAI_DEFAULTS, ...params };
  const [, h, w, c] = input.shape;
  if (input.shape[0] !== 1 || c !== 3 || pixels.length !== h * w * 3) throw new Error(`XRAI needs one RGB input [1, H, W, 3] and its pixels; got ${input.shape}.`);
  // The input in pixel units, its min and max over everything, and the constant images at them.
  const x = await input.data();
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    const v = (255 * (x[i] - black[i % 3])) / (white[i % 3] - black[i % 3]);
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const constant = (v: number) => tf.tidy(() => tf.mul(tf.ones([1, h, w, c]), tf.tensor1d(black.map((b, k) => b + ((white[k] - b) * v) / 255))) as tf.Tensor4D);
  const attrs: tf.Tensor4D[] = [];
  let perPixel: Float32Array;
  try {
    for (const v of [lo, hi]) {
      const b = constant(v);
      attrs.push(await pairIntegratedGradients(input, b, target, steps, ctx).finally(() => b.dispose()));
    }
    const merged = tf.tidy(() => tf.max(tf.div(tf.add(attrs[0], attrs[1]), 2), 3)); // mean over baselines, max over channels
    perPixel = (await merged.data()) as Float32Array;
    merged.dispose();
  } finally {
    tf.dispose(attrs);
  }
  const masks = segmentMasks(felzenszwalbSegmentations(pixels, h, w), h, w);
  const { map, ranks, order } = xraiSelect(Float64Array.from(perPixel), masks, areaThreshold);
  const logit = tf.tidy(() => tf.gather(ctx.logits(input, { inferenceOnly: true }), [target], 1));
  const targetLogit = (await logit.data())[0];
  logit.dispose();
  const out = new Float32Array(h * w * c);
  for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[p * c + k] = map[p];
  const segments = Int32Array.from(ranks, (r) => r - 1);
  return { attributions: tf.tensor4d(out, [1, h, w, c]), targetLogit, segments, notes: { steps, regions: order.length, masks: masks.length } };
}

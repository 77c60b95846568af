/**
 * Occlusion (Zeiler & Fergus 2014, "Visualizing and Understanding Convolutional Networks",
 * https://arxiv.org/abs/1311.2901), as Captum's Occlusion (captum/attr/_core/occlusion.py on
 * feature_ablation.py): a window spanning all channels slides from the top-left corner in steps of
 * `stride`, ceil((H - window) / stride) + 1 positions per axis (the last one may be cut off at the
 * edge); each position is replaced by the baseline, and every pixel's attribution is the mean, over
 * the windows covering it, of f(x) - f(x with that window occluded). Forward passes only, batched
 * (Captum's perturbations_per_eval = ctx.batchSize). No delta.
 * Where we differ: windows span all channels (an image's natural window; Captum's window shape is
 * free), so every channel gets the same value; the display shows one channel (viz/attribution-map.ts),
 * not their sum. The app always passes the chosen baseline, black pixels by default; Captum's default is
 * 0 in model-input space (our `zero` baseline: mid-gray for MobileNet, the mean colour for ResNet-50).
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from '../../worker/attribution/gradients';
import { perturbedLogits } from '../../worker/attribution/perturb';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';

export interface OcclusionParams {
  /** Window [height, width] in pixels (one number: square); it spans all channels. */
  window: number | [number, number];
  /** Step between window positions in pixels (Captum's default is 1); at most the window. */
  stride: number | [number, number];
  /** What an occluded window shows, [1, H, W, C] in model-input space; when absent, zeros (as Captum's default). */
  baseline?: tf.Tensor4D;
}

const pair = (v: number | [number, number]): [number, number] => (Array.isArray(v) ? v : [v, v]);

/** Window starts along one axis: 0, stride, ... until the axis is covered (Captum's shift counts). */
function starts(size: number, window: number, stride: number): number[] {
  if (!Number.isInteger(window) || window < 1 || window > size) throw new Error(`Occlusion window ${window} must be 1..${size}.`);
  if (!Number.isInteger(stride) || stride < 1 || (window < size && stride > window)) {
    throw new Error(`Occlusion stride ${stride} must be 1..${window} (the window), or every pixel would not be covered.`);
  }
  const count = Math.ceil((size - window) / stride) + 1;
  return Array.from({ length: count }, (_, i) => i * stride);
}

export async function occlusion(
  input: tf.Tensor4D,
  target: number,
  params: OcclusionParams,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const [n, H, W, C] = input.shape;
  if (n !== 1) throw new Error('Occlusion takes one input.');
  const [wh, ww] = pair(params.window);
  const [sh, sw] = pair(params.stride);
  const windows = starts(H, wh, sh).flatMap((top) => starts(W, ww, sw).map((left) => [top, left] as const));
  if (params.baseline && !tf.util.arraysEqual(params.baseline.shape, input.shape)) {
    throw new Error(`Occlusion baseline shape ${params.baseline.shape} does not match the input ${input.shape}.`);
  }
  const baseline = params.baseline ?? tf.zerosLike(input);
  const cover = (mask: Float32Array | Float64Array, offset: number, [top, left]: readonly [number, number], v: number) => {
    for (let y = top; y < Math.min(H, top + wh); y++) {
      for (let x = left; x < Math.min(W, left + ww); x++) mask[offset + y * W + x] += v;
    }
  };
  const totals = new Float64Array(H * W);
  const counts = new Float64Array(H * W);
  try {
    const fx = (await targetLogits(ctx, input, target))[0];
    const values = await perturbedLogits(ctx, input, baseline, target, { count: windows.length, fill: (i, mask) => cover(mask, 0, windows[i], 1) });
    windows.forEach((win, i) => {
      cover(totals, 0, win, fx - values[i]);
      cover(counts, 0, win, 1);
    });
    const out = new Float32Array(H * W * C);
    for (let p = 0; p < H * W; p++) out.fill(totals[p] / counts[p], p * C, (p + 1) * C);
    return {
      attributions: tf.tensor4d(out, [1, H, W, C]),
      targetLogit: fx,
      notes: { windows: windows.length, window: `${wh}x${ww}`, stride: `${sh}x${sw}` },
    };
  } finally {
    if (!params.baseline) baseline.dispose();
  }
}

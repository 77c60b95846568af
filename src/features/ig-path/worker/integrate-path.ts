/**
 * Integrated Gradients with every quadrature point kept (the path explorer's core). The same
 * computation as methods/ig/integrated-gradients.ts, chunk by chunk (ctx.batchSize rows), but each
 * chunk also returns, per point x_{α_k} = b + α_k (x − b):
 *   f(x_{α_k})                                the target logit (the same forward pass as the gradient),
 *   Σ_c g_k,c                                 the gradient, channel-summed, [H, W],
 *   w_k Σ_c (x − b)_c g_k,c                   point k's increment of the attributions, [H, W],
 * and it accumulates Σ_k w_k g_k exactly as IG does, so `attributionSum` is the Σ of IG's attribution map.
 * Also the gradients at α = 0 and α = 1 (Gauss–Legendre's points are all interior) and f(x), f(b) by
 * the forward pass IG's delta uses (targetLogits). Per-point maps are read back as each chunk ends
 * (no tensor outlives its chunk but the running Σ w_k g_k); no synchronous read-backs.
 * Shapes: input and baseline [1, H, W, C] in model-input space.
 */
import * as tf from '@tensorflow/tfjs';
import { quadrature, type ApproximationMethod } from '../../../methods/ig/approximation';
import { targetLogits } from '../../../worker/attribution/gradients';
import type { AttributionContext } from '../../../worker/attribution/types';
import type { IgPathPoints } from '../protocol';

/** Every point's numbers, as the page receives them. */
export type PathPoints = IgPathPoints;

/** Per-row target logits [n] and their input gradients [n, H, W, C] from one forward and one backward pass. */
function logitsAndGradients(ctx: AttributionContext, x: tf.Tensor4D, target: number): { value: tf.Tensor; grad: tf.Tensor4D } {
  // Rows are independent, so the gradient of the rows' logits with dy = 1 is each row's own gradient.
  const f = (p: tf.Tensor) => tf.reshape(tf.gather(ctx.logits(p as tf.Tensor4D), [target], 1), [-1]);
  const { value, grad } = tf.valueAndGrad(f)(x);
  return { value, grad: grad as tf.Tensor4D };
}

function float64Sum(values: Float32Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export async function integratePath(
  ctx: AttributionContext,
  input: tf.Tensor4D,
  baseline: tf.Tensor4D,
  target: number,
  { steps, method }: { steps: number; method: ApproximationMethod },
): Promise<PathPoints> {
  if (input.shape[0] !== 1 || !tf.util.arraysEqual(input.shape, baseline.shape)) {
    throw new Error(`The IG path needs input and baseline [1, H, W, C]; got ${input.shape} and ${baseline.shape}.`);
  }
  const { alphas, stepSizes } = quadrature(method, steps);
  const hw = input.shape[1] * input.shape[2];
  const gradients = new Float32Array(steps * hw);
  const increments = new Float32Array(steps * hw);
  const endGradients = new Float32Array(2 * hw);
  const scores: number[] = [];
  const units = steps + 2;
  const diff = tf.sub(input, baseline) as tf.Tensor4D;
  let total: tf.Tensor | null = null;
  try {
    const column = (v: number[]) => tf.tensor4d(v, [v.length, 1, 1, 1]);
    for (let start = 0; start < steps; start += ctx.batchSize) {
      const end = Math.min(steps, start + ctx.batchSize);
      const out = tf.tidy(() => {
        const points = tf.add(baseline, tf.mul(column(alphas.slice(start, end)), diff)) as tf.Tensor4D;
        const { value, grad } = logitsAndGradients(ctx, points, target);
        const w = column(stepSizes.slice(start, end));
        const contribution = tf.sum(tf.mul(grad, w), 0, true); // IG's combine
        return {
          next: total ? tf.add(total, contribution) : contribution,
          logits: value,
          gradMap: tf.sum(grad, 3),
          incMap: tf.sum(tf.mul(tf.mul(grad, diff), w), 3),
        };
      });
      total?.dispose();
      total = out.next;
      try {
        const [logits, gradMap, incMap] = await Promise.all([out.logits.data(), out.gradMap.data(), out.incMap.data()]);
        scores.push(...logits);
        gradients.set(gradMap as Float32Array, start * hw);
        increments.set(incMap as Float32Array, start * hw);
      } finally {
        tf.dispose([out.logits, out.gradMap, out.incMap]);
      }
      await ctx.step(end, units);
    }
    // The ends of the path: gradients at b and x (one row each), then f(x), f(b) as IG's delta takes them.
    for (const [i, row] of [baseline, input].entries()) {
      const map = tf.tidy(() => tf.sum(logitsAndGradients(ctx, row, target).grad, 3));
      endGradients.set((await map.data().finally(() => map.dispose())) as Float32Array, i * hw);
      await ctx.step(steps + i + 1, units);
    }
    const ends = tf.concat([input, baseline], 0);
    const [fInput, fBaseline] = await targetLogits(ctx, ends, target).finally(() => ends.dispose());
    // IG's attribution map, summed in float64 as a reader of its .npy would (a float32 tf.sum of 150k
    // values is off by ~1e-5 relative, more than the path's own rounding).
    const attributions = tf.mul(total!, diff);
    const attributionSum = float64Sum((await attributions.data().finally(() => attributions.dispose())) as Float32Array);
    const incrementSums = alphas.map((_, k) => float64Sum(increments.subarray(k * hw, (k + 1) * hw)));
    return { alphas, weights: stepSizes, scores, fBaseline, fInput, gradients, endGradients, increments, incrementSums, attributionSum };
  } finally {
    diff.dispose();
    (total as tf.Tensor | null)?.dispose();
  }
}

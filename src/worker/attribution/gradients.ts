/**
 * The shared gradient core (Captum's compute_gradients, batched): gradients of one target logit
 * with respect to the model input, taken chunk by chunk so memory stays bounded, progress is
 * reported and a cancel lands between chunks. Methods differ only in which points they evaluate and
 * how they combine the gradients there.
 */
import * as tf from '@tensorflow/tfjs';
import type { ForwardOptions } from '../runtime/compile';
import type { AttributionContext } from './types';

/** d logits[:, target] / d x for every row of x (rows are independent, so one sum suffices). */
export function targetGradient(
  ctx: AttributionContext,
  x: tf.Tensor4D,
  target: number,
  options?: ForwardOptions,
): tf.Tensor4D {
  const f = (input: tf.Tensor) => tf.sum(tf.gather(ctx.logits(input as tf.Tensor4D, options), [target], 1));
  return tf.grad(f)(x) as tf.Tensor4D;
}

export interface Chunk {
  /** Rows where gradients are taken, [n, H, W, C]. */
  points: tf.Tensor4D;
  /** Turns their gradients into this chunk's contribution to the result, [1, H, W, C]. */
  combine(gradients: tf.Tensor4D): tf.Tensor;
}

/**
 * Sum over chunks of combine(gradients at points). `chunk(start, end)` builds rows [start, end)
 * of `count`; every tensor it makes is disposed here.
 */
export async function accumulateGradients(
  ctx: AttributionContext,
  count: number,
  target: number,
  chunk: (start: number, end: number) => Chunk,
  options?: ForwardOptions,
): Promise<tf.Tensor4D> {
  let total: tf.Tensor | null = null;
  try {
    for (let start = 0; start < count; start += ctx.batchSize) {
      const end = Math.min(count, start + ctx.batchSize);
      const part = tf.tidy(() => {
        const c = chunk(start, end);
        const contribution = c.combine(targetGradient(ctx, c.points, target, options));
        return total ? tf.add(total, contribution) : tf.keep(contribution);
      });
      total?.dispose();
      total = part;
      await part.data(); // wait for the GPU, so progress and cancel track real work
      await ctx.step(end, count);
    }
    return total as tf.Tensor4D;
  } catch (e) {
    (total as tf.Tensor | null)?.dispose(); // a cancel between chunks must not leak the running sum
    throw e;
  }
}

/**
 * Gradient and value of the target logit at one input [1, H, W, C], from one forward and one
 * backward pass (a separate forward for f(x) would cost a third more). `options` reach the forward
 * pass: with `nonlinearities` whose backward passes are modified (relu-rules.ts) the "gradient" is
 * that modified backward pass, while the logit is still the ordinary f(x).
 */
export async function gradientAndLogit(
  ctx: AttributionContext,
  input: tf.Tensor4D,
  target: number,
  options?: ForwardOptions,
): Promise<{ gradient: tf.Tensor4D; logit: number }> {
  const f = (x: tf.Tensor) => tf.sum(tf.gather(ctx.logits(x as tf.Tensor4D, options), [target], 1));
  const { value, grad } = tf.tidy(() => tf.valueAndGrad(f)(input));
  try {
    const logit = (await value.data())[0];
    await ctx.step(1, 1);
    return { gradient: grad as tf.Tensor4D, logit };
  } catch (e) {
    grad.dispose();
    throw e;
  } finally {
    value.dispose();
  }
}

/** logits[:, target] for every row, computed in chunks. */
export async function targetLogits(
  ctx: AttributionContext,
  x: tf.Tensor4D,
  target: number,
  options?: ForwardOptions,
): Promise<Float32Array> {
  const n = x.shape[0];
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += ctx.batchSize) {
    const end = Math.min(n, start + ctx.batchSize);
    const values = tf.tidy(() => {
      const rows = tf.slice(x, [start, 0, 0, 0], [end - start, -1, -1, -1]);
      return tf.gather(ctx.logits(rows, { inferenceOnly: true, ...options }), [target], 1);
    });
    out.set(await values.data(), start);
    values.dispose();
  }
  return out;
}

/** Sum of all elements, read back as a number. */
export async function sumOf(t: tf.Tensor): Promise<number> {
  const s = tf.sum(t);
  const v = (await s.data())[0];
  s.dispose();
  return v;
}

/**
 * What every CAM method reads at its layer: the activation A [1, h, w, c] and the logits of one forward
 * pass, and (for the gradient CAMs) d logit_target / dA from a second pass with A fed in at the layer
 * (ForwardOptions.tap), whose backward pass covers only the layers after it. Shared by Grad-CAM,
 * Grad-CAM++ and Score-CAM (activation only); tensors returned are the caller's.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttributionContext } from '../../worker/attribution/types';

export interface LayerActivation {
  /** A, the layer's output, [1, h, w, c]. */
  activation: tf.Tensor4D;
  /** The target's logit f(x)[target], [1, 1]. */
  logit: tf.Tensor2D;
}

/** One inference pass: the layer's output and the target logit. `method` names the caller in errors. */
export function layerActivation(input: tf.Tensor4D, target: number, layer: string, ctx: AttributionContext, method: string): LayerActivation {
  return tf.tidy(() => {
    let seen: tf.Tensor | null = null;
    const logits = ctx.logits(input, { inferenceOnly: true, tap: { layer, replace: (a) => (seen = a) } });
    if (!seen || (seen as tf.Tensor).rank !== 4) throw new Error(`${method} needs a [1, h, w, c] output at ${layer}.`);
    return { activation: seen as tf.Tensor4D, logit: tf.gather(logits, [target], 1) as tf.Tensor2D };
  });
}

/** d logit_target / dA at A = `activation`, [1, h, w, c] (call inside tf.tidy). */
export function layerGradient(input: tf.Tensor4D, target: number, layer: string, activation: tf.Tensor4D, ctx: AttributionContext): tf.Tensor4D {
  const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.gather(ctx.logits(input, { tap: { layer, replace: () => a } }), [target], 1)));
  return grad(activation) as tf.Tensor4D;
}

/** [1, h, w, 1] -> [1, H, W, 1], bilinear with half-pixel centres (torch align_corners=False, OpenCV's resize). */
export const upsampleMap = (map: tf.Tensor4D, height: number, width: number): tf.Tensor4D =>
  tf.image.resizeBilinear(map, [height, width], false, true);

/**
 * The common frame of a gradient CAM: A and its gradient, `mapOf(A, dA)` -> [1, h, w, 1] upsampled to
 * the input, the target logit and the notes naming the layer and its size.
 */
export async function gradientCam(
  input: tf.Tensor4D,
  target: number,
  layer: string,
  ctx: AttributionContext,
  method: string,
  mapOf: (activation: tf.Tensor4D, gradient: tf.Tensor4D) => tf.Tensor4D,
): Promise<{ attributions: tf.Tensor4D; targetLogit: number; notes: Record<string, number | string> }> {
  const [, height, width] = input.shape;
  const first = layerActivation(input, target, layer, ctx, method);
  const [, h, w, c] = first.activation.shape;
  let attributions: tf.Tensor4D | null = null;
  try {
    attributions = tf.tidy(() => upsampleMap(mapOf(first.activation, layerGradient(input, target, layer, first.activation, ctx)), height, width));
    const targetLogit = (await first.logit.data())[0];
    await ctx.step(1, 1);
    return { attributions, targetLogit, notes: { layer, map: `${h}x${w}`, channels: c } };
  } catch (e) {
    attributions?.dispose();
    throw e;
  } finally {
    tf.dispose([first.activation, first.logit]);
  }
}

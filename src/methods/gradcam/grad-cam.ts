/**
 * Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via
 * Gradient-based Localization", https://arxiv.org/abs/1610.02391), as Captum's LayerGradCam
 * (captum/attr/_core/layer/grad_cam.py): with A [1, h, w, c] a layer's output, the channel weights
 * are the spatial means of d logit / dA and the map is sum_c weight_c * A_c, signed by default
 * (relu_attributions=False) and attributed to the layer's output (attribute_to_layer_input=False).
 * Cost: one forward pass to read A and the logits, then a second with A injected at the layer
 * (ForwardOptions.tap), whose backward pass covers only the layers after it.
 * Where we differ: we return the map upsampled to the input size, [1, H, W, 1], bilinearly with
 * half-pixel centres (torch's align_corners=False); Captum returns the [1, 1, h, w] map and its
 * LayerAttribution.interpolate defaults to "nearest". The low-resolution size is in notes. No delta.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';

export interface GradCamParams {
  /** Layer whose output [1, h, w, c] is explained: the last conv block (ModelSpec.gradCamLayer). */
  layer: string;
  /** Captum's relu_attributions: keep only positive evidence (the paper's Grad-CAM). Default false. */
  reluAttributions?: boolean;
}

export async function gradCam(
  input: tf.Tensor4D,
  target: number,
  params: GradCamParams,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const { layer } = params;
  const [, height, width] = input.shape;
  // Pass 1: the activation at the layer, and the logits.
  const first = tf.tidy(() => {
    let seen: tf.Tensor | null = null;
    const logits = ctx.logits(input, { inferenceOnly: true, tap: { layer, replace: (a) => (seen = a) } });
    if (!seen || (seen as tf.Tensor).rank !== 4) throw new Error(`Grad-CAM needs a [1, h, w, c] output at ${layer}.`);
    return { activation: seen as tf.Tensor4D, logit: tf.gather(logits, [target], 1) };
  });
  const [, h, w, c] = first.activation.shape;
  let attributions: tf.Tensor4D | null = null;
  try {
    attributions = tf.tidy(() => {
      // Pass 2: d logit / dA, with A fed in at the layer.
      const grad = tf.grad((a: tf.Tensor) => tf.sum(tf.gather(ctx.logits(input, { tap: { layer, replace: () => a } }), [target], 1)));
      const weights = tf.mean(grad(first.activation), [1, 2], true); // [1, 1, 1, c]
      let map = tf.sum(tf.mul(weights, first.activation), 3, true) as tf.Tensor4D; // [1, h, w, 1]
      if (params.reluAttributions) map = tf.relu(map);
      return tf.image.resizeBilinear(map, [height, width], false, true);
    });
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

/**
 * Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via
 * Gradient-based Localization", https://arxiv.org/abs/1610.02391), as Captum's LayerGradCam
 * (captum/attr/_core/layer/grad_cam.py): with A [1, h, w, c] a layer's output, the channel weights
 * are the spatial means of d logit / dA and the map is sum_c weight_c * A_c, signed by default
 * (relu_attributions=False) and attributed to the layer's output (attribute_to_layer_input=False).
 * Cost: one forward pass to read A and the logits, then a second with A injected at the layer
 * (ForwardOptions.tap), whose backward pass covers only the layers after it (layer-gradient.ts).
 * The layer is any conv block output of the model (`layer=`, methods/cam-layer.ts; default the last).
 * Where we differ: we return the map upsampled to the input size, [1, H, W, 1], bilinearly with
 * half-pixel centres (torch's align_corners=False); Captum returns the [1, 1, h, w] map and its
 * LayerAttribution.interpolate defaults to "nearest". The low-resolution size is in notes. No delta.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { gradientCam } from './layer-gradient';

export interface GradCamParams {
  /** Layer whose output [1, h, w, c] is explained (camLayerOf: a conv block output; default the last). */
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
  return gradientCam(input, target, params.layer, ctx, 'Grad-CAM', (activation, gradient) => {
    const weights = tf.mean(gradient, [1, 2], true); // [1, 1, 1, c]
    const map = tf.sum(tf.mul(weights, activation), 3, true) as tf.Tensor4D; // [1, h, w, 1]
    return params.reluAttributions ? tf.relu(map) : map;
  });
}

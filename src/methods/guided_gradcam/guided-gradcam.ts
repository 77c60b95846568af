/**
 * Guided Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via
 * Gradient-based Localization", https://arxiv.org/abs/1610.02391, section 3.1), as Captum's
 * GuidedGradCam (captum/attr/_core/guided_grad_cam.py): the Guided Backprop attributions
 * [1, H, W, C] times the layer's Grad-CAM map with relu_attributions=True (LayerGradCam on the
 * layer's output, attribute_to_layer_input=False), upsampled to the input and multiplied into every
 * channel (Captum's [N, 1, H, W] map broadcast over C). The Grad-CAM pass uses ordinary gradients;
 * only the Guided Backprop pass has the modified ReLU rules. No convergence delta.
 * Where we differ: the map is upsampled bilinearly (half-pixel centres, the app's Grad-CAM, which
 * this reuses: ../gradcam/grad-cam.ts); Captum's interpolate_mode defaults to "nearest". And Guided
 * Backprop's rule covers ReLU6 (../guided_backprop/guided-backprop.ts).
 * Cost: Grad-CAM's two passes plus one guided forward/backward pass.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { gradCam } from '../gradcam/grad-cam';
import { guidedBackprop } from '../guided_backprop/guided-backprop';

export interface GuidedGradCamParams {
  /** Layer whose output [1, h, w, c] Grad-CAM explains: the last conv block (ModelSpec.gradCamLayer). */
  layer: string;
}

export async function guidedGradCam(
  input: tf.Tensor4D,
  target: number,
  params: GuidedGradCamParams,
  ctx: AttributionContext,
): Promise<AttributionResult> {
  const cam = await gradCam(input, target, { layer: params.layer, reluAttributions: true }, ctx);
  try {
    const guided = await guidedBackprop(input, target, {}, ctx);
    const attributions = tf.mul(guided.attributions, cam.attributions) as tf.Tensor4D; // [1,H,W,C] * [1,H,W,1]
    guided.attributions.dispose();
    return { attributions, targetLogit: guided.targetLogit, notes: cam.notes };
  } finally {
    cam.attributions.dispose();
  }
}

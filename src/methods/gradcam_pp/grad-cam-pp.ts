/**
 * Grad-CAM++ (Chattopadhyay et al. 2018, "Grad-CAM++: Improved Visual Explanations for Deep
 * Convolutional Networks", https://arxiv.org/abs/1710.11063), exactly as pytorch-grad-cam computes it
 * (jacobgil/pytorch-grad-cam, pytorch_grad_cam/grad_cam_plusplus.py and base_cam.py @084273b). With A
 * [1, h, w, c] the layer's output and g = d logit_target / dA (the raw logit, ClassifierOutputTarget,
 * not the paper's exp(S)):
 *   alpha_ij^c = g² / (2 g² + (Σ_ij A^c) g³ + 1e-6), set to 0 where g == 0   (eq. 19 with the eps)
 *   w^c        = Σ_ij alpha_ij^c · relu(g_ij^c)                               (a sum, not a mean)
 *   map        = relu(Σ_c w^c A^c)                                            (base_cam's np.maximum(cam, 0))
 * then upsampled bilinearly with half-pixel centres (cv2.resize's INTER_LINEAR), [1, H, W, 1].
 * Where we differ: pytorch-grad-cam min-max scales the map to [0, 1] (scale_cam_image) before and after
 * the resize; we keep the values (theirs = (ours − min) / (max − min + 1e-7)), and the display normalises.
 * Grad-CAM keeps Captum's signed default; Grad-CAM++ applies the ReLU because its reference does.
 * Cost: one forward pass and one forward-backward pass from the layer up (layer-gradient.ts). No delta.
 */
import * as tf from '@tensorflow/tfjs';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { gradientCam } from '../gradcam/layer-gradient';

export interface GradCamPPParams {
  /** Layer whose output [1, h, w, c] is explained (camLayerOf). */
  layer: string;
}

/** pytorch-grad-cam's eps in alpha's denominator. */
const EPS = 1e-6;

/** The channel weights [1, 1, 1, c] from A and g, [1, h, w, c] (exported for the test). */
export function gradCamPPWeights(activation: tf.Tensor4D, gradient: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const g2 = tf.square(gradient);
    const g3 = tf.mul(g2, gradient);
    const sumA = tf.sum(activation, [1, 2], true); // [1, 1, 1, c]
    const alpha = tf.div(g2, tf.add(tf.add(tf.mul(2, g2), tf.mul(sumA, g3)), EPS));
    const aij = tf.where(tf.notEqual(gradient, 0), alpha, tf.zerosLike(alpha));
    return tf.sum(tf.mul(tf.relu(gradient), aij), [1, 2], true) as tf.Tensor4D;
  });
}

export async function gradCamPP(input: tf.Tensor4D, target: number, params: GradCamPPParams, ctx: AttributionContext): Promise<AttributionResult> {
  return gradientCam(input, target, params.layer, ctx, 'Grad-CAM++', (activation, gradient) =>
    tf.relu(tf.sum(tf.mul(gradCamPPWeights(activation, gradient), activation), 3, true)) as tf.Tensor4D,
  );
}

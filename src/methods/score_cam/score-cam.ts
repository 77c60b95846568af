/**
 * Score-CAM (Wang et al. 2020, "Score-CAM: Score-Weighted Visual Explanations for Convolutional Neural
 * Networks", https://arxiv.org/abs/1910.01279), exactly as pytorch-grad-cam computes it
 * (jacobgil/pytorch-grad-cam, pytorch_grad_cam/score_cam.py and base_cam.py @084273b). With A [1, h, w, c]
 * the layer's output and x the model input [1, H, W, C]:
 *   M^k   = UpsamplingBilinear2d(A^k) to H × W (align_corners=True), min-max scaled per channel:
 *           (M − min) / (max − min + 1e-8)
 *   s_k   = f(x · M^k)[target]    (the raw logit, ClassifierOutputTarget; one forward pass per channel)
 *   w     = softmax_k(s)          (over the channels, not over the classes)
 *   map   = relu(Σ_k w_k A^k), upsampled bilinearly with half-pixel centres (cv2.resize), [1, H, W, 1].
 * The masks multiply the model input (mask 0 = the zero of model space: mid-gray for MobileNet, the mean
 * colour for ResNet-50), as theirs multiplies the normalised tensor. Forward passes run ctx.batchSize
 * channels at a time, each chunk's masks upsampled on their own (the min and max are per channel, so this is
 * exact), with progress and cancellation after each chunk.
 * Where we differ: pytorch-grad-cam min-max scales the final map to [0, 1] (scale_cam_image); we keep the
 * values and the display normalises. No delta.
 */
import * as tf from '@tensorflow/tfjs';
import { targetLogits } from '../../worker/attribution/gradients';
import type { AttributionContext, AttributionResult } from '../../worker/attribution/types';
import { layerActivation, upsampleMap } from '../gradcam/layer-gradient';

export interface ScoreCamParams {
  /** Layer whose output [1, h, w, c] is explained (camLayerOf). */
  layer: string;
}

/** Channels [from, from + count) of A as masked inputs x · M^k, [count, H, W, C]. */
function maskedInputs(input: tf.Tensor4D, activation: tf.Tensor4D, from: number, count: number): tf.Tensor4D {
  const [, H, W] = input.shape;
  return tf.tidy(() => {
    const a = tf.slice(activation, [0, 0, 0, from], [1, -1, -1, count]); // [1, h, w, count]
    const up = tf.image.resizeBilinear(a, [H, W], true, false); // align_corners=True
    const max = tf.max(up, [1, 2], true);
    const min = tf.min(up, [1, 2], true);
    const scaled = tf.div(tf.sub(up, min), tf.add(tf.sub(max, min), 1e-8)); // [1, H, W, count]
    const masks = tf.transpose(scaled, [3, 1, 2, 0]); // [count, H, W, 1]
    return tf.mul(input, masks) as tf.Tensor4D;
  });
}

export async function scoreCam(input: tf.Tensor4D, target: number, params: ScoreCamParams, ctx: AttributionContext): Promise<AttributionResult> {
  const { layer } = params;
  const [n, height, width] = input.shape;
  if (n !== 1) throw new Error('Score-CAM takes one input.');
  const first = layerActivation(input, target, layer, ctx, 'Score-CAM');
  const [, h, w, c] = first.activation.shape;
  try {
    const scores = new Float32Array(c);
    for (let from = 0; from < c; from += ctx.batchSize) {
      const count = Math.min(ctx.batchSize, c - from);
      const batch = maskedInputs(input, first.activation, from, count);
      scores.set(await targetLogits(ctx, batch, target).finally(() => batch.dispose()), from);
      await ctx.step(from + count, c);
    }
    const attributions = tf.tidy(() => {
      const weights = tf.reshape(tf.softmax(tf.tensor1d(scores)), [1, 1, 1, c]);
      const map = tf.relu(tf.sum(tf.mul(weights, first.activation), 3, true)) as tf.Tensor4D;
      return upsampleMap(map, height, width);
    });
    const targetLogit = (await first.logit.data())[0];
    return { attributions, targetLogit, notes: { layer, map: `${h}x${w}`, channels: c, forwardPasses: c } };
  } finally {
    tf.dispose([first.activation, first.logit]);
  }
}

/**
 * The model as a function of pixel values (0..255, RGB): its preprocessing as tensor ops in front of
 * the logits, so attacks and counterfactuals work in pixel units and clip to the real range [0, 255].
 */
import * as tf from '@tensorflow/tfjs';
import { CAFFE_MEAN_BGR, pixelScale } from '../../shared/image/pixels';
import type { Preprocessing } from '../../shared/models/registry';
import type { ClassScore } from '../../shared/protocol/messages';
import type { LoadedModel } from './load-model';

/** Logits [N, classes] of pixel-space images [N, H, W, 3]. */
export type PixelModel = (pixels: tf.Tensor4D) => tf.Tensor2D;

/** The tensor counterpart of toModelInput (image/pixels.ts). */
export function preprocessTensor(p: tf.Tensor4D, preprocessing: Preprocessing): tf.Tensor4D {
  return tf.tidy(() =>
    preprocessing === 'mobilenet'
      ? tf.sub(tf.div(p, 127.5), 1)
      : preprocessing === 'teachable'
        ? tf.sub(tf.div(p, 127), 1) // Teachable Machine's capture, op for op
        : tf.sub(tf.reverse(p, -1), tf.tensor1d([...CAFFE_MEAN_BGR])),
  ) as tf.Tensor4D;
}

/** d(model input) / d(pixel value): the preprocessing's scale (MobileNet x/127.5 - 1; Teachable Machine x/127 - 1; caffe x - mean). */
export function inputScale(preprocessing: Preprocessing): number {
  return pixelScale(preprocessing);
}

export function pixelModel(model: LoadedModel, inferenceOnly = false): PixelModel {
  return (p) => model.compiled.logits(preprocessTensor(p, model.spec.preprocessing), { inferenceOnly });
}

export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const p = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += p[i] = Math.exp(logits[i] - max);
  return p.map((v) => v / sum);
}

export function topScores(logits: ArrayLike<number>, k = 5): { p: Float32Array; top: ClassScore[] } {
  const p = softmax(logits);
  const top = Array.from(p, (probability, index) => ({ index, probability, logit: logits[index] }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
  return { p, top };
}

/** One forward pass of pixel images [1, H, W, 3]: probabilities over all classes and the top 5 with logits. */
export async function scores(f: PixelModel, x: tf.Tensor4D): Promise<{ p: Float32Array; top: ClassScore[] }> {
  const logits = tf.tidy(() => f(x));
  try {
    return topScores((await logits.data()) as Float32Array);
  } finally {
    logits.dispose();
  }
}

/** HWC float RGB in 0..255 to RGBA bytes for display. */
export function toRgba(rgb: ArrayLike<number>): Uint8ClampedArray {
  const n = rgb.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 3; c++) out[i * 4 + c] = rgb[i * 3 + c];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** RGBA bytes to HWC float RGB. */
export function toRgbFloat(rgba: ArrayLike<number>): Float32Array {
  const n = rgba.length / 4;
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = rgba[i * 4 + c];
  return out;
}

/**
 * Gradient attacks as Captum defines them (captum/robust/_core/fgsm.py, pgd.py), in pixel space so
 * epsilon is in pixel levels and the valid range is simply [lower, upper] = [0, 255]:
 * - FGSM (Goodfellow et al. 2015): x' = clip(x + s * epsilon * sign(d loss / d x)), s = +1 untargeted
 *   (raise the loss of the given label), -1 targeted (lower the loss of the target class);
 * - PGD (Madry et al. 2018), L-infinity: optional uniform random start in the epsilon ball, then
 *   steps of FGSM with `stepSize`, each followed by projection onto the ball around x and the range.
 * The loss is the cross-entropy of the softmax of the logits: Captum's default loss, -log(output[label]),
 * for a model whose output is its probabilities.
 * As Captum's FGSM (zero_thresh = 1e-6), an element whose loss gradient is at most 1e-6 in magnitude is
 * left unchanged. Captum compares the gradient with respect to the model's input; ours is with respect
 * to pixels, d/dpixel = d/dinput * dinput/dpixel, so the threshold in pixel units is 1e-6 * dinput/dpixel
 * (`zeroThreshold`, set by the caller from the model's preprocessing).
 */
import * as tf from '@tensorflow/tfjs';
import type { PixelModel } from '../../../worker/runtime/pixel-model';

/** Captum's FGSM.zero_thresh, in gradient units of the model's input. */
export const CAPTUM_ZERO_THRESH = 1e-6;

/** Where an attack works: the valid range of a value, and the gradient at or below which it stays put. */
export interface Bounds {
  lower: number;
  upper: number;
  /** |d loss / d x| at or below this leaves the element unchanged (Captum's zero_thresh, in x's units). */
  zeroThreshold: number;
}

/** d CE(logits(x), label) / d x: the direction that makes the model less sure of `label`. */
export function lossGradient(model: PixelModel, x: tf.Tensor4D, label: number): tf.Tensor4D {
  const loss = (input: tf.Tensor) => {
    const logits = model(input as tf.Tensor4D);
    const onehot = tf.oneHot(tf.fill([logits.shape[0]], label, 'int32') as tf.Tensor1D, logits.shape[1]);
    return tf.losses.softmaxCrossEntropy(onehot, logits, undefined, undefined, tf.Reduction.SUM);
  };
  return tf.grad(loss)(x) as tf.Tensor4D;
}

/** One FGSM step; `label` is the true class (untargeted) or the class to reach (targeted). */
export function fgsm(model: PixelModel, x: tf.Tensor4D, label: number, epsilon: number, targeted: boolean, bounds: Bounds): tf.Tensor4D {
  return tf.tidy(() => {
    const g = lossGradient(model, x, label);
    const moved = tf.greater(tf.abs(g), bounds.zeroThreshold);
    const step = tf.where(moved, tf.mul(tf.sign(g), (targeted ? -1 : 1) * epsilon), tf.zerosLike(g));
    return tf.clipByValue(tf.add(x, step), bounds.lower, bounds.upper) as tf.Tensor4D;
  });
}

export interface PgdOptions {
  epsilon: number;
  stepSize: number;
  steps: number;
  targeted: boolean;
  randomStart: boolean;
  seed: number;
  bounds: Bounds;
  /** Called after each step with the current image (not to be kept: it is disposed after the call). */
  onStep?(step: number, x: tf.Tensor4D): Promise<void> | void;
}

/** Projection onto {z : |z - x0|_inf <= epsilon} intersected with the valid range. */
export function project(x: tf.Tensor4D, x0: tf.Tensor4D, epsilon: number, bounds: Bounds): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(tf.add(x0, tf.clipByValue(tf.sub(x, x0), -epsilon, epsilon)), bounds.lower, bounds.upper) as tf.Tensor4D);
}

export async function pgd(model: PixelModel, x0: tf.Tensor4D, label: number, o: PgdOptions): Promise<tf.Tensor4D> {
  let x = o.randomStart
    ? tf.tidy(() => project(tf.add(x0, tf.randomUniform(x0.shape, -o.epsilon, o.epsilon, 'float32', o.seed)) as tf.Tensor4D, x0, o.epsilon, o.bounds))
    : tf.clone(x0);
  for (let i = 0; i < o.steps; i++) {
    const next = tf.tidy(() => project(fgsm(model, x, label, o.stepSize, o.targeted, o.bounds), x0, o.epsilon, o.bounds));
    x.dispose();
    x = next;
    await o.onStep?.(i + 1, x);
  }
  return x;
}

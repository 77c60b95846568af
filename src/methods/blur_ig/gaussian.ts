/**
 * The Gaussian blur of PAIR saliency's Blur IG (saliency/core/blur_ig.py, `gaussian_blur`):
 * scipy.ndimage.gaussian_filter(image, sigma=[sigma, sigma, 0], mode="constant"), i.e. one
 * gaussian_filter1d along H and one along W (none across channels), zero padding (cval 0), scipy's
 * default truncate=4.0. scipy's 1-D kernel (scipy/ndimage/_filters.py, `_gaussian_kernel1d`):
 *   radius = int(truncate * sigma + 0.5),  w[k] = exp(-k^2 / (2 sigma^2)) / sum_j exp(-j^2 / (2 sigma^2)),
 *   k = -radius..radius; sigma = 0 returns the image (blur_ig.py's own shortcut).
 * A 1-D filter with zero padding along an axis of length n is a product with the n x n band matrix
 * M[i, j] = w[j - i] (|j - i| <= radius), so the 2-D blur is M_H X M_W^T per channel: two matMuls, which
 * costs O(n) per output element whatever sigma is (max_sigma = 50 gives a 401-tap kernel, wider than
 * the 224-pixel image).
 * Shapes: images [1, H, W, C]; `pad` is the value zero padding stands for (see blur-ig.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { gaussianKernel1d } from './kernel';

export { gaussianKernel1d } from './kernel';

/** The n x n matrix of gaussian_filter1d(mode="constant", cval=0) along an axis of length n, row-major. */
export function blurMatrix(n: number, sigma: number): Float32Array {
  const m = new Float32Array(n * n);
  if (sigma === 0) {
    for (let i = 0; i < n; i++) m[i * n + i] = 1;
    return m;
  }
  const w = gaussianKernel1d(sigma);
  const r = (w.length - 1) / 2;
  for (let i = 0; i < n; i++) {
    for (let j = Math.max(0, i - r); j <= Math.min(n - 1, i + r); j++) m[i * n + j] = w[j - i + r];
  }
  return m;
}

/**
 * gaussian_blur(image, sigma) for one image [1, H, W, C], padding with `pad` (one value per channel) instead
 * of 0: pad + blur(x - pad). With pad = 0 it is scipy's call exactly; the kernel sums to 1, so with a
 * per-channel affine preprocessing pre(p) = a p + pad, blurring the model input this way equals
 * preprocessing the zero-padded blur of the pixels. Call inside tf.tidy.
 */
export function gaussianBlur(x: tf.Tensor4D, sigma: number, pad: readonly number[]): tf.Tensor4D {
  if (sigma === 0) return tf.clone(x);
  const [, h, w, c] = x.shape;
  const padT = tf.tensor1d(pad as number[]);
  const chw = tf.transpose(tf.reshape(tf.sub(x, padT), [h, w, c]), [2, 0, 1]); // [C, H, W]
  const alongW = tf.matMul(tf.reshape(chw, [c * h, w]), tf.tensor2d(blurMatrix(w, sigma), [w, w]), false, true); // [C*H, W]
  const hcw = tf.reshape(tf.transpose(tf.reshape(alongW, [c, h, w]), [1, 0, 2]), [h, c * w]); // [H, C*W]
  const alongH = tf.matMul(tf.tensor2d(blurMatrix(h, sigma), [h, h]), hcw); // [H, C*W]
  const hwc = tf.transpose(tf.reshape(alongH, [h, c, w]), [0, 2, 1]);
  return tf.add(tf.reshape(hwc, [1, h, w, c]), padT) as tf.Tensor4D;
}

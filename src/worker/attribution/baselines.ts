/**
 * Baselines are defined in pixel space (RGB 0..255, what a student can picture) and pushed through
 * the model's own preprocessing, except "zero", which is the zero tensor in model-input space (the
 * seed notebook's `input * 0`: for ResNet-50's caffe preprocessing that is the mean colour, not black).
 */
import type { Preprocessing } from '../../shared/models/registry';
import { toModelInput } from '../../shared/image/pixels';
import type { BaselineId, DistributionId } from '../../methods/params';
import type { Rng } from '../../shared/rng';

const GAUSSIAN_SIGMA_PX = 25.5;
const BLUR_SIGMA_PX = 12;

export function normal(rng: Rng): number {
  // Box-Muller; 1 - u avoids log(0).
  return Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform());
}

/** Separable Gaussian blur of an HWC float image, edges clamped. */
export function gaussianBlur(rgb: Float32Array, size: number, sigma: number): Float32Array {
  const r = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const norm = kernel.reduce((a, b) => a + b, 0);
  const pass = (src: Float32Array, horizontal: boolean) => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        for (let c = 0; c < 3; c++) {
          let acc = 0;
          for (let k = -r; k <= r; k++) {
            const xx = horizontal ? Math.min(size - 1, Math.max(0, x + k)) : x;
            const yy = horizontal ? y : Math.min(size - 1, Math.max(0, y + k));
            acc += kernel[k + r] * src[(yy * size + xx) * 3 + c];
          }
          out[(y * size + x) * 3 + c] = acc / norm;
        }
      }
    }
    return out;
  };
  return pass(pass(rgb, true), false);
}

/** The baseline as model input (HWC float32, same layout as toModelInput's output). */
export function makeBaseline(
  id: BaselineId,
  imageRgb: Float32Array,
  size: number,
  preprocessing: Preprocessing,
  rng: Rng,
): Float32Array {
  const n = size * size * 3;
  if (id === 'zero') return new Float32Array(n);
  let px: Float32Array;
  switch (id) {
    case 'black':
      px = new Float32Array(n);
      break;
    case 'white':
      px = new Float32Array(n).fill(255);
      break;
    case 'gray':
      px = new Float32Array(n).fill(127.5);
      break;
    case 'uniform':
      px = Float32Array.from({ length: n }, () => rng.uniform() * 255);
      break;
    case 'gaussian':
      px = imageRgb.map((v) => Math.min(255, Math.max(0, v + GAUSSIAN_SIGMA_PX * normal(rng))));
      break;
    case 'blur':
      px = gaussianBlur(imageRgb, size, BLUR_SIGMA_PX);
      break;
  }
  return toModelInput(px, preprocessing, 3);
}

/** A baseline distribution for GradientShap / DeepLiftShap, as a list of model inputs. */
export function makeDistribution(
  id: DistributionId,
  imageRgb: Float32Array,
  size: number,
  preprocessing: Preprocessing,
  rng: Rng,
): Float32Array[] {
  const image = toModelInput(imageRgb, preprocessing, 3);
  const b = (baseline: BaselineId) => makeBaseline(baseline, imageRgb, size, preprocessing, rng);
  switch (id) {
    case 'black_white':
      return [b('black'), b('white')];
    case 'black_image':
      return [b('black'), image];
    case 'zero_image':
      return [b('zero'), image];
    case 'noise':
      return [b('uniform'), b('uniform'), b('uniform'), b('uniform')];
  }
}

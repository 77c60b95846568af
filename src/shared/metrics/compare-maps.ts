/**
 * One set of numbers for "how alike are these two maps", used by every pitfall lab: rank correlation
 * of the signed and of the absolute maps, top-k overlap of the most important pixels, and SSIM of the
 * absolute maps after Captum's normalisation (so a map's overall scale does not matter, only its shape).
 */
import type { Similarity } from '../../features/labs/protocol';
import { normalizeAttr } from '../viz/normalize';
import { spearman, ssim, topKIntersection } from './similarity';

export const TOP_K_FRACTION = 0.1;

export function compareMaps(a: Float32Array, b: Float32Array, width: number, height: number): Similarity {
  const absA = a.map(Math.abs);
  const absB = b.map(Math.abs);
  return {
    spearman: spearman(a, b),
    spearmanAbs: spearman(absA, absB),
    topK: topKIntersection(absA, absB, TOP_K_FRACTION),
    topKFraction: TOP_K_FRACTION,
    ssim: ssim(normalizeAttr(absA, 'absolute_value', 2).values, normalizeAttr(absB, 'absolute_value', 2).values, width, height),
  };
}


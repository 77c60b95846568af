/**
 * scipy.ndimage's Gaussian kernel (scipy/ndimage/_filters.py, `_gaussian_kernel1d` as gaussian_filter1d
 * calls it): radius = int(truncate * sigma + 0.5), w[k] = exp(-k^2 / (2 sigma^2)) normalised to sum 1,
 * k = -radius..radius. Pure (no tfjs): Blur IG's blur and XRAI's Felzenszwalb smoothing both use it.
 */

/** scipy's truncate default (skimage.filters.gaussian's too). */
export const TRUNCATE = 4.0;

export function gaussianKernel1d(sigma: number, truncate = TRUNCATE): Float64Array {
  const radius = Math.trunc(truncate * sigma + 0.5);
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let k = -radius; k <= radius; k++) {
    w[k + radius] = Math.exp((-0.5 / (sigma * sigma)) * k * k);
    sum += w[k + radius];
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

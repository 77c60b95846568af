/**
 * RISE's insertion substrate (Petsiuk, Das & Saenko 2018; github.com/eclique/RISE): the blur kernel `gkern`
 * of evaluation.py, reproduced bit for bit from SciPy's gaussian_filter, and the per-channel zero-padded
 * conv2d of Evaluation.ipynb, applied to the model input. See curves.ts for the curves themselves.
 * Free of tfjs and the DOM, like the rest of the metrics.
 */

/** RISE's insertion blur: `gkern(klen=11, nsig=5)` (Evaluation.ipynb: `klen = 11`, `ksig = 5`). */
export const RISE_KLEN = 11;
export const RISE_NSIG = 5;

/** scipy.ndimage's default `truncate`: the 1-D Gaussian is cut at radius int(truncate * sigma + 0.5). */
const SCIPY_TRUNCATE = 4;

/** scipy.ndimage `_gaussian_kernel1d(sigma, order=0, radius)`: exp(-x^2 / (2 sigma^2)) for x in -radius..radius, normalised to sum 1. */
export function gaussianKernel1d(sigma: number, radius: number): Float64Array {
  const w = new Float64Array(2 * radius + 1);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) {
    w[x + radius] = Math.exp((-0.5 / (sigma * sigma)) * x * x);
    sum += w[x + radius];
  }
  for (let i = 0; i < w.length; i++) w[i] /= sum;
  return w;
}

/** scipy.ndimage mode 'reflect' (d c b a | a b c d | d c b a, "half-sample symmetric"): index p of the extended axis. */
export function reflectIndex(p: number, n: number): number {
  const m = ((p % (2 * n)) + 2 * n) % (2 * n);
  return m < n ? m : 2 * n - 1 - m;
}

/** scipy.ndimage.correlate1d(input, weights, mode='reflect') along one axis of a row-major rows x cols array. */
function correlateReflect(input: Float64Array, rows: number, cols: number, weights: Float64Array, axis: 0 | 1): Float64Array {
  const r = (weights.length - 1) / 2;
  const out = new Float64Array(input.length);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      let s = 0;
      for (let j = -r; j <= r; j++) {
        const v = axis === 0 ? input[reflectIndex(y + j, rows) * cols + x] : input[y * cols + reflectIndex(x + j, cols)];
        s += weights[j + r] * v;
      }
      out[y * cols + x] = s;
    }
  }
  return out;
}

/**
 * RISE's `gkern(klen, nsig)`: a klen x klen array of zeros with 1 at [klen // 2, klen // 2], passed through
 * `scipy.ndimage.gaussian_filter(inp, nsig)` (truncate 4, mode 'reflect', each axis in turn, float64), then cast
 * to float32 as RISE does. The reflections fold the Gaussian's tails (radius 20 for nsig 5) back into the 11 x 11
 * window, so gkern(11, 5) is nearly flat (0.00774 at the corners, 0.00883 in the centre; sums to 1), close to an
 * 11 x 11 box (its standard deviation along an axis is 3.13 px), not a Gaussian of sigma 5.
 */
export function gkern(klen: number, nsig: number): Float32Array {
  if (!Number.isInteger(klen) || klen < 1) throw new Error(`gkern: klen must be a positive integer, got ${klen}`);
  if (!(nsig > 0)) throw new Error(`gkern: nsig must be positive, got ${nsig}`);
  const inp = new Float64Array(klen * klen);
  inp[(klen >> 1) * klen + (klen >> 1)] = 1;
  const w = gaussianKernel1d(nsig, Math.trunc(SCIPY_TRUNCATE * nsig + 0.5));
  return Float32Array.from(correlateReflect(correlateReflect(inp, klen, klen, w, 0), klen, klen, w, 1));
}

/**
 * RISE's insertion substrate: `nn.functional.conv2d(x, kern, padding=klen // 2)` with kern[c, c] = gkern and
 * kern[c, c'] = 0 otherwise, i.e. each channel blurred on its own, zero padding, on the model input (HWC here,
 * NCHW there; the same numbers). Zero padding in model space pulls the 5-pixel border towards the colour whose
 * model input is 0 (mid-gray for MobileNet, the mean colour for caffe preprocessing), not towards black.
 */
export function blurModelInput(x: Float32Array, height: number, width: number, channels: number, kernel: Float32Array, klen: number): Float32Array<ArrayBuffer> {
  if (x.length !== height * width * channels) throw new Error(`blurModelInput: ${x.length} values for ${height}x${width}x${channels}`);
  if (kernel.length !== klen * klen) throw new Error(`blurModelInput: kernel has ${kernel.length} values, not ${klen}x${klen}`);
  const pad = klen >> 1;
  const out = new Float32Array(x.length);
  const acc = new Float64Array(channels);
  for (let y = 0; y < height; y++) {
    for (let xx = 0; xx < width; xx++) {
      acc.fill(0);
      for (let u = 0; u < klen; u++) {
        const sy = y + u - pad;
        if (sy < 0 || sy >= height) continue; // zero padding
        for (let v = 0; v < klen; v++) {
          const sx = xx + v - pad;
          if (sx < 0 || sx >= width) continue;
          const k = kernel[u * klen + v];
          const p = (sy * width + sx) * channels;
          for (let c = 0; c < channels; c++) acc[c] += k * x[p + c];
        }
      }
      const o = (y * width + xx) * channels;
      for (let c = 0; c < channels; c++) out[o + c] = acc[c];
    }
  }
  return out;
}

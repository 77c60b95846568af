/**
 * Insertion and deletion curves ("causal metrics": Petsiuk, Das & Saenko 2018, "RISE: Randomized Input
 * Sampling for Explanation of Black-box Models", BMVC), as the authors' reference code computes them:
 * github.com/eclique/RISE, evaluation.py (`gkern`, `auc`, `CausalMetric.single_run`) with the substrates
 * of its Evaluation.ipynb (`blur = conv2d(x, gkern(11, 5), padding=11 // 2)` for insertion,
 * `torch.zeros_like` for deletion), both applied to the *preprocessed* tensor, i.e. in model-input space.
 *
 * - Pixels are taken in descending order of a single-channel H x W map (RISE: `np.flip(np.argsort(...))`).
 *   Our attributions have channels, so `rankingMap` first reduces them (signed channel sum or its magnitude).
 * - `step` pixels change per step (all three channels at once); `n_steps = ceil(HW / step)`; the curve has
 *   n_steps + 1 points, the last step taking what is left.
 * - Deletion starts from the input and moves pixels to zeros (model space); insertion starts from the blurred
 *   input and moves pixels to the input.
 * - The score is the softmax probability of the class (computed by the caller, which runs the model).
 * - `riseAuc` is RISE's `auc`: the trapezoid rule on points spaced 1 / n_steps apart.
 *
 * This module builds the orders, the kernel, the substrates, the perturbed inputs and the area; the model runs
 * elsewhere, so it stays free of tfjs and the DOM and works in the worker and the UI alike.
 */
import { createRng } from '../rng';

/** RISE's insertion blur: `gkern(klen=11, nsig=5)` (Evaluation.ipynb: `klen = 11`, `ksig = 5`). */
export const RISE_KLEN = 11;
export const RISE_NSIG = 5;

/** RISE's `auc`, in words, for the JSON download. */
export const RISE_AUC_RULE = '(sum(scores) - scores[0] / 2 - scores[-1] / 2) / (len(scores) - 1)';

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

/** How a multi-channel attribution becomes RISE's single-channel map before its pixels are sorted. */
export const RANKS = ['signed', 'abs'] as const;
export type Rank = (typeof RANKS)[number];

/** "pixels ranked by …" */
export const RANK_LABELS: Record<Rank, string> = {
  signed: 'signed Σc a (the channel sum, most positive first)',
  abs: '|Σc a| (the magnitude of the channel sum, largest first)',
};

/** HWC attributions -> the H x W map whose descending order is the deletion/insertion order. */
export function rankingMap(attributions: ArrayLike<number>, channels: number, rank: Rank): Float32Array<ArrayBuffer> {
  if (!Number.isInteger(channels) || channels < 1 || attributions.length % channels !== 0) {
    throw new Error(`rankingMap: ${attributions.length} values do not split into ${channels} channels`);
  }
  const out = new Float32Array(attributions.length / channels);
  for (let i = 0; i < out.length; i++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += attributions[i * channels + c];
    out[i] = rank === 'abs' ? Math.abs(s) : s;
  }
  return out;
}

// Float64 bit patterns are read through a Uint32Array view; which word is the high one depends on
// the platform's byte order (little-endian everywhere in practice, but it costs nothing to ask).
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LO = 1 - HI;

/**
 * 64-bit keys (split into high and low words) whose unsigned ascending order is the values' descending
 * order: IEEE-754 bits are monotone in the magnitude, so positives have everything but the sign
 * inverted and negatives are kept as they are. -0 is folded into +0 so the two tie; NaN gets the
 * largest key, so it sorts last.
 */
function descendingKeys(map: ArrayLike<number>): { hi: Uint32Array; lo: Uint32Array } {
  const n = map.length;
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = map[i] === 0 ? 0 : map[i];
  const bits = new Uint32Array(values.buffer);
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = bits[2 * i + HI];
    const l = bits[2 * i + LO];
    if (Number.isNaN(values[i])) {
      hi[i] = 0xffffffff;
      lo[i] = 0xffffffff;
    } else if (h & 0x80000000) {
      hi[i] = h;
      lo[i] = l;
    } else {
      hi[i] = h ^ 0x7fffffff;
      lo[i] = ~l;
    }
  }
  return { hi, lo };
}

/**
 * Indices ordered by the 64-bit keys with an LSD radix sort over 16-bit digits. It is stable, so
 * equal keys keep index order with no tie-break comparison, and on 50k values it is several times
 * faster than a comparator sort (about 20 ms in V8). Passes whose digit is the same for every key
 * (the low words of float32 maps, say) are skipped.
 */
function radixOrder(hi: Uint32Array, lo: Uint32Array): Uint32Array<ArrayBuffer> {
  const n = hi.length;
  let src = new Uint32Array(n);
  let dst = new Uint32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  const start = new Uint32Array(0x10000);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? lo : hi;
    const shift = (pass & 1) * 16;
    start.fill(0);
    for (let i = 0; i < n; i++) start[(words[i] >>> shift) & 0xffff]++;
    if (n === 0 || start[(words[0] >>> shift) & 0xffff] === n) continue;
    let sum = 0;
    for (let d = 0; d < 0x10000; d++) {
      const c = start[d];
      start[d] = sum;
      sum += c;
    }
    for (let j = 0; j < n; j++) {
      const i = src[j];
      dst[start[(words[i] >>> shift) & 0xffff]++] = i;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/**
 * Pixel indices by descending value, ties by lower index, NaN last. RISE's `np.flip(np.argsort(map))` gives
 * the same order except among exact ties, which NumPy's default (unstable) sort leaves in no promised order,
 * and NaN, which it would put first.
 */
export function saliencyOrder(map: ArrayLike<number>): Uint32Array<ArrayBuffer> {
  const { hi, lo } = descendingKeys(map);
  return radixOrder(hi, lo);
}

/** A seeded Fisher–Yates permutation of 0..n-1: the random-order control for the curves. */
export function randomOrder(n: number, seed: number): Uint32Array<ArrayBuffer> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randomOrder: n must be a non-negative integer, got ${n}`);
  const rng = createRng(seed);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * RISE's schedule: `step` pixels per step, `n_steps = (HW + step - 1) // step`, n_steps + 1 scores; before
 * step i (0-based) the first min(step * i, HW) pixels of the order have changed (the last step takes the rest).
 * RISE takes `step` (224 in its notebook, 224 * 8 in its batch evaluation); we take the number of steps asked
 * for and use step = ceil(HW / steps), which gives exactly that many steps whenever steps^2 <= HW + steps
 * (every steps <= 224 for a 224 x 224 input), and fewer, never more, otherwise.
 */
export function riseSteps(total: number, steps: number): { step: number; nSteps: number; counts: number[] } {
  if (!Number.isInteger(total) || total < 1) throw new Error(`riseSteps: total must be a positive integer, got ${total}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`riseSteps: steps must be a positive integer, got ${steps}`);
  const step = Math.ceil(total / steps);
  const nSteps = Math.floor((total + step - 1) / step);
  const counts: number[] = [];
  for (let i = 0; i <= nSteps; i++) counts.push(Math.min(step * i, total));
  return { step, nSteps, counts };
}

/**
 * RISE's `auc(arr)`: (arr.sum() - arr[0] / 2 - arr[-1] / 2) / (arr.shape[0] - 1), the trapezoid rule with the
 * n_steps + 1 scores spaced 1 / n_steps apart (its x axis is i / n_steps, even when the last step is short).
 */
export function riseAuc(scores: ArrayLike<number>): number {
  const n = scores.length;
  if (n < 2) throw new Error(`riseAuc: needs at least 2 scores, got ${n}`);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += scores[i];
  return (sum - scores[0] / 2 - scores[n - 1] / 2) / (n - 1);
}

function checkInputs(base: Float32Array, fill: Float32Array, order: Uint32Array, channels: number): number {
  if (base.length !== fill.length) throw new Error(`perturbation: base has ${base.length} values, fill ${fill.length}`);
  if (!Number.isInteger(channels) || channels < 1 || base.length % channels !== 0) throw new Error(`perturbation: ${base.length} values do not split into ${channels} channels`);
  const pixels = base.length / channels;
  if (order.length > pixels) throw new Error(`perturbation: order has ${order.length} entries for ${pixels} pixels`);
  return pixels;
}

function checkCount(count: number, order: Uint32Array): void {
  if (!Number.isInteger(count) || count < 0 || count > order.length) {
    throw new Error(`perturbation: count ${count} outside 0..${order.length}`);
  }
}

/** Copies every channel of fill into out for the pixels order[from, to) (RISE's `start[0, :, coords] = finish[0, :, coords]`). */
function applyFill(out: Float32Array, fill: Float32Array, order: Uint32Array, from: number, to: number, pixels: number, channels: number): void {
  for (let k = from; k < to; k++) {
    const pixel = order[k];
    if (pixel >= pixels) throw new Error(`perturbation: order[${k}] = ${pixel} is not a pixel of a ${pixels}-pixel image`);
    const p = pixel * channels;
    for (let c = 0; c < channels; c++) out[p + c] = fill[p + c];
  }
}

/**
 * A copy of the HWC model input base whose first `count` pixels in `order` take fill's values.
 * Deletion: base = the input, fill = zeros. Insertion: base = the blurred input, fill = the input.
 */
export function perturbedInput(base: Float32Array, fill: Float32Array, order: Uint32Array, count: number, channels: number): Float32Array<ArrayBuffer> {
  const pixels = checkInputs(base, fill, order, channels);
  checkCount(count, order);
  const out = Float32Array.from(base);
  applyFill(out, fill, order, 0, count, pixels, channels);
  return out;
}

/**
 * perturbedInput at ascending counts, sharing the work as RISE's loop does: one running input advances from
 * one count to the next, so the writes total O(last count) rather than O(sum of counts). The array returned
 * by `advanceTo` is the running one: copy it before the next call.
 */
export function perturbationWalk(base: Float32Array, fill: Float32Array, order: Uint32Array, channels: number): { advanceTo(count: number): Float32Array } {
  const pixels = checkInputs(base, fill, order, channels);
  const running = Float32Array.from(base);
  let done = 0;
  return {
    advanceTo(count: number) {
      checkCount(count, order);
      if (count < done) throw new Error(`perturbation: counts must not decrease (${count} after ${done})`);
      applyFill(running, fill, order, done, count, pixels, channels);
      done = count;
      return running;
    },
  };
}

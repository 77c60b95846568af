/**
 * Insertion and deletion curves (Petsiuk, Das & Saenko 2018, "RISE: Randomized Input Sampling for
 * Explanation of Black-box Models", BMVC). Pixels are changed in saliency order (or a seeded random
 * order, the control) and the class score is read after each step; the area under that curve is the
 * metric. This module only builds the orders, the perturbed images and the area: the model runs
 * elsewhere, so it stays free of tfjs and the DOM and works in the worker and the UI alike.
 */
import { createRng } from '../attribution/rng';

/** Area under y(x) by the trapezoid rule; with xs spanning [0, 1] it is the normalised AUC. */
export function trapezoidAuc(xs: ArrayLike<number>, ys: ArrayLike<number>): number {
  if (xs.length !== ys.length) throw new Error(`trapezoidAuc: ${xs.length} xs but ${ys.length} ys`);
  let area = 0;
  for (let i = 1; i < xs.length; i++) {
    const dx = xs[i] - xs[i - 1];
    // A decreasing x would silently subtract area; that is always a caller's bug here.
    if (!(dx >= 0)) throw new Error(`trapezoidAuc: xs must be non-decreasing (index ${i})`);
    area += (dx * (ys[i] + ys[i - 1])) / 2;
  }
  return area;
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

/** Pixel indices by descending value, ties by lower index, NaN last. */
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
 * Pixels changed at each of the steps + 1 curve points: round(total * i / steps), from 0 to total.
 * Math.round rounds halves up (2.5 -> 3, 7.5 -> 8), unlike NumPy's round-half-to-even (2.5 -> 2),
 * so a port of a Python reference can differ by one pixel at exact halves.
 */
export function stepCounts(total: number, steps: number): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`stepCounts: total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`stepCounts: steps must be a positive integer, got ${steps}`);
  const counts: number[] = [];
  for (let i = 0; i <= steps; i++) counts.push(Math.round((total * i) / steps));
  return counts;
}

function checkImages(base: Uint8ClampedArray, fill: Uint8ClampedArray, order: Uint32Array): number {
  if (base.length !== fill.length) throw new Error(`perturbation: base has ${base.length} bytes, fill ${fill.length}`);
  if (base.length % 4 !== 0) throw new Error(`perturbation: ${base.length} bytes is not RGBA`);
  const pixels = base.length / 4;
  if (order.length > pixels) throw new Error(`perturbation: order has ${order.length} entries for ${pixels} pixels`);
  return pixels;
}

function checkCount(count: number, order: Uint32Array): void {
  if (!Number.isInteger(count) || count < 0 || count > order.length) {
    throw new Error(`perturbation: count ${count} outside 0..${order.length}`);
  }
}

/** Copies fill's RGB into out for order[from, to); alpha goes opaque so a model sees the fill as is. */
function applyFill(out: Uint8ClampedArray, fill: Uint8ClampedArray, order: Uint32Array, from: number, to: number, pixels: number): void {
  for (let k = from; k < to; k++) {
    const pixel = order[k];
    if (pixel >= pixels) throw new Error(`perturbation: order[${k}] = ${pixel} is not a pixel of a ${pixels}-pixel image`);
    const p = pixel * 4;
    out[p] = fill[p];
    out[p + 1] = fill[p + 1];
    out[p + 2] = fill[p + 2];
    out[p + 3] = 255;
  }
}

/**
 * A copy of the RGBA image base whose first `count` pixels in `order` take fill's RGB.
 * Deletion: base = the image, fill = black or blurred. Insertion: base = blurred, fill = the image.
 */
export function perturbedImage(
  base: Uint8ClampedArray,
  fill: Uint8ClampedArray,
  order: Uint32Array,
  count: number,
): Uint8ClampedArray<ArrayBuffer> {
  const pixels = checkImages(base, fill, order);
  checkCount(count, order);
  const out = new Uint8ClampedArray(base);
  applyFill(out, fill, order, 0, count, pixels);
  return out;
}

/**
 * perturbedImage for every count, sharing the work: one running image advances from one count to the
 * next, so the pixel writes total O(max count) rather than O(sum of counts). Counts may come in any
 * order; they are visited ascending and the results returned in the caller's order.
 */
export function perturbationBatch(
  base: Uint8ClampedArray,
  fill: Uint8ClampedArray,
  order: Uint32Array,
  counts: readonly number[],
): Uint8ClampedArray<ArrayBuffer>[] {
  const pixels = checkImages(base, fill, order);
  counts.forEach((c) => checkCount(c, order));
  const visit = counts.map((_, i) => i).sort((i, j) => counts[i] - counts[j]);
  const running = new Uint8ClampedArray(base);
  const images = new Array<Uint8ClampedArray<ArrayBuffer>>(counts.length);
  let done = 0;
  for (const i of visit) {
    applyFill(running, fill, order, done, counts[i], pixels);
    done = counts[i];
    images[i] = running.slice();
  }
  return images;
}

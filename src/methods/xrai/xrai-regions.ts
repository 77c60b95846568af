/**
 * XRAI's regions and greedy selection (Kapishnikov et al. 2019, "XRAI: Better Attributions Through
 * Regions", https://arxiv.org/abs/1906.02825), transcribed from PAIR saliency's saliency/core/xrai.py
 * @7b72b67 (`_get_segments_felzenszwalb`, `_unpack_segs_to_masks`, `_gain_density`, `XRAI._xrai`). Pure.
 * Masks are lists of pixel indices (row-major H x W), in PAIR's order: segmentation by segmentation,
 * label by label.
 */
import { felzenszwalbGraph, felzenszwalbSegment } from './felzenszwalb';

/** PAIR's constants (xrai.py). */
export const FELZENSZWALB_SCALES = [50, 100, 150, 250, 500, 1200] as const;
export const FELZENSZWALB_SIGMA = 0.8;
export const FELZENSZWALB_MIN_SIZE = 150;
export const DILATION_RADIUS = 5;
/** XRAIParameters.experimental_params['min_pixel_diff']. */
export const MIN_PIXEL_DIFF = 50;

/** skimage.morphology.disk(r): offsets (dy, dx) with dy^2 + dx^2 <= r^2. */
export function disk(r: number): [number, number][] {
  const out: [number, number][] = [];
  for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (dy * dy + dx * dx <= r * r) out.push([dy, dx]);
  return out;
}

/**
 * One mask per label of each segmentation (labels 0..max, as `_unpack_segs_to_masks`), each dilated by
 * disk(radius) (skimage.morphology.dilation; pixels outside the image are not part of any mask).
 */
export function segmentMasks(segmentations: Int32Array[], h: number, w: number, radius = DILATION_RADIUS): Int32Array[] {
  const footprint = disk(radius);
  const stamp = new Int32Array(h * w).fill(-1);
  const masks: Int32Array[] = [];
  for (const seg of segmentations) {
    let max = -1;
    for (const l of seg) max = Math.max(max, l);
    const members: number[][] = Array.from({ length: max + 1 }, () => []);
    seg.forEach((l, p) => members[l].push(p));
    for (const pixels of members) {
      const id = masks.length;
      const out: number[] = [];
      for (const p of pixels) {
        const y = Math.floor(p / w);
        const x = p - y * w;
        for (const [dy, dx] of footprint) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          const q = yy * w + xx;
          if (stamp[q] !== id) {
            stamp[q] = id;
            out.push(q);
          }
        }
      }
      masks.push(Int32Array.from(out).sort());
    }
  }
  return masks;
}

/**
 * PAIR's `_normalize_image(im, [-1, 1])` (no resize: ours are 224 x 224 already, PAIR's size) and the six
 * Felzenszwalb segmentations at PAIR's scales, sigma 0.8, min_size 150.
 */
export function felzenszwalbSegmentations(pixels: ArrayLike<number>, h: number, w: number): Int32Array[] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < pixels.length; i++) {
    min = Math.min(min, pixels[i]);
    max = Math.max(max, pixels[i]);
  }
  const range = max - min || 1; // PAIR divides by zero on a flat image; every pixel is then 0 here
  const im = Float64Array.from(pixels as ArrayLike<number>, (v) => ((v - min) / range) * 2 - 1);
  const graph = felzenszwalbGraph(im, h, w, 3, FELZENSZWALB_SIGMA); // the smoothing and sorted edges do not depend on the scale
  return FELZENSZWALB_SCALES.map((scale) => felzenszwalbSegment(graph, scale, FELZENSZWALB_MIN_SIZE));
}

export interface XraiSelection {
  /** H x W: the gain of the region that first covered each pixel (uncovered: mean attribution there). */
  map: Float64Array;
  /** H x W: 1-based rank of the pixel's region by gain (PAIR's integer `attr_ranks`). */
  ranks: Int32Array;
  /** Regions added, in the order they were added, with their gains. */
  order: { mask: number; gain: number; newPixels: number }[];
}

/** PAIR's `XRAI._xrai` with `_gain_density`: greedy, each time the mask with the highest mean attribution over its new pixels. */
export function xraiSelect(attr: Float64Array, masks: Int32Array[], areaThreshold = 1.0, minPixelDiff = MIN_PIXEL_DIFF): XraiSelection {
  const n = attr.length;
  const map = new Float64Array(n).fill(-Infinity);
  const current = new Uint8Array(n);
  let covered = 0;
  const remaining = new Set(masks.keys()); // insertion order = PAIR's dict order
  const order: XraiSelection['order'] = [];
  const trace: { pixels: number[]; gain: number }[] = [];
  while (covered / n <= areaThreshold) {
    let bestGain = -Infinity;
    let best = -1;
    for (const k of [...remaining]) {
      let count = 0;
      let sum = 0;
      for (const p of masks[k]) if (!current[p]) {
        count++;
        sum += attr[p];
      }
      if (count < minPixelDiff) {
        remaining.delete(k);
        continue;
      }
      if (sum / count > bestGain) {
        bestGain = sum / count;
        best = k;
      }
    }
    if (remaining.size === 0 || best < 0) break;
    const added = Array.from(masks[best]).filter((p) => !current[p]);
    for (const p of added) {
      current[p] = 1;
      map[p] = bestGain;
    }
    covered += added.length;
    trace.push({ pixels: added, gain: bestGain });
    order.push({ mask: best, gain: bestGain, newPixels: added.length });
    remaining.delete(best);
  }
  // Uncomputed pixels get the mean attribution over them ("such that sum is same as ig").
  const uncomputed: number[] = [];
  for (let p = 0; p < n; p++) if (map[p] === -Infinity) uncomputed.push(p);
  if (uncomputed.length) {
    const mean = uncomputed.reduce((s, p) => s + attr[p], 0) / uncomputed.length;
    for (const p of uncomputed) map[p] = mean;
  }
  const ranked = trace.map((t, i) => ({ ...t, i })).sort((x, y) => y.gain - x.gain || x.i - y.i); // Python's sorted is stable
  const ranks = new Int32Array(n);
  ranked.forEach((t, i) => t.pixels.forEach((p) => (ranks[p] = i + 1)));
  if (uncomputed.length) for (const p of uncomputed) ranks[p] = ranked.length + 1;
  return { map, ranks, order };
}

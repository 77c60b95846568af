/**
 * Felzenszwalb & Huttenlocher's graph segmentation ("Efficient Graph-Based Image Segmentation", IJCV
 * 2004) as scikit-image computes it (skimage.segmentation.felzenszwalb, src/_skimage2/segmentation/
 * _felzenszwalb_cy.pyx @cd0a3d2, union-find from measure/_ccomp.pyx), which PAIR's XRAI calls:
 * - scale /= 255; the image (float64, HWC) is smoothed by gaussian(sigma=[sigma, sigma, 0], mode='reflect',
 *   truncate 4) per channel;
 * - 8-connected edges (right, down, down-right, up-right, in that order, each raster-ordered) weighted by
 *   the Euclidean distance of the smoothed colours, sorted by weight;
 * - an edge merges its two components when its weight < min(Int(C) + scale/|C|) over both (skimage keeps
 *   those two sums in float32, as here); Int(C) is the weight of the last edge merged into C;
 * - then, in the same edge order, components smaller than min_size are merged with their neighbour;
 * - the root of a component is its smallest pixel index, labels 0.. follow the roots in raster order
 *   (np.unique of the roots).
 * Where we differ: numpy's argsort (introsort) orders equal weights in no specified way; we keep ties in
 * edge order (a stable sort). Pure: no tfjs.
 */
import { gaussianKernel1d } from '../blur_ig/kernel';

/** scipy.ndimage 'reflect' (half-sample symmetric: d c b a | a b c d | d c b a) index for any i. */
function reflect(i: number, n: number): number {
  const period = 2 * n;
  let j = ((i % period) + period) % period;
  if (j >= n) j = period - 1 - j;
  return j;
}

/** gaussian_filter(image, [sigma, sigma, 0], mode='reflect') of an HWC float64 image. */
export function smoothReflect(img: Float64Array, h: number, w: number, c: number, sigma: number): Float64Array {
  if (sigma === 0) return img.slice();
  const k = gaussianKernel1d(sigma);
  const r = (k.length - 1) / 2;
  const tmp = new Float64Array(img.length);
  const out = new Float64Array(img.length);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
    let v = 0;
    for (let d = -r; d <= r; d++) v += k[d + r] * img[(reflect(y + d, h) * w + x) * c + ch];
    tmp[(y * w + x) * c + ch] = v;
  }
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) {
    let v = 0;
    for (let d = -r; d <= r; d++) v += k[d + r] * tmp[(y * w + reflect(x + d, w)) * c + ch];
    out[(y * w + x) * c + ch] = v;
  }
  return out;
}

const findRoot = (forest: Int32Array, n: number) => {
  let root = n;
  while (forest[root] < root) root = forest[root];
  return root;
};

function setRoot(forest: Int32Array, n: number, root: number) {
  while (forest[n] < n) {
    const j = forest[n];
    forest[n] = root;
    n = j;
  }
  forest[n] = root;
}

function joinTrees(forest: Int32Array, n: number, m: number) {
  if (n === m) return;
  const root = Math.min(findRoot(forest, n), findRoot(forest, m));
  setRoot(forest, n, root);
  setRoot(forest, m, root);
}

/** The 8-connected graph of an image, edges sorted by weight: the same for every scale, so built once. */
export interface FelzenszwalbGraph {
  h: number;
  w: number;
  a: Int32Array;
  b: Int32Array;
  cost: Float64Array;
}

export function felzenszwalbGraph(image: Float64Array, h: number, w: number, c: number, sigma: number): FelzenszwalbGraph {
  const im = smoothReflect(image, h, w, c, sigma);
  const n = h * (w - 1) + (h - 1) * w + 2 * (h - 1) * (w - 1);
  const a0 = new Int32Array(n);
  const b0 = new Int32Array(n);
  const c0 = new Float64Array(n);
  let e = 0;
  const add = (p: number, q: number) => {
    let s = 0;
    for (let ch = 0; ch < c; ch++) s += (im[p * c + ch] - im[q * c + ch]) ** 2;
    a0[e] = p;
    b0[e] = q;
    c0[e++] = Math.sqrt(s);
  };
  for (let y = 0; y < h; y++) for (let x = 0; x < w - 1; x++) add(y * w + x + 1, y * w + x); // right
  for (let y = 0; y < h - 1; y++) for (let x = 0; x < w; x++) add((y + 1) * w + x, y * w + x); // down
  for (let y = 0; y < h - 1; y++) for (let x = 0; x < w - 1; x++) add((y + 1) * w + x + 1, y * w + x); // down-right
  for (let y = 0; y < h - 1; y++) for (let x = 0; x < w - 1; x++) add(y * w + x + 1, (y + 1) * w + x); // up-right
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((i, j) => c0[i] - c0[j] || i - j);
  return { h, w, a: order.map((i) => a0[i]), b: order.map((i) => b0[i]), cost: Float64Array.from(order, (i) => c0[i]) };
}

/** Labels 0..K-1 per pixel (H x W, row-major) at one scale. */
export function felzenszwalbSegment({ h, w, a, b, cost }: FelzenszwalbGraph, scaleIn: number, minSize: number): Int32Array {
  const scale = scaleIn / 255;
  const forest = Int32Array.from({ length: h * w }, (_, i) => i);
  const size = new Int32Array(h * w).fill(1);
  const cint = new Float64Array(h * w);
  for (let e = 0; e < cost.length; e++) {
    const s0 = findRoot(forest, a[e]);
    const s1 = findRoot(forest, b[e]);
    if (s0 === s1) continue;
    const inner0 = Math.fround(cint[s0] + scale / size[s0]);
    const inner1 = Math.fround(cint[s1] + scale / size[s1]);
    if (cost[e] < Math.min(inner0, inner1)) {
      joinTrees(forest, s0, s1);
      const merged = findRoot(forest, s0);
      size[merged] = size[s0] + size[s1];
      cint[merged] = cost[e];
    }
  }
  for (let e = 0; e < cost.length; e++) {
    const s0 = findRoot(forest, a[e]);
    const s1 = findRoot(forest, b[e]);
    if (s0 === s1) continue;
    if (size[s0] < minSize || size[s1] < minSize) {
      joinTrees(forest, s0, s1);
      size[findRoot(forest, s0)] = size[s0] + size[s1];
    }
  }
  const labels = new Int32Array(h * w);
  const labelOfRoot = new Map<number, number>();
  for (let p = 0; p < h * w; p++) {
    const r = findRoot(forest, p); // roots are each component's smallest index: raster order = sorted order
    if (!labelOfRoot.has(r)) labelOfRoot.set(r, labelOfRoot.size);
    labels[p] = labelOfRoot.get(r)!;
  }
  return labels;
}

/** skimage.segmentation.felzenszwalb(image, scale, sigma, min_size) of an HWC float64 image. */
export function felzenszwalb(image: Float64Array, h: number, w: number, c: number, scale: number, sigma: number, minSize: number): Int32Array {
  return felzenszwalbSegment(felzenszwalbGraph(image, h, w, c, sigma), scale, minSize);
}

/**
 * SLIC superpixels (Achanta et al. 2012, "SLIC Superpixels Compared to State-of-the-Art Superpixel
 * Methods", https://doi.org/10.1109/TPAMI.2012.120), the feature mask of the perturbation methods.
 * Pure (no tfjs): an RGB image, HWC floats in 0..255, becomes a label per pixel, 0..M-1, row-major.
 * The algorithm as the paper's: CIELAB (sRGB, D65), seeds on a regular grid of step S = sqrt(HW / K)
 * moved to the lowest gradient of their 3 x 3 neighbourhood, 10 k-means iterations where each centre
 * only claims pixels within +-S of itself, with D^2 = d_lab^2 + (d_xy / S)^2 m^2 (compactness m = 10,
 * scikit-image's default), then connectivity enforced: every 4-connected piece smaller than HW / K / 4
 * joins the segment next to it (the one met before it in row order). No npm package does this (none
 * maintained and small), so it lives here.
 */

/** sRGB 0..255 -> CIELAB (D65), three floats per pixel. */
export function rgbToLab(rgb: Float32Array): Float32Array {
  const lab = new Float32Array(rgb.length);
  const lin = (v: number) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  for (let i = 0; i < rgb.length; i += 3) {
    const r = lin(rgb[i]), g = lin(rgb[i + 1]), b = lin(rgb[i + 2]);
    const x = (0.412453 * r + 0.35758 * g + 0.180423 * b) / 0.95047;
    const y = 0.212671 * r + 0.71516 * g + 0.072169 * b;
    const z = (0.019334 * r + 0.119193 * g + 0.950227 * b) / 1.08883;
    const fx = f(x), fy = f(y), fz = f(z);
    lab[i] = 116 * fy - 16;
    lab[i + 1] = 500 * (fx - fy);
    lab[i + 2] = 200 * (fy - fz);
  }
  return lab;
}

export interface SlicOptions {
  /** About how many superpixels (K). */
  segments: number;
  /** m: larger is more square, smaller follows colour more (scikit-image's default 10). */
  compactness?: number;
  iterations?: number;
}

/** Labels 0..M-1 of an H x W image (rgb: HWC, 0..255). */
export function slic(rgb: Float32Array, H: number, W: number, { segments, compactness = 10, iterations = 10 }: SlicOptions): Int32Array {
  if (rgb.length !== H * W * 3) throw new Error(`SLIC: ${rgb.length} values for a ${H}x${W} RGB image.`);
  const lab = rgbToLab(rgb);
  const N = H * W;
  const S = Math.sqrt(N / Math.max(1, segments));
  const ny = Math.max(1, Math.round(H / S)), nx = Math.max(1, Math.round(W / S));
  // centres: [l, a, b, y, x] each
  const centres: number[][] = [];
  const at = (y: number, x: number, c: number) => lab[(y * W + x) * 3 + c];
  const gradient = (y: number, x: number) => {
    const y0 = Math.max(0, y - 1), y1 = Math.min(H - 1, y + 1), x0 = Math.max(0, x - 1), x1 = Math.min(W - 1, x + 1);
    let g = 0;
    for (let c = 0; c < 3; c++) g += (at(y, x1, c) - at(y, x0, c)) ** 2 + (at(y1, x, c) - at(y0, x, c)) ** 2;
    return g;
  };
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      let by = Math.min(H - 1, Math.floor((i + 0.5) * H / ny)), bx = Math.min(W - 1, Math.floor((j + 0.5) * W / nx));
      let best = gradient(by, bx);
      const [cy, cx] = [by, bx];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) {
        const y = cy + dy, x = cx + dx;
        if (y < 0 || y >= H || x < 0 || x >= W) continue;
        const g = gradient(y, x);
        if (g < best) [best, by, bx] = [g, y, x];
      }
      centres.push([at(by, bx, 0), at(by, bx, 1), at(by, bx, 2), by, bx]);
    }
  }
  const labels = new Int32Array(N).fill(-1);
  const dist = new Float64Array(N);
  const m2 = (compactness / S) ** 2;
  const R = Math.ceil(S);
  for (let it = 0; it < iterations; it++) {
    dist.fill(Infinity);
    centres.forEach(([l, a, b, cy, cx], k) => {
      const y0 = Math.max(0, Math.floor(cy - R)), y1 = Math.min(H - 1, Math.ceil(cy + R));
      const x0 = Math.max(0, Math.floor(cx - R)), x1 = Math.min(W - 1, Math.ceil(cx + R));
      for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) {
        const p = y * W + x;
        const d = (lab[p * 3] - l) ** 2 + (lab[p * 3 + 1] - a) ** 2 + (lab[p * 3 + 2] - b) ** 2 + ((y - cy) ** 2 + (x - cx) ** 2) * m2;
        if (d < dist[p]) {
          dist[p] = d;
          labels[p] = k;
        }
      }
    });
    const sums = centres.map(() => [0, 0, 0, 0, 0, 0]);
    for (let p = 0; p < N; p++) {
      const k = labels[p];
      if (k < 0) continue;
      const s = sums[k];
      s[0] += lab[p * 3]; s[1] += lab[p * 3 + 1]; s[2] += lab[p * 3 + 2];
      s[3] += Math.floor(p / W); s[4] += p % W; s[5]++;
    }
    sums.forEach((s, k) => {
      if (s[5] > 0) centres[k] = [s[0] / s[5], s[1] / s[5], s[2] / s[5], s[3] / s[5], s[4] / s[5]];
    });
  }
  // A pixel no window reached (possible only for tiny images) takes its nearest centre in the plane.
  for (let p = 0; p < N; p++) {
    if (labels[p] >= 0) continue;
    const y = Math.floor(p / W), x = p % W;
    let best = Infinity;
    centres.forEach((c, k) => {
      const d = (y - c[3]) ** 2 + (x - c[4]) ** 2;
      if (d < best) [best, labels[p]] = [d, k];
    });
  }
  return enforceConnectivity(labels, H, W, Math.max(1, Math.floor(N / Math.max(1, segments) / 4)));
}

/**
 * Relabels 4-connected pieces 0..M-1 in row order; a piece smaller than `minSize` takes the label of
 * the piece next to it that was met before (Achanta's EnforceLabelConnectivity), or after when it is
 * the first piece of the image.
 */
export function enforceConnectivity(labels: Int32Array, H: number, W: number, minSize: number): Int32Array {
  const N = H * W;
  const out = new Int32Array(N).fill(-1);
  const queue = new Int32Array(N);
  let next = 0;
  const neighbours = (p: number): number[] => {
    const y = Math.floor(p / W), x = p % W;
    const n: number[] = [];
    if (x > 0) n.push(p - 1);
    if (y > 0) n.push(p - W);
    if (x < W - 1) n.push(p + 1);
    if (y < H - 1) n.push(p + W);
    return n;
  };
  const small: number[][] = [];
  for (let start = 0; start < N; start++) {
    if (out[start] >= 0) continue;
    let head = 0, tail = 0;
    queue[tail++] = start;
    out[start] = next;
    while (head < tail) {
      const p = queue[head++];
      for (const q of neighbours(p)) {
        if (out[q] < 0 && labels[q] === labels[start]) {
          out[q] = next;
          queue[tail++] = q;
        }
      }
    }
    if (tail < minSize) small.push(Array.from(queue.subarray(0, tail)));
    next++;
  }
  // Merge every small piece into a neighbouring piece (the smallest adjacent label met before it, else any).
  const merged = new Int32Array(next).map((_, i) => i);
  const find = (i: number): number => (merged[i] === i ? i : (merged[i] = find(merged[i])));
  for (const piece of small) {
    const own = find(out[piece[0]]);
    let before = -1, after = -1;
    for (const p of piece) for (const q of neighbours(p)) {
      const l = find(out[q]);
      if (l === own) continue;
      if (l < own) before = Math.max(before, l);
      else if (after < 0 || l < after) after = l;
    }
    const into = before >= 0 ? before : after;
    if (into >= 0) merged[own] = into;
  }
  const dense = new Map<number, number>();
  for (let p = 0; p < N; p++) {
    const root = find(out[p]);
    if (!dense.has(root)) dense.set(root, dense.size);
    out[p] = dense.get(root)!;
  }
  return out;
}

/**
 * The feature mask of the perturbation methods (Captum's `feature_mask`): a label 0..M-1 per pixel,
 * shared by the three channels. Pure. SLIC superpixels follow the photo's edges; the grid is the
 * same for every photo (round(sqrt(n)) cells per side, e.g. 7 x 7 = 49 cells of 32 px for n = 50 and
 * 14 x 14 = 196 cells of 16 px for n = 196).
 */
import type { SegmentationId } from '../values';
import { slic } from './slic';

export interface Segmentation {
  /** Label per pixel, row-major H x W, 0..count-1, every label used. */
  labels: Int32Array;
  count: number;
}

/** A grid of cells x cells nearly equal rectangles. */
export function gridSegments(H: number, W: number, cells: number): Segmentation {
  const labels = new Int32Array(H * W);
  for (let y = 0; y < H; y++) {
    const row = Math.min(cells - 1, Math.floor((y * cells) / H));
    for (let x = 0; x < W; x++) labels[y * W + x] = row * cells + Math.min(cells - 1, Math.floor((x * cells) / W));
  }
  return { labels, count: cells * cells };
}

/** The photo's segments (rgb: HWC 0..255, the clean image, never a noisy copy). */
export function segmentImage(rgb: Float32Array, H: number, W: number, kind: SegmentationId, n: number): Segmentation {
  if (kind === 'grid') return gridSegments(H, W, Math.max(1, Math.round(Math.sqrt(n))));
  const labels = slic(rgb, H, W, { segments: n });
  return { labels, count: Math.max(...labels) + 1 };
}

import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/rng';
import { enforceConnectivity, rgbToLab } from './slic';
import { gridSegments, segmentImage } from './segmentation';

/** 4-connected pieces of each label: 1 everywhere when every segment is one piece. */
function piecesPerLabel(labels: Int32Array, H: number, W: number): Map<number, number> {
  const seen = new Uint8Array(labels.length);
  const pieces = new Map<number, number>();
  for (let s = 0; s < labels.length; s++) {
    if (seen[s]) continue;
    pieces.set(labels[s], (pieces.get(labels[s]) ?? 0) + 1);
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      const y = Math.floor(p / W), x = p % W;
      for (const [yy, xx] of [[y - 1, x], [y + 1, x], [y, x - 1], [y, x + 1]]) {
        const q = yy * W + xx;
        if (yy >= 0 && yy < H && xx >= 0 && xx < W && !seen[q] && labels[q] === labels[p]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  return pieces;
}

/** Four flat-coloured quadrants plus noise (sigma 8 levels), H = W = size. */
function quadrants(size: number): { rgb: Float32Array; region: Int32Array } {
  const colours = [[220, 30, 30], [30, 200, 40], [40, 40, 210], [230, 220, 40]];
  const rng = createRng(3);
  const rgb = new Float32Array(size * size * 3);
  const region = new Int32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
    const q = (y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1);
    region[y * size + x] = q;
    for (let c = 0; c < 3; c++) rgb[(y * size + x) * 3 + c] = Math.min(255, Math.max(0, colours[q][c] + 8 * (rng.uniform() + rng.uniform() + rng.uniform() - 1.5) * 2));
  }
  return { rgb, region };
}

describe('SLIC superpixels', () => {
  it('Lab conversion: white is L = 100, a = b = 0; black is 0; pure red is (53.2, 80.1, 67.2)', () => {
    const lab = rgbToLab(new Float32Array([255, 255, 255, 0, 0, 0, 255, 0, 0]));
    [100, 0, 0, 0, 0, 0, 53.24, 80.09, 67.2].forEach((v, i) => expect(lab[i]).toBeCloseTo(v, 1));
  });

  it.each([16, 50, 100])('covers a 224 x 224 photo with about %i connected segments labelled 0..M-1', (K) => {
    const { rgb } = quadrants(224);
    const { labels, count } = segmentImage(rgb, 224, 224, 'slic', K);
    expect(labels.length).toBe(224 * 224);
    expect(Math.min(...labels)).toBe(0);
    expect(new Set(labels).size).toBe(count); // every label used, none missing
    expect(count).toBeGreaterThanOrEqual(Math.floor(K * 0.6));
    expect(count).toBeLessThanOrEqual(Math.ceil(K * 1.4));
    for (const [label, pieces] of piecesPerLabel(labels, 224, 224)) expect(pieces, `segment ${label}`).toBe(1);
  });

  it('follows colour edges: nearly every segment lies inside one quadrant even where the grid of seeds straddles them', () => {
    const size = 90; // 9 x 9 seeds for K = 81: the middle row and column of seeds sit on the edges
    const { rgb, region } = quadrants(size);
    const { labels, count } = segmentImage(rgb, size, size, 'slic', 81);
    let impure = 0;
    for (let s = 0; s < count; s++) {
      const hist = [0, 0, 0, 0];
      labels.forEach((l, p) => l === s && hist[region[p]]++);
      impure += hist.reduce((a, v) => a + v, 0) - Math.max(...hist);
    }
    expect(impure / (size * size)).toBeLessThan(0.01);
  });

  it('connectivity: a piece under the minimum size joins its neighbour met first, pieces are relabelled in row order', () => {
    // label 5 appears as two pieces (one a single pixel inside label 7's area)
    const labels = Int32Array.from([5, 5, 7, 7, 5, 5, 7, 5, 9, 9, 9, 9]);
    expect(Array.from(enforceConnectivity(labels, 3, 4, 2))).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 2]);
  });
});

describe('grid segments', () => {
  it('round(sqrt(n)) cells per side: 196 cells of 16 px on 224 x 224, 49 of 32 px for n = 50', () => {
    const g = gridSegments(224, 224, 14);
    expect(g.count).toBe(196);
    expect(g.labels[0]).toBe(0);
    expect(g.labels[15]).toBe(0);
    expect(g.labels[16]).toBe(1);
    expect(g.labels[16 * 224]).toBe(14);
    expect(g.labels[224 * 224 - 1]).toBe(195);
    const counts = new Map<number, number>();
    g.labels.forEach((l) => counts.set(l, (counts.get(l) ?? 0) + 1));
    expect([...counts.values()].every((c) => c === 256)).toBe(true);
    expect(segmentImage(new Float32Array(224 * 224 * 3), 224, 224, 'grid', 50).count).toBe(49);
  });
});

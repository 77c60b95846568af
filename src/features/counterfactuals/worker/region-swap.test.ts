import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PixelModel } from '../../../worker/runtime/pixel-model';
import { tanhModel } from '../../../testing/context';
import { cellRect, maxEvaluations, pasteCell, regionSwap } from './region-swap';

const SIZE = 6;
const SHAPE: [number, number, number] = [SIZE, SIZE, 3];
let net: ReturnType<typeof tanhModel>;
let f: PixelModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  net = tanhModel(SHAPE, 16, 5);
  f = (p) => net.logits(tf.sub(tf.div(p, 127.5), 1) as tf.Tensor4D);
});
afterAll(() => net.dispose());

const image = (seed: number) => Float32Array.from(tf.tidy(() => tf.randomUniform([1, ...SHAPE], 0, 255, 'float32', seed).dataSync()));
const logitsOf = (pixels: Float32Array) => tf.tidy(() => Array.from(f(tf.tensor4d(pixels, [1, ...SHAPE])).dataSync()));
const argmax = (v: number[]) => v.indexOf(Math.max(...v));
const probability = (pixels: Float32Array, k: number) => tf.tidy(() => tf.softmax(f(tf.tensor4d(pixels, [1, ...SHAPE]))).dataSync()[k]);

/** An image and a distractor the model puts in different classes. */
function pair(): { x: Float32Array; d: Float32Array; label: number; target: number } {
  const d = image(100);
  const target = argmax(logitsOf(d));
  for (let seed = 1; ; seed++) {
    const x = image(seed);
    const label = argmax(logitsOf(x));
    if (label !== target) return { x, d, label, target };
  }
}

describe('grid cells', () => {
  it('partition the image, the last row and column taking the remainder', () => {
    const seen = new Uint8Array(SIZE * SIZE);
    for (let cell = 0; cell < 16; cell++) {
      const [y0, y1, x0, x1] = cellRect(cell, 4, SIZE);
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) seen[y * SIZE + x]++;
    }
    expect(Array.from(seen).every((v) => v === 1)).toBe(true);
  });

  it('pasting copies exactly that cell', () => {
    const out = new Float32Array(SIZE * SIZE * 3);
    const src = Float32Array.from({ length: SIZE * SIZE * 3 }, (_, i) => i + 1);
    pasteCell(out, src, 4, 4, 3, SIZE); // centre cell: rows 2-3, cols 2-3
    for (let y = 0; y < SIZE; y++)
      for (let x = 0; x < SIZE; x++) {
        const inside = y >= 2 && y < 4 && x >= 2 && x < 4;
        expect(out[(y * SIZE + x) * 3]).toBe(inside ? src[(y * SIZE + x) * 3] : 0);
      }
  });
});

describe('region swap (Goyal et al. 2019), greedy', () => {
  for (const anyCell of [false, true]) {
    it(`reaches c* and an independent forward pass agrees (${anyCell ? 'any distractor cell' : 'same position'})`, async () => {
      const { x, d, label, target } = pair();
      const grid = 3;
      const r = await regionSwap(f, x, d, SIZE, { grid, target, label, anyCell, batchSize: 4 });
      expect(r.reached).toBe(true);
      expect(argmax(logitsOf(r.composite))).toBe(target);
      expect(r.steps.length).toBeGreaterThan(0);
      expect(r.steps.length).toBeLessThanOrEqual(grid * grid);
      expect(r.steps.at(-1)!.top).toBe(target);
      // Only the swapped cells changed, each from the distractor cell named, each distractor cell once.
      const expected = x.slice();
      for (const s of r.steps) pasteCell(expected, d, s.cell, s.from, grid, SIZE);
      expect(Array.from(r.composite)).toEqual(Array.from(expected));
      expect(new Set(r.steps.map((s) => s.cell)).size).toBe(r.steps.length);
      expect(new Set(r.steps.map((s) => s.from)).size).toBe(r.steps.length);
      if (!anyCell) r.steps.forEach((s) => expect(s.from).toBe(s.cell));
      // The reported probabilities are the model's.
      expect(r.steps.at(-1)!.pTarget).toBeCloseTo(probability(r.composite, target), 5);
    });
  }

  it('each step is the single swap that raises P(c*) most (checked by brute force)', async () => {
    const { x, d, label, target } = pair();
    const grid = 3;
    const r = await regionSwap(f, x, d, SIZE, { grid, target, label, anyCell: false, batchSize: 5 });
    const current = x.slice();
    const done = new Set<number>();
    for (const s of r.steps) {
      let best = -1;
      let bestP = -Infinity;
      for (let cell = 0; cell < grid * grid; cell++) {
        if (done.has(cell)) continue;
        const c = current.slice();
        pasteCell(c, d, cell, cell, grid, SIZE);
        const p = probability(c, target);
        if (p > bestP) [best, bestP] = [cell, p];
      }
      expect(s.cell).toBe(best);
      expect(s.pTarget).toBeCloseTo(bestP, 5);
      pasteCell(current, d, s.cell, s.cell, grid, SIZE);
      done.add(s.cell);
    }
    expect(r.evaluated).toBe(1 + r.steps.reduce((n, _, i) => n + grid * grid - i, 0));
  });

  it('stops at once when the image is already c*', async () => {
    const { d, target } = pair();
    const r = await regionSwap(f, d, d, SIZE, { grid: 2, target, label: target, anyCell: false, batchSize: 4 });
    expect(r.reached).toBe(true);
    expect(r.steps).toEqual([]);
  });
});

describe('progress bound', () => {
  it('counts the forward passes of a full run', async () => {
    // A flat image pasted into itself never changes, so the search runs to the end.
    const flat = new Float32Array(SIZE * SIZE * 3).fill(128);
    const label = argmax(logitsOf(flat));
    for (const anyCell of [false, true]) {
      const r = await regionSwap(f, flat, flat, SIZE, { grid: 2, target: (label + 1) % 5, label, anyCell, batchSize: 3 });
      expect(r.reached).toBe(false);
      expect(r.steps).toHaveLength(4);
      expect(r.evaluated).toBe(maxEvaluations(2, anyCell));
    }
  });
});

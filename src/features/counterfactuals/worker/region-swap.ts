/**
 * Region-swap counterfactual (Goyal et al. 2019, "Counterfactual Visual Explanations"): replace the
 * fewest cells of the image with cells of a distractor photo of class c* until the model predicts c*.
 * Goyal et al. swap cells of the last conv layer's feature map and search greedily for the swap that
 * most raises log P(c*); we do the same greedy search on a grid of pixel cells, so the edit is a
 * picture a student can look at. A distractor cell is either the one at the same place or (Goyal's
 * permutation) any cell not used yet. Candidates of one step are evaluated in batches.
 */
import * as tf from '@tensorflow/tfjs';
import type { PixelModel } from '../../../worker/runtime/pixel-model';

export interface SwapOptions {
  /** Cells per side. */
  grid: number;
  /** c*, the class to reach. */
  target: number;
  /** Also the class predicted for the image, to report its probability after each swap. */
  label: number;
  /** Take distractor cells from any position (each used once), not only the same one. */
  anyCell: boolean;
  batchSize: number;
  onStep?(step: SwapStep, evaluated: number): Promise<void> | void;
  /** After each batch of candidates (progress, cancel). */
  onBatch?(evaluated: number): Promise<void> | void;
}

/** Forward passes a full greedy run takes at most (progress bars). */
export function maxEvaluations(grid: number, anyCell: boolean): number {
  const cells = grid * grid;
  let n = 1;
  for (let left = cells; left > 0; left--) n += anyCell ? left * left : left;
  return n;
}

export interface SwapStep {
  /** Cell of the image replaced (row-major index into the grid). */
  cell: number;
  /** Cell of the distractor put there. */
  from: number;
  pTarget: number;
  pLabel: number;
  top: number;
  pTop: number;
}

export interface SwapResult {
  steps: SwapStep[];
  /** The edited image, HWC float RGB. */
  composite: Float32Array;
  reached: boolean;
  /** Forward passes used (batched). */
  evaluated: number;
  /** P(c*) and P(label) of the image itself. */
  start: { pTarget: number; pLabel: number; top: number; pTop: number };
}

/** Pixel bounds [y0, y1) x [x0, x1) of a cell; the last row/column takes the remainder. */
export function cellRect(cell: number, grid: number, size: number): [number, number, number, number] {
  const r = Math.floor(cell / grid);
  const c = cell % grid;
  const step = Math.floor(size / grid);
  return [r * step, r === grid - 1 ? size : (r + 1) * step, c * step, c === grid - 1 ? size : (c + 1) * step];
}

/** Copy the distractor's cell `from` into `out` at cell `cell` (cells of equal size, or clipped to the smaller). */
export function pasteCell(out: Float32Array, distractor: Float32Array, cell: number, from: number, grid: number, size: number): void {
  const [y0, y1, x0, x1] = cellRect(cell, grid, size);
  const [fy0, fy1, fx0, fx1] = cellRect(from, grid, size);
  const h = Math.min(y1 - y0, fy1 - fy0);
  const w = Math.min(x1 - x0, fx1 - fx0);
  for (let dy = 0; dy < h; dy++) {
    const src = ((fy0 + dy) * size + fx0) * 3;
    out.set(distractor.subarray(src, src + w * 3), ((y0 + dy) * size + x0) * 3);
  }
}

function softmaxRows(logits: Float32Array, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / k; r++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, logits[r * k + j]);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += out[r * k + j] = Math.exp(logits[r * k + j] - max);
    for (let j = 0; j < k; j++) out[r * k + j] /= sum;
  }
  return out;
}

async function probabilities(f: PixelModel, images: Float32Array[], size: number): Promise<{ p: Float32Array; k: number }> {
  const logits = tf.tidy(() => {
    const batch = tf.tensor4d(concat(images), [images.length, size, size, 3]);
    return f(batch);
  });
  try {
    const k = logits.shape[1];
    return { p: softmaxRows((await logits.data()) as Float32Array, k), k };
  } finally {
    logits.dispose();
  }
}

function concat(images: Float32Array[]): Float32Array {
  const out = new Float32Array(images.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of images) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function argmax(p: Float32Array, row: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if (p[row * k + j] > p[row * k + best]) best = j;
  return best;
}

export async function regionSwap(f: PixelModel, image: Float32Array, distractor: Float32Array, size: number, o: SwapOptions): Promise<SwapResult> {
  const cells = o.grid * o.grid;
  const composite = image.slice();
  const swapped = new Set<number>();
  const used = new Set<number>();
  const steps: SwapStep[] = [];
  let evaluated = 1;
  const first = await probabilities(f, [composite], size);
  const top0 = argmax(first.p, 0, first.k);
  const start = { pTarget: first.p[o.target], pLabel: first.p[o.label], top: top0, pTop: first.p[top0] };
  let reached = top0 === o.target;
  while (!reached && swapped.size < cells) {
    const pairs: Array<[number, number]> = [];
    for (let cell = 0; cell < cells; cell++) {
      if (swapped.has(cell)) continue;
      if (!o.anyCell) pairs.push([cell, cell]);
      else for (let from = 0; from < cells; from++) if (!used.has(from)) pairs.push([cell, from]);
    }
    let best: SwapStep | null = null;
    for (let i = 0; i < pairs.length; i += o.batchSize) {
      const chunk = pairs.slice(i, i + o.batchSize);
      const images = chunk.map(([cell, from]) => {
        const candidate = composite.slice();
        pasteCell(candidate, distractor, cell, from, o.grid, size);
        return candidate;
      });
      const { p, k } = await probabilities(f, images, size);
      evaluated += chunk.length;
      await o.onBatch?.(evaluated);
      for (let r = 0; r < chunk.length; r++) {
        const pTarget = p[r * k + o.target];
        if (best && pTarget <= best.pTarget) continue;
        const top = argmax(p, r, k);
        best = { cell: chunk[r][0], from: chunk[r][1], pTarget, pLabel: p[r * k + o.label], top, pTop: p[r * k + top] };
      }
    }
    if (!best) break;
    const chosen: SwapStep = best;
    pasteCell(composite, distractor, chosen.cell, chosen.from, o.grid, size);
    swapped.add(chosen.cell);
    used.add(chosen.from);
    steps.push(chosen);
    reached = chosen.top === o.target;
    await o.onStep?.(chosen, evaluated);
  }
  return { steps, composite, reached, evaluated, start };
}

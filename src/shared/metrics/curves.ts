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
 * This module builds the step schedule, the perturbed inputs and the area; pixel-order.ts builds the orders,
 * rise-blur.ts the kernel and the insertion substrate. The model runs elsewhere, so they all stay free of
 * tfjs and the DOM and work in the worker and the UI alike.
 */

/** RISE's `auc`, in words, for the JSON download. */
export const RISE_AUC_RULE = '(sum(scores) - scores[0] / 2 - scores[-1] / 2) / (len(scores) - 1)';

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

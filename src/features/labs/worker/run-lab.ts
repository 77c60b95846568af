/**
 * The pitfalls labs that need the model itself (noise, randomisation, input shift, insertion and
 * deletion), in the model worker. Each is built from the ordinary attribution engine run on a changed
 * image or a changed view of the model, and the shared similarity measures.
 */
import * as tf from '@tensorflow/tfjs';
import { normal } from '../../../worker/attribution/baselines';
import { runAttribution, chooseBatchSize, type EngineEnv } from '../../../worker/attribution/engine';
import type { AttributionParams } from '../../../methods/params';
import { createRng } from '../../../shared/rng';
import { modelZeroRgb, toModelInput } from '../../../shared/image/pixels';
import { perturbationWalk, riseAuc, riseSteps } from '../../../shared/metrics/curves';
import { randomOrder, rankingMap, saliencyOrder } from '../../../shared/metrics/pixel-order';
import { RISE_KLEN, RISE_NSIG, blurModelInput, gkern } from '../../../shared/metrics/rise-blur';
import type {
  Curve,
  InsertionDeletionResult,
  LabRequest,
  LabResult,
  NoiseLabResult,
  ShiftComparison,
  ShiftLabResult,
  TargetedParams,
} from '../protocol';
import { inputScale } from '../../../worker/runtime/pixel-model';
import type { LoadedModel } from '../../../worker/runtime/load-model';
import { shiftCompensation } from '../../../worker/runtime/shift';
import { withForward } from './wrap';
import { part, similarityOf, top5 } from './lab-helpers';
import { randomizationLab } from './randomization';

export async function runLab(model: LoadedModel, rgba: Uint8ClampedArray, request: LabRequest, env: EngineEnv): Promise<LabResult> {
  switch (request.lab) {
    case 'noise':
      return noiseLab(model, rgba, request.params, request.sigma, request.seed, env);
    case 'randomization':
      return randomizationLab(model, rgba, request, env);
    case 'shift':
      return shiftLab(model, rgba, request.params, request.shift, env);
    case 'insertion_deletion':
      return insertionDeletionLab(model, rgba, request, env);
  }
}

/** Ghorbani et al. 2019: the same method on the image plus N(0, sigma^2) pixel noise (clipped to 0..255). */
async function noiseLab(model: LoadedModel, rgba: Uint8ClampedArray, params: TargetedParams, sigma: number, seed: number, env: EngineEnv): Promise<NoiseLabResult> {
  const rng = createRng(seed);
  const noisyRgba = rgba.slice();
  for (let i = 0; i < noisyRgba.length; i++) if (i % 4 !== 3) noisyRgba[i] = rgba[i] + sigma * normal(rng);
  const original = await runAttribution(model, rgba, params, part(env, 0, 2, 'Original image'));
  const noisy = await runAttribution(model, noisyRgba, params, part(env, 1, 2, 'Noisy image'));
  return { lab: 'noise', sigma, original, noisy, before: await top5(model, rgba), after: await top5(model, noisyRgba), similarity: similarityOf(original, noisy) };
}

/** Pixel units to model-input units, per channel (the preprocessing is affine with one scale). */
function shiftInModelUnits(model: LoadedModel, pixels: number): number[] {
  const c = pixels * inputScale(model.spec.preprocessing);
  return [c, c, c];
}

async function maxLogitDifference(model: LoadedModel, shifted: LoadedModel, rgba: Uint8ClampedArray, shift: number[]): Promise<number> {
  const size = model.spec.inputSize;
  const d = tf.tidy(() => {
    const x = tf.tensor4d(toModelInput(rgba, model.spec.preprocessing, 4), [1, size, size, 3]);
    const a = model.compiled.logits(x, { inferenceOnly: true });
    const b = shifted.compiled.logits(tf.add(x, tf.tensor1d(shift)) as tf.Tensor4D, { inferenceOnly: true });
    return tf.max(tf.abs(tf.sub(a, b)));
  });
  try {
    return (await d.data())[0];
  } finally {
    d.dispose();
  }
}

/**
 * Kindermans et al. 2019: a model that reads x + c and absorbs c in its first layer's bias computes
 * the same function, so an explanation of it should not change. Gradients do not; Input x Gradient and
 * IG with a zero baseline do; IG with a baseline that shifts with the data does not.
 */
async function shiftLab(model: LoadedModel, rgba: Uint8ClampedArray, params: TargetedParams, pixels: number, env: EngineEnv): Promise<ShiftLabResult> {
  const shiftModel = shiftInModelUnits(model, pixels);
  const comp = shiftCompensation(model.compiled, model.weights, shiftModel);
  try {
    const shifted = withForward(model, { weights: comp.weights, inputPadValue: comp.inputPadValue });
    const biasOnly = withForward(model, { weights: comp.weights });
    const maxDiff = await maxLogitDifference(model, shifted, rgba, shiftModel);
    const maxDiffBiasOnly = await maxLogitDifference(model, biasOnly, rgba, shiftModel);
    const cases: Array<{ id: string; label: string; params: AttributionParams }> = [
      { id: 'saliency', label: 'Saliency (gradient)', params: { ...params, method: 'saliency' } },
      { id: 'ixg', label: 'Input × Gradient', params: { ...params, method: 'ixg' } },
      { id: 'ig_zero', label: 'IG, zero baseline (model-input space)', params: { ...params, method: 'ig', baseline: 'zero' } },
      { id: 'ig_black', label: 'IG, black image baseline (shifts with the input)', params: { ...params, method: 'ig', baseline: 'black' } },
    ];
    const comparisons: ShiftComparison[] = [];
    for (const [i, c] of cases.entries()) {
      const original = await runAttribution(model, rgba, c.params, part(env, 2 * i, 2 * cases.length, `${c.label}, original model`));
      const shiftedResult = await runAttribution(shifted, rgba, c.params, { ...part(env, 2 * i + 1, 2 * cases.length, `${c.label}, shifted model`), shift: shiftModel });
      // Relative L2 change: float32 rounding of x + c flips the odd ReLU6 unit at its threshold, which
      // moves a few pixels' gradients; a norm shows whether the map as a whole changed.
      let norm = 0;
      let change = 0;
      for (let k = 0; k < original.attributions.length; k++) {
        norm += original.attributions[k] ** 2;
        change += (shiftedResult.attributions[k] - original.attributions[k]) ** 2;
      }
      comparisons.push({
        id: c.id,
        label: c.label,
        method: c.params.method,
        original,
        shifted: shiftedResult,
        similarity: similarityOf(original, shiftedResult),
        relativeChange: norm > 0 ? Math.sqrt(change / norm) : 0,
      });
    }
    return { lab: 'shift', shift: pixels, shiftModel, layer: comp.layer, maxLogitDifference: maxDiff, maxLogitDifferenceBiasOnly: maxDiffBiasOnly, comparisons };
  } finally {
    comp.dispose();
  }
}

/**
 * RISE's causal metrics as its reference code computes them (github.com/eclique/RISE, evaluation.py:
 * `CausalMetric.single_run`, `gkern`, `auc`; substrates from Evaluation.ipynb), on the preprocessed input:
 * - the map (reduced to one value per pixel by the chosen ranking) orders the pixels, most important first;
 * - deletion starts from the input and sets `step` pixels per step to 0 in model-input space (`torch.zeros_like`:
 *   mid-gray 127.5 for MobileNet, the mean colour for ResNet-50's caffe preprocessing; not black);
 * - insertion starts from the input blurred in model-input space by `conv2d(x, gkern(11, 5), padding=5)` (zero
 *   padding) and restores `step` pixels per step;
 * - n_steps = ceil(HW / step), n_steps + 1 scores, each the softmax probability of the target; RISE's `auc`.
 * Not in RISE: a seeded random order, the control a useful map must beat (lower deletion AUC, higher insertion
 * AUC); and the score is the chosen target's (RISE reads the top-1 class of the unperturbed input).
 */
async function insertionDeletionLab(
  model: LoadedModel,
  rgba: Uint8ClampedArray,
  request: Extract<LabRequest, { lab: 'insertion_deletion' }>,
  env: EngineEnv,
): Promise<InsertionDeletionResult> {
  const { target, rank, seed } = request;
  const size = model.spec.inputSize;
  const n = size * size;
  const map = rankingMap(request.attributions, request.channels, rank);
  if (map.length !== n) throw new Error(`The map has ${map.length} values; the model input has ${n} pixels.`);
  const order = saliencyOrder(map);
  const random = randomOrder(n, seed);
  const input = toModelInput(rgba, model.spec.preprocessing, 4);
  const kernel = gkern(RISE_KLEN, RISE_NSIG);
  const blurred = blurModelInput(input, size, size, 3, kernel, RISE_KLEN);
  const zeros = new Float32Array(n * 3);
  const { step, nSteps, counts } = riseSteps(n, request.steps);
  const fractions = counts.map((_, i) => i / nSteps);
  const batch = chooseBatchSize(env.backend, model.spec, null);
  const plan = [
    ['Deletion, map order', input, zeros, order],
    ['Deletion, random order', input, zeros, random],
    ['Insertion, map order', blurred, input, order],
    ['Insertion, random order', blurred, input, random],
  ] as const;
  const points = counts.length;
  const curves: Curve[] = [];
  for (const [i, [name, base, fill, ord]] of plan.entries()) {
    const walk = perturbationWalk(base, fill, ord, 3);
    const scores: number[] = [];
    for (let start = 0; start < points; start += batch) {
      const chunk = counts.slice(start, start + batch);
      const data = new Float32Array(chunk.length * n * 3);
      chunk.forEach((count, k) => data.set(walk.advanceTo(count), k * n * 3));
      const p = tf.tidy(() => {
        const logits = model.compiled.logits(tf.tensor4d(data, [chunk.length, size, size, 3]), { inferenceOnly: true });
        return tf.squeeze(tf.slice(tf.softmax(logits), [0, target], [chunk.length, 1]), [1]);
      });
      scores.push(...(await p.data()));
      p.dispose();
      const done = start + chunk.length;
      env.progress(i * points + done, plan.length * points, `${name}: ${done} of ${points} inputs`);
      await new Promise((r) => setTimeout(r, 0)); // lets a cancel message in
      env.checkCancelled();
    }
    curves.push({ scores, auc: riseAuc(scores) });
  }
  return {
    lab: 'insertion_deletion',
    target,
    rank,
    seed,
    step,
    nSteps,
    counts,
    fractions,
    deletion: { saliency: curves[0], random: curves[1] },
    insertion: { saliency: curves[2], random: curves[3] },
    kernel: { klen: RISE_KLEN, nsig: RISE_NSIG, weights: Array.from(kernel) },
    preprocessing: model.spec.preprocessing,
    zeroRgb: modelZeroRgb(model.spec.preprocessing),
    order,
    randomOrder: random,
    input,
    blurred,
  };
}

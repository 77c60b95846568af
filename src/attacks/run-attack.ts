/**
 * FGSM or PGD on the decoded image in the model worker: the attack in pixel space, the predictions
 * before and after, a per-step trace of the label's (and target's) probability, and the chosen
 * method's map of the original and of the adversarial image, both for the original label.
 */
import * as tf from '@tensorflow/tfjs';
import { runAttributionOnPixels, type EngineEnv } from '../attribution/engine';
import { CAFFE_MEAN_BGR } from '../image/pixels';
import type { AttackRequest, AttackResult } from '../protocol/attacks';
import type { ClassScore } from '../protocol/messages';
import type { LoadedModel } from '../runtime/load-model';
import { fgsm, pgd, type PixelModel } from './gradient-attacks';

const BOUNDS = { lower: 0, upper: 255 };

/** The model as a function of pixel values: its preprocessing as tensor ops in front of the logits. */
export function pixelModel(model: LoadedModel, inferenceOnly = false): PixelModel {
  return (p) =>
    model.compiled.logits(
      model.spec.preprocessing === 'mobilenet'
        ? (tf.sub(tf.div(p, 127.5), 1) as tf.Tensor4D)
        : (tf.sub(tf.reverse(p, -1), tf.tensor1d([...CAFFE_MEAN_BGR])) as tf.Tensor4D),
      { inferenceOnly },
    );
}

function softmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  let sum = 0;
  const p = logits.map((v) => {
    const e = Math.exp(v - max);
    sum += e;
    return e;
  });
  return p.map((v) => v / sum);
}

/** One forward pass: probabilities (softmax over all classes) and the top 5 with their logits. */
async function scores(model: LoadedModel, x: tf.Tensor4D): Promise<{ p: Float32Array; top: ClassScore[] }> {
  const logits = tf.tidy(() => pixelModel(model, true)(x));
  try {
    const l = (await logits.data()) as Float32Array;
    const p = softmax(l);
    const top = Array.from(p, (probability, index) => ({ index, probability, logit: l[index] }))
      .sort((a, b) => b.probability - a.probability)
      .slice(0, 5);
    return { p, top };
  } finally {
    logits.dispose();
  }
}

export async function runAttack(model: LoadedModel, rgba: Uint8ClampedArray, r: AttackRequest, env: EngineEnv): Promise<AttackResult> {
  const size = model.spec.inputSize;
  const n = size * size;
  const rgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgba[i * 4 + c];
  const x0 = tf.tensor4d(rgb, [1, size, size, 3]);
  const f = pixelModel(model);
  const targeted = r.target != null;
  const aim = targeted ? r.target! : r.label;
  const steps = r.attack === 'fgsm' ? 1 : r.steps;
  const total = steps + 2;
  let adv: tf.Tensor4D | null = null;
  try {
    const start = await scores(model, x0);
    const trace: AttackResult['trace'] = [{ step: 0, label: start.p[r.label], target: targeted ? start.p[aim] : null }];
    env.progress(0, total, `${r.attack.toUpperCase()}`);
    if (r.attack === 'fgsm') {
      adv = fgsm(f, x0, aim, r.epsilon, targeted, BOUNDS);
    } else {
      adv = await pgd(f, x0, aim, {
        epsilon: r.epsilon,
        stepSize: r.stepSize,
        steps: r.steps,
        targeted,
        randomStart: r.randomStart,
        seed: r.seed,
        bounds: BOUNDS,
        onStep: async (i, xi) => {
          const { p } = await scores(model, xi);
          trace.push({ step: i, label: p[r.label], target: targeted ? p[aim] : null });
          env.progress(i, total, `PGD step ${i} of ${r.steps}`);
          await new Promise((res) => setTimeout(res, 0)); // lets a cancel message in
          env.checkCancelled();
        },
      });
    }
    const end = await scores(model, adv);
    if (r.attack === 'fgsm') trace.push({ step: 1, label: end.p[r.label], target: targeted ? end.p[aim] : null });
    const adversarial = (await adv.data()) as Float32Array;
    const perturbation = adversarial.map((v, i) => v - rgb[i]);
    let linf = 0;
    for (const d of perturbation) linf = Math.max(linf, Math.abs(d));
    const pixels = new Uint8ClampedArray(n * 4);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) pixels[i * 4 + c] = adversarial[i * 3 + c];
      pixels[i * 4 + 3] = 255;
    }
    const input = tf.tidy(() =>
      model.spec.preprocessing === 'mobilenet' ? tf.sub(tf.div(adv!, 127.5), 1) : tf.sub(tf.reverse(adv!, -1), tf.tensor1d([...CAFFE_MEAN_BGR])),
    );
    const inputData = (await input.data()) as Float32Array;
    input.dispose();
    const explain = { ...r.explain, target: r.label };
    const sub = (i: number, name: string): EngineEnv => ({ ...env, progress: (d, t, m) => env.progress(steps + i, total, `${name}: ${m} ${d}/${t}`) });
    const original = await runAttributionOnPixels(model, rgb, rgba, explain, sub(0, 'Map of the original'));
    const adversarialMap = await runAttributionOnPixels(model, adversarial, pixels, explain, sub(1, 'Map of the adversarial'));
    return {
      attack: r.attack,
      epsilon: r.epsilon,
      epsilonModel: model.spec.preprocessing === 'mobilenet' ? r.epsilon / 127.5 : r.epsilon,
      label: r.label,
      target: r.target,
      adversarial,
      pixels,
      perturbation,
      linf,
      input: inputData,
      before: start.top,
      after: end.top,
      trace,
      saliency: { original, adversarial: adversarialMap },
    };
  } finally {
    x0.dispose();
    adv?.dispose();
  }
}

/**
 * FGSM or PGD on the decoded image in the model worker: the attack in pixel space, the predictions
 * before and after, a per-step trace of the label's (and target's) probability, and the chosen
 * method's map of the original and of the adversarial image, both for the original label.
 */
import * as tf from '@tensorflow/tfjs';
import { runAttributionOnPixels, type EngineEnv } from '../../../worker/attribution/engine';
import type { AttackRequest, AttackResult } from '../protocol';
import type { LoadedModel } from '../../../worker/runtime/load-model';
import { inputScale, pixelModel, preprocessTensor, scores, toRgba, toRgbFloat } from '../../../worker/runtime/pixel-model';
import { CAPTUM_ZERO_THRESH, fgsm, pgd, type Bounds } from './gradient-attacks';
import { checkClass } from '../../../worker/class-index';

export async function runAttack(model: LoadedModel, rgba: Uint8ClampedArray, r: AttackRequest, env: EngineEnv): Promise<AttackResult> {
  if (r.target != null) checkClass(model.spec, r.target, 'The attack’s target class');
  const size = model.spec.inputSize;
  const rgb = toRgbFloat(rgba);
  const x0 = tf.tensor4d(rgb, [1, size, size, 3]);
  const f = pixelModel(model);
  const infer = pixelModel(model, true);
  const targeted = r.target != null;
  const aim = targeted ? r.target! : r.label;
  const steps = r.attack === 'fgsm' ? 1 : r.steps;
  const BOUNDS: Bounds = { lower: 0, upper: 255, zeroThreshold: CAPTUM_ZERO_THRESH * inputScale(model.spec.preprocessing) };
  const total = steps + 2;
  let adv: tf.Tensor4D | null = null;
  try {
    const start = await scores(infer, x0);
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
          const { p } = await scores(infer, xi);
          trace.push({ step: i, label: p[r.label], target: targeted ? p[aim] : null });
          env.progress(i, total, `PGD step ${i} of ${r.steps}`);
          await new Promise((res) => setTimeout(res, 0)); // lets a cancel message in
          env.checkCancelled();
        },
      });
    }
    const end = await scores(infer, adv);
    if (r.attack === 'fgsm') trace.push({ step: 1, label: end.p[r.label], target: targeted ? end.p[aim] : null });
    const adversarial = (await adv.data()) as Float32Array;
    const perturbation = adversarial.map((v, i) => v - rgb[i]);
    let linf = 0;
    for (const d of perturbation) linf = Math.max(linf, Math.abs(d));
    const pixels = toRgba(adversarial);
    const input = preprocessTensor(adv, model.spec.preprocessing);
    const inputData = (await input.data()) as Float32Array;
    input.dispose();
    const explain = { ...r.explain, target: r.label };
    const sub = (i: number, name: string): EngineEnv => ({ ...env, progress: (d, t, m) => env.progress(steps + i, total, `${name}: ${m} ${d}/${t}`) });
    const original = await runAttributionOnPixels(model, rgb, rgba, explain, sub(0, 'Map of the original'));
    const adversarialMap = await runAttributionOnPixels(model, adversarial, pixels, explain, sub(1, 'Map of the adversarial'));
    return {
      attack: r.attack,
      epsilon: r.epsilon,
      epsilonModel: model.spec.preprocessing === 'mobilenet' ? r.epsilon / 127.5 : model.spec.preprocessing === 'teachable' ? r.epsilon / 127 : r.epsilon,
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

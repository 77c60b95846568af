/** Counterfactuals in the model worker: the search, then a separate forward pass of what it found. */
import * as tf from '@tensorflow/tfjs';
import type { EngineEnv } from '../../../worker/attribution/engine';
import type { CounterfactualRequest, CounterfactualResult } from '../protocol';
import type { LoadedModel } from '../../../worker/runtime/load-model';
import { pixelModel, scores, toRgba, toRgbFloat } from '../../../worker/runtime/pixel-model';
import { optimiseCounterfactual } from './optimise';
import { maxEvaluations, regionSwap } from './region-swap';
import { checkClass } from '../../../worker/class-index';

/** Lets a cancel message in between steps. */
const yieldToMessages = () => new Promise((res) => setTimeout(res, 0));

export async function runCounterfactual(
  model: LoadedModel,
  rgba: Uint8ClampedArray,
  r: CounterfactualRequest,
  env: EngineEnv,
  distractorRgba: () => Promise<Uint8ClampedArray>,
): Promise<CounterfactualResult> {
  checkClass(model.spec, r.target, 'The class to reach');
  const size = model.spec.inputSize;
  const rgb = toRgbFloat(rgba);
  const infer = pixelModel(model, true);
  const x0 = tf.tensor4d(rgb, [1, size, size, 3]);
  const common = { label: r.label, target: r.target, original: rgba.slice(), size };
  const finalScores = async (image: Float32Array) => {
    const x = tf.tensor4d(image, [1, size, size, 3]);
    try {
      return (await scores(infer, x)).top;
    } finally {
      x.dispose();
    }
  };
  try {
    const before = (await scores(infer, x0)).top;
    if (r.kind === 'optimise') {
      const o = r.optimise;
      const total = o.iterations * o.searchSteps;
      let done = 0;
      const res = await optimiseCounterfactual(pixelModel(model), x0, {
        ...o,
        target: r.target,
        label: r.label,
        gradClip: 1e3,
        onIteration: async (it) => {
          done++;
          env.progress(done, total, `Search ${it.search + 1} of ${o.searchSteps} (c = ${+it.c.toPrecision(3)}), iteration ${it.iteration + 1}: margin ${it.margin.toFixed(2)}`);
          await yieldToMessages();
          env.checkCancelled();
        },
      });
      const cf = res.best?.map((v) => v * 255) ?? null;
      const difference = cf?.map((v, i) => v - rgb[i]) ?? null;
      let meanAbs = 0;
      let linf = 0;
      let changed = 0;
      if (difference) {
        for (const d of difference) {
          meanAbs += Math.abs(d);
          linf = Math.max(linf, Math.abs(d));
        }
        meanAbs /= difference.length;
        for (let i = 0; i < difference.length / 3; i++) {
          if (Math.max(Math.abs(difference[i * 3]), Math.abs(difference[i * 3 + 1]), Math.abs(difference[i * 3 + 2])) > 0.5) changed++;
        }
      }
      return {
        ...common,
        kind: 'optimise',
        settings: o,
        found: cf != null,
        pixels: cf && toRgba(cf),
        before,
        after: cf && (await finalScores(cf)),
        difference,
        l1: res.best ? res.bestL1 : 0,
        meanAbs,
        linf,
        changedFraction: difference ? changed / (difference.length / 3) : 0,
        iterations: res.iterations,
        foundAt: res.bestAt,
        bestMargin: res.bestMargin,
        trace: res.trace,
      };
    }
    env.progress(0, 1, 'Reading the distractor photo');
    const distractor = await distractorRgba();
    const d = toRgbFloat(distractor);
    const most = maxEvaluations(r.swap.grid, r.swap.anyCell);
    let message = 'Trying every cell';
    const res = await regionSwap(infer, rgb, d, size, {
      ...r.swap,
      target: r.target,
      label: r.label,
      batchSize: 8,
      onStep: (step) => {
        message = `Swapped cell ${step.cell + 1}: P(target) = ${(step.pTarget * 100).toFixed(1)} %; trying the next`;
      },
      onBatch: async (evaluated) => {
        env.progress(evaluated, most, message);
        await yieldToMessages();
        env.checkCancelled();
      },
    });
    return {
      ...common,
      kind: 'swap',
      settings: r.swap,
      reached: res.reached,
      pixels: toRgba(res.composite),
      before,
      after: await finalScores(res.composite),
      distractor: distractor.slice(),
      distractorTop: await finalScores(d),
      steps: res.steps,
      start: res.start,
      evaluated: res.evaluated,
    };
  } finally {
    x0.dispose();
  }
}

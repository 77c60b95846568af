/**
 * Model-parameter randomisation (Adebayo et al. 2018, "Sanity Checks for Saliency Maps",
 * https://arxiv.org/abs/1810.03292): the map of a model whose kernels are re-drawn, from the top down
 * (cascading, their Figure 2) or one layer at a time (independent). Several methods can be run on the
 * SAME seeded randomised models (each depth's weights are drawn once and every method reads them), so
 * their similarity curves can be compared, as the paper's Figure 2 compares Guided Backprop with the
 * gradient.
 */
import * as tf from '@tensorflow/tfjs';
import { runAttribution, type EngineEnv } from '../../../worker/attribution/engine';
import type { MethodId } from '../../../methods/params';
import type { AttributionOutput } from '../../../shared/protocol/messages';
import type { LoadedModel } from '../../../worker/runtime/load-model';
import { cascadeLayers, randomizedWeights, weightLayers } from '../../../worker/runtime/randomize';
import type { LabRequest, RandomizationLabResult, RandomizationSeries } from '../protocol';
import { part, similarityOf, top5 } from './lab-helpers';
import { withForward } from './wrap';

type RandomizationRequest = Extract<LabRequest, { lab: 'randomization' }>;

/** The methods a request runs: its own first, then the others named, each once. */
export function labMethods(request: Pick<RandomizationRequest, 'params' | 'methods'>): MethodId[] {
  return [...new Set([request.params.method, ...(request.methods ?? [])])];
}

export async function randomizationLab(model: LoadedModel, rgba: Uint8ClampedArray, request: RandomizationRequest, env: EngineEnv): Promise<RandomizationLabResult> {
  const { params, mode, depth, seed } = request;
  const methods = labMethods(request);
  const plan = mode === 'cascade' ? cascadeLayers(model.compiled, depth) : weightLayers(model.compiled).slice(0, depth).map((l) => [l.name]);
  const count = (plan.length + 1) * methods.length;
  let done = 0;
  const runAll = async (m: LoadedModel, name: string): Promise<AttributionOutput[]> => {
    const out: AttributionOutput[] = [];
    for (const method of methods) {
      const label = methods.length > 1 ? `${name}, ${method}` : name;
      out.push(await runAttribution(m, rgba, { ...params, method }, part(env, done++, count, label)));
    }
    return out;
  };
  const originals = await runAll(model, 'Original model');
  const originalTop = await top5(model, rgba);
  const steps: RandomizationLabResult['steps'] = [];
  const series: RandomizationSeries[] = methods.map((method, k) => ({ method, original: originals[k], results: [], similarity: [] }));
  for (const layers of plan) {
    const overrides = await randomizedWeights(model.compiled, model.weights, layers, seed);
    try {
      const randomized = withForward(model, { weights: overrides });
      const name = mode === 'cascade' ? `Randomised down to ${layers[layers.length - 1]}` : `Randomised ${layers[0]} only`;
      const results = await runAll(randomized, name);
      results.forEach((r, k) => {
        series[k].results.push(r);
        series[k].similarity.push(similarityOf(originals[k], r));
      });
      steps.push({ layers, result: results[0], top: await top5(randomized, rgba), similarity: series[0].similarity.at(-1)! });
    } finally {
      tf.dispose(Object.values(overrides));
    }
  }
  return { lab: 'randomization', mode, original: originals[0], originalTop, steps, series };
}

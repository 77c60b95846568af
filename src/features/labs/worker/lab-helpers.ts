/** What the model labs share: sub-run progress, map similarity, a top-5. */
import * as tf from '@tensorflow/tfjs';
import type { EngineEnv } from '../../../worker/attribution/engine';
import { toModelInput } from '../../../shared/image/pixels';
import { compareMaps } from '../../../shared/metrics/compare-maps';
import { attributionMap } from '../../../shared/viz/attribution-map';
import type { AttributionOutput, ClassScore } from '../../../shared/protocol/messages';
import { classify } from '../../../worker/runtime/classify';
import type { LoadedModel } from '../../../worker/runtime/load-model';

/** Sub-run `index` of `count`, reported as one progress bar with the sub-run's name. */
export function part(env: EngineEnv, index: number, count: number, name: string): EngineEnv {
  return {
    ...env,
    progress: (done, total, message) => env.progress(index * total + done, count * total, `${name} (${index + 1}/${count}): ${message}`),
  };
}

export function similarityOf(a: AttributionOutput, b: AttributionOutput) {
  const [, h, w] = a.shape;
  return compareMaps(attributionMap(a), attributionMap(b), w, h);
}

export async function top5(model: LoadedModel, rgba: Uint8ClampedArray): Promise<ClassScore[]> {
  const size = model.spec.inputSize;
  const x = tf.tensor4d(toModelInput(rgba, model.spec.preprocessing, 4), [1, size, size, 3]);
  try {
    return await classify(model.compiled, x, 5);
  } finally {
    x.dispose();
  }
}


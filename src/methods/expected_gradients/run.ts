import type * as tf from '@tensorflow/tfjs';
import type { MethodRun } from '../run-types';
import { choosePhotos, expectedGradients } from './expected-gradients';

export const run: MethodRun = (params, inputs) => {
  let chosen: { indices: number[]; photos: Promise<tf.Tensor4D> } | undefined;
  return async (x, t, ctx) => {
    const source = inputs.samplePhotos;
    if (!source) throw new Error('Expected Gradients needs the sample photos, which this worker cannot read.');
    // Chosen once, from the request's seed, before GradientShap's draws; a NoiseTunnel's copies reuse them.
    if (!chosen) {
      const indices = choosePhotos(ctx.rng, params.egPhotos, source.count, source.exclude);
      chosen = { indices, photos: source.load(indices) };
    }
    const r = await expectedGradients(x, t, { photos: await chosen.photos, samples: params.egSamples }, ctx);
    return { ...r, notes: { ...r.notes, photoIndices: chosen.indices.join(',') } };
  };
};

/**
 * The explorer's request in the model worker: the photo and baseline as Integrated Gradients gets
 * them in the engine (engine.ts: the same model input, the same seeded baseline, so the same path),
 * the chunked context with progress, cancel and the GPU memory check, and a retry with half the rows
 * per pass when the GPU runs out of memory, as the engine does.
 */
import * as tf from '@tensorflow/tfjs';
import type { Preprocessing } from '../../../shared/models/registry';
import { CAFFE_MEAN_BGR, toModelInput } from '../../../shared/image/pixels';
import { createRng } from '../../../shared/rng';
import { makeBaseline } from '../../../worker/attribution/baselines';
import { chooseBatchSize, type EngineEnv } from '../../../worker/attribution/engine';
import type { AttributionContext } from '../../../worker/attribution/types';
import type { LoadedModel } from '../../../worker/runtime/load-model';
import { isOutOfMemory } from '../../../worker/runtime/gpu-faults';
import type { IgPathRequest, IgPathResult } from '../protocol';
import { integratePath, type PathPoints } from './integrate-path';

/**
 * Model input (HWC) back to pixels, HWC RGB, unrounded: the preprocessing is affine per channel, so
 * the picture of b + α(x − b) is pixels(b) + α (pixels(x) − pixels(b)). The zero baseline comes back
 * as mid-gray (MobileNet) or the caffe mean colour (ResNet-50).
 */
export function modelInputToRgb(x: Float32Array, preprocessing: Preprocessing): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i += 3) {
    if (preprocessing === 'mobilenet') {
      for (let c = 0; c < 3; c++) out[i + c] = (x[i + c] + 1) * 127.5;
    } else {
      out[i] = x[i + 2] + CAFFE_MEAN_BGR[2];
      out[i + 1] = x[i + 1] + CAFFE_MEAN_BGR[1];
      out[i + 2] = x[i] + CAFFE_MEAN_BGR[0];
    }
  }
  return out;
}

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function runIgPath(model: LoadedModel, rgba: Uint8ClampedArray, request: IgPathRequest, env: EngineEnv): Promise<IgPathResult> {
  const spec = model.spec;
  const size = spec.inputSize;
  const rgb = new Float32Array(size * size * 3);
  for (let i = 0; i < size * size; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgba[i * 4 + c];
  // IG draws its baseline first from a generator seeded by the request's seed: so do we.
  const baselineData = makeBaseline(request.baseline, rgb, size, spec.preprocessing, createRng(request.seed));
  const input = tf.tensor4d(toModelInput(rgb, spec.preprocessing, 3), [1, size, size, 3]);
  const baseline = tf.tensor4d(baselineData, [1, size, size, 3]);
  let batchSize = chooseBatchSize(env.backend, spec, request.batch);
  try {
    let points: PathPoints;
    for (;;) {
      const batch = batchSize;
      const ctx: AttributionContext = {
        logits: (x, options) => model.compiled.logits(x, options),
        batchSize: batch,
        rng: createRng(request.seed),
        async step(done, total) {
          env.checkMemory?.(batch);
          env.progress(done, total, 'Integrated Gradients path');
          await yieldToEvents(); // lets a cancel message in
          env.checkCancelled();
        },
      };
      try {
        env.progress(0, request.steps + 2, 'Integrated Gradients path');
        points = await integratePath(ctx, input, baseline, request.target, request);
        break;
      } catch (e) {
        if (!isOutOfMemory(e) || batchSize === 1) throw e;
        batchSize = Math.max(1, Math.floor(batchSize / 2));
        env.progress(0, 1, `The GPU ran out of memory with batches of ${batch}; retrying with ${batchSize}`);
      }
    }
    return {
      model: spec.id,
      request,
      size,
      ...points,
      pixels: rgba.slice(), // a copy: the decoded crop stays cached in the worker
      baselineRgb: modelInputToRgb(baselineData, spec.preprocessing),
      batchSize,
    };
  } finally {
    tf.dispose([input, baseline]);
  }
}

/**
 * What the worker holds between requests, and what every request needs from it: the model holder
 * (backend, the loaded model), the image cache, and the run log of the diagnostics panel. The
 * features' handlers (src/features/<f>/worker/handler.ts) ask it for a prepared model and photo.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelId } from '../shared/models/registry';
import { modelSpec } from '../shared/models/model-spec';
import type { ClassifyResult, ImageSource } from '../shared/protocol/messages';
import type { EngineEnv } from './attribution/engine';
import type { LoadedModel } from './runtime/load-model';
import { toModelInput } from '../shared/image/pixels';
import { classify } from './runtime/classify';
import { RunLog } from '../features/diagnostics/worker/run-log';
import { ImageCache } from './image-source';
import { ModelHolder } from './model-holder';
import { SamplePhotoStore } from './sample-photos';
import { checkCancelled, type Job } from './job';

export type { Job } from './job';

/** The app's ImageNet sample photos (one per class), whatever model runs: Expected Gradients draws its references from them. */
const SAMPLE_PHOTOS = 1000;

export class Session {
  readonly models = new ModelHolder();
  readonly images = new ImageCache();
  /** Expected Gradients' reference photos. */
  readonly samplePhotos = new SamplePhotoStore(this.images);
  /** The last run of each kind, for the diagnostics panel. */
  readonly runs = new RunLog();

  /** The model, the decoded photo and an engine environment reporting to `job`: what every attribution needs. */
  async prepare(id: ModelId, source: ImageSource, job: Job): Promise<{ model: LoadedModel; rgba: Uint8ClampedArray; env: EngineEnv }> {
    const model = await this.models.model(id, job);
    const crop = await this.images.decode(source, model.spec, job);
    const backend = await this.models.init();
    const env: EngineEnv = {
      backend: backend.name,
      progress: (done, total, message) => job.progress({ stage: 'attribute', message, loaded: done, total }),
      checkCancelled: () => checkCancelled(job),
      checkMemory: (batchSize) => this.models.gpu.check(batchSize),
      samplePhotos: this.models.baseUrl
        ? this.samplePhotos.forRequest(this.models.baseUrl, SAMPLE_PHOTOS, source.kind === 'sample' ? source.index : null, model.spec.crop, job)
        : undefined,
    };
    return { model, rgba: crop.rgba, env };
  }

  async classify(id: ModelId, source: ImageSource, topK: number, job: Job): Promise<ClassifyResult> {
    const spec = modelSpec(id);
    const t0 = performance.now();
    const crop = await this.images.decode(source, spec, job);
    const decodeMs = performance.now() - t0;
    const model = await this.models.model(id, job);
    job.progress({ stage: 'predict', message: 'Classifying' });
    const t1 = performance.now();
    const x = tf.tensor4d(toModelInput(crop.rgba, spec.preprocessing, 4), [1, spec.inputSize, spec.inputSize, 3]);
    try {
      const top = await classify(model.compiled, x, topK);
      return {
        model: id,
        pixels: crop.rgba.slice(), // a copy: the cached crop stays in the worker
        size: spec.inputSize,
        original: crop.original,
        top,
        timings: { decodeMs, predictMs: performance.now() - t1 },
      };
    } finally {
      x.dispose();
    }
  }
}

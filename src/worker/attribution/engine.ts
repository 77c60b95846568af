/**
 * Runs one attribution request in the worker: builds the model input and baselines from the decoded
 * image, resolves the target, sizes the internal batch, runs the method (optionally inside a
 * NoiseTunnel) and returns plain typed arrays. Every tensor it or the method makes is disposed; the
 * tf.memory() counts before and after are returned so the UI and tests can see it.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSpec } from '../../shared/models/registry';
import type { AttributionOutput, BackendName } from '../../shared/protocol/messages';
import type { LoadedModel } from '../runtime/load-model';
import { toModelInput } from '../../shared/image/pixels';
import { makeBaseline, makeDistribution } from './baselines';
import { runMethod, type MethodInputs } from './dispatch';
import { METHODS, type AttributionParams } from '../../methods/params';
import { createRng } from '../../shared/rng';
import type { AttributionContext, AttributionResult } from './types';
import { isOutOfMemory } from '../runtime/gpu-faults';
import { checkClass } from '../class-index';

export interface EngineEnv {
  backend: BackendName;
  progress(done: number, total: number, message: string): void;
  /** Throws if the request was cancelled. */
  checkCancelled(): void;
  /**
   * Input-shift lab (Kindermans et al. 2019): a constant per channel, in model-input units, added to
   * the input and to baselines defined in pixel space (they follow the shifted preprocessing), but not
   * to `zero`, the zero vector of the model's input space. The model must be shift-compensated.
   */
  shift?: number[];
  /** Throws if the GPU ran out of memory during the last chunk (batches of `batchSize` rows). */
  checkMemory?(batchSize: number): void;
  /** The app's sample photos (Expected Gradients' references); absent: methods that need them fail. */
  samplePhotos?: SamplePhotos;
}

/** The sample photos by class index, as the worker reads them (worker/sample-photos.ts). */
export interface SamplePhotos {
  count: number;
  /** The photo being explained, never a reference; null for an upload. */
  exclude: number | null;
  /** Centre crops at `size`, HWC RGB 0..255, in the order asked. */
  load(indices: number[], size: number): Promise<Float32Array[]>;
}

function addShift(data: Float32Array, shift: number[] | undefined): Float32Array {
  if (shift) for (let i = 0; i < data.length; i++) data[i] += shift[i % 3];
  return data;
}

/**
 * Rows per forward/backward pass. A 224x224 backward pass keeps every activation: about 30 MB per
 * row for MobileNet and 100+ MB for ResNet-50, so GPUs get 16 and 4 rows; the CPU (JavaScript or wasm)
 * gains nothing from large batches.
 */
export function chooseBatchSize(backend: BackendName, spec: ModelSpec, override: number | null): number {
  if (override) return override;
  if (backend === 'cpu' || backend === 'wasm') return 4;
  return spec.id === 'resnet50' ? 4 : 16;
}

/** Noise for NoiseTunnel when none is given: 15 % of the model input's range (Smilkov et al.). */
export function defaultNoiseStdev(spec: ModelSpec): number {
  if (spec.preprocessing === 'teachable') return (0.15 * 255) / 127; // x/127 - 1 spans 255/127
  return spec.preprocessing === 'mobilenet' ? 0.15 * 2 : 0.15 * 255;
}

const yieldToEvents = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function runAttribution(
  model: LoadedModel,
  rgba: Uint8ClampedArray,
  params: AttributionParams,
  env: EngineEnv,
): Promise<AttributionOutput> {
  const n = rgba.length / 4;
  const rgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = rgba[i * 4 + c];
  return runAttributionOnPixels(model, rgb, rgba, params, env);
}

/**
 * The same on float pixels (HWC RGB, 0..255), e.g. an adversarial image whose sub-level changes
 * rounding to 8 bits would erase; `rgba` is what the panels draw.
 */
export async function runAttributionOnPixels(
  model: LoadedModel,
  rgb: Float32Array,
  rgba: Uint8ClampedArray,
  params: AttributionParams,
  env: EngineEnv,
): Promise<AttributionOutput> {
  const t0 = performance.now();
  const before = tf.memory();
  const spec = model.spec;
  const size = spec.inputSize;
  const inputData = addShift(toModelInput(rgb, spec.preprocessing, 3), env.shift);
  const label = METHODS[params.method].label;
  if (params.target != null) checkClass(spec, params.target);
  const owned: tf.Tensor[] = [];
  const input = tf.tensor4d(inputData, [1, size, size, 3]);
  owned.push(input);
  let batchSize = chooseBatchSize(env.backend, spec, params.batch);
  const failedBatches: number[] = [];

  try {
    const tPredict = performance.now();
    const target = params.target ?? (await predictedClass(model, input));
    const predictMs = params.target == null ? performance.now() - tPredict : undefined;
    let sampledPeak = tf.memory().numBytes;
    // Out of GPU memory: start again with half the rows per pass. Methods' results do not depend on
    // the batch size (seeded randomness is drawn in a fixed order), so only the time changes.
    let result: AttributionResult;
    for (;;) {
      const attempt: tf.Tensor[] = [];
      try {
        result = await attemptMethod(batchSize, attempt, (bytes) => (sampledPeak = Math.max(sampledPeak, bytes)));
        owned.push(...attempt);
        break;
      } catch (e) {
        tf.dispose(attempt);
        if (!isOutOfMemory(e) || batchSize === 1) throw e;
        failedBatches.push(batchSize);
        batchSize = Math.max(1, Math.floor(batchSize / 2));
        env.progress(0, 1, `${label}: the GPU ran out of memory with batches of ${failedBatches.at(-1)}; retrying with ${batchSize}`);
      }
    }

    async function attemptMethod(batch: number, attempt: tf.Tensor[], peak: (bytes: number) => void): Promise<AttributionResult> {
      const rng = createRng(params.seed);
      let phase = '';
      const ctx: AttributionContext = {
        logits: (x, options) => model.compiled.logits(x, options),
        batchSize: batch,
        rng,
        async step(done, total) {
          peak(tf.memory().numBytes);
          env.checkMemory?.(batch);
          env.progress(done, total, `${label}${phase}`);
          await yieldToEvents(); // lets a cancel message in
          env.checkCancelled();
        },
      };
      const inputs: MethodInputs = {
        spec,
        pixels: rgb,
        baseline: () => {
          const data = makeBaseline(params.baseline, rgb, size, spec.preprocessing, rng);
          const t = tf.tensor4d(params.baseline === 'zero' ? data : addShift(data, env.shift), [1, size, size, 3]);
          attempt.push(t);
          return t;
        },
        distribution: () => {
          const members = makeDistribution(params.dist, rgb, size, spec.preprocessing, rng);
          const data = new Float32Array(members.length * size * size * 3);
          members.forEach((m, i) => data.set(m, i * m.length));
          const t = tf.tensor4d(data, [members.length, size, size, 3]);
          attempt.push(t);
          return t;
        },
        samplePhotos: env.samplePhotos && {
          count: env.samplePhotos.count,
          exclude: env.samplePhotos.exclude,
          load: async (indices) => {
            const crops = await env.samplePhotos!.load(indices, size);
            const data = new Float32Array(crops.length * size * size * 3);
            crops.forEach((c, i) => data.set(addShift(toModelInput(c, spec.preprocessing, 3), env.shift), i * size * size * 3));
            const t = tf.tensor4d(data, [crops.length, size, size, 3]);
            attempt.push(t);
            return t;
          },
        },
        noiseStdev: params.ntStdevs > 0 ? params.ntStdevs : defaultNoiseStdev(spec),
        setPhase: (p) => {
          phase = p;
        },
      };
      env.progress(0, 1, label);
      const r = await runMethod(ctx, input, target, params, inputs);
      env.checkMemory?.(batch); // a single-pass method has no chunk end: check once more
      return r;
    }

    const attributions = (await result.attributions.data()) as Float32Array;
    const shape = result.attributions.shape as [number, number, number, number];
    result.attributions.dispose();
    const notes: Record<string, number | string> = { ...result.notes };
    let nonFinite = 0;
    for (const v of attributions) if (!Number.isFinite(v)) nonFinite++;
    if (nonFinite > 0) notes.nonFiniteValues = nonFinite;
    if (failedBatches.length) notes.outOfMemoryRetries = [...failedBatches, batchSize].join(' → ');
    tf.dispose(owned);
    owned.length = 0;
    const after = tf.memory();
    return {
      model: spec.id,
      method: params.method,
      params: { ...params, target },
      attributions,
      shape,
      pixels: rgba.slice(), // a copy: the decoded crop stays cached in the worker
      input: inputData,
      targetLogit: result.targetLogit,
      delta: result.delta,
      sampleDeltas: result.sampleDeltas,
      outputDifference: result.outputDifference,
      notes,
      segments: result.segments,
      batchSize,
      memory: {
        numTensorsBefore: before.numTensors,
        numTensorsAfter: after.numTensors,
        numBytesBefore: before.numBytes,
        numBytesAfter: after.numBytes,
        maxBytesAtChunkEnds: sampledPeak,
      },
      timings: { totalMs: performance.now() - t0, ...(predictMs === undefined ? {} : { predictMs }) },
    };
  } finally {
    tf.dispose(owned);
  }
}

async function predictedClass(model: LoadedModel, input: tf.Tensor4D): Promise<number> {
  const index = tf.tidy(() => tf.argMax(model.compiled.logits(input, { inferenceOnly: true }), 1));
  const value = (await index.data())[0];
  index.dispose();
  return value;
}

/**
 * The insertion/deletion lab in the worker, on a small linear "network" and the CPU backend: every score
 * is the softmax probability of the target for the input RISE's evaluation.py would build at that step
 * (model-space zeros for deletion, the model-space gkern blur for insertion), for both preprocessings.
 */
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEnv } from '../../../worker/attribution/engine';
import { createRng } from '../../../shared/rng';
import { toModelInput } from '../../../shared/image/pixels';
import { riseAuc, riseSteps } from '../../../shared/metrics/curves';
import { rankingMap, saliencyOrder } from '../../../shared/metrics/pixel-order';
import { blurModelInput, gkern } from '../../../shared/metrics/rise-blur';
import { MODELS } from '../../../shared/models/registry';
import type { InsertionDeletionResult } from '../protocol';
import type { CompiledModel } from '../../../worker/runtime/compile';
import type { LoadedModel } from '../../../worker/runtime/load-model';
import { runLab } from './run-lab';

const SIZE = 16;
const N = SIZE * SIZE;
const CLASSES = 5;
const TARGET = 2;
let W: tf.Tensor2D;
let b: tf.Tensor1D;

const env: EngineEnv = { backend: 'cpu', progress: () => {}, checkCancelled: () => {} };
const rng = createRng(11);
const rgba = Uint8ClampedArray.from({ length: N * 4 }, (_, i) => (i % 4 === 3 ? 255 : rng.int(256)));
const attributions = Float32Array.from({ length: N * 3 }, () => rng.uniform() * 2 - 1);

/** Caffe inputs are about 128 times MobileNet's; scaled down so that neither softmax saturates. */
const scaleOf = (id: string) => (id === 'resnet50' ? 1 / 128 : 1);

function modelFor(id: 'mobilenet_v1_0.75_224' | 'resnet50'): LoadedModel {
  const compiled: CompiledModel = {
    layers: [],
    numClasses: CLASSES,
    logits: (x) => tf.tidy(() => tf.add(tf.matMul(tf.reshape(tf.mul(x, scaleOf(id)), [x.shape[0], N * 3]), W), b) as tf.Tensor2D),
    dispose: () => {},
  };
  return { spec: { ...MODELS[id], inputSize: SIZE, numClasses: CLASSES }, compiled, weights: {}, dispose: () => {} };
}

/** softmax(W (scale x) + b)[TARGET] in float64, from the model input alone. */
function probability(x: Float32Array, scale: number): number {
  const w = W.dataSync();
  const bias = b.dataSync();
  const logits = Array.from(bias, Number);
  for (let i = 0; i < x.length; i++) for (let c = 0; c < CLASSES; c++) logits[c] += scale * x[i] * w[i * CLASSES + c];
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  return e[TARGET] / e.reduce((s, v) => s + v, 0);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  W = tf.randomNormal([N * 3, CLASSES], 0, 0.05, 'float32', 4) as tf.Tensor2D;
  b = tf.randomNormal([CLASSES], 0, 0.5, 'float32', 5) as tf.Tensor1D;
});
afterAll(() => tf.dispose([W, b]));

async function run(id: 'mobilenet_v1_0.75_224' | 'resnet50', rank: 'signed' | 'abs', steps: number): Promise<InsertionDeletionResult> {
  const r = await runLab(modelFor(id), rgba, { lab: 'insertion_deletion', target: TARGET, attributions, channels: 3, rank, steps, seed: 7 }, env);
  if (r.lab !== 'insertion_deletion') throw new Error('wrong lab');
  return r;
}

describe('insertion/deletion lab (RISE evaluation.py in model space)', () => {
  for (const id of ['mobilenet_v1_0.75_224', 'resnet50'] as const) {
    it(`${id}: each score is P(target) of RISE's input at that step`, async () => {
      const preprocessing = MODELS[id].preprocessing;
      const r = await run(id, 'signed', 5);
      const x = toModelInput(rgba, preprocessing, 4);
      const blurred = blurModelInput(x, SIZE, SIZE, 3, gkern(11, 5), 11);
      const { step, nSteps, counts } = riseSteps(N, 5);
      expect([r.step, r.nSteps, r.counts]).toEqual([step, nSteps, counts]);
      expect([step, nSteps]).toEqual([52, 5]); // ceil(256 / 5) = 52; ceil(256 / 52) = 5
      expect(r.fractions).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
      expect(Array.from(r.input)).toEqual(Array.from(x));
      expect(Array.from(r.blurred)).toEqual(Array.from(blurred));
      expect(r.kernel).toEqual({ klen: 11, nsig: 5, weights: Array.from(gkern(11, 5)) });
      expect(r.preprocessing).toBe(preprocessing);
      expect(Array.from(toModelInput(r.zeroRgb, preprocessing))).toEqual([0, 0, 0]);
      const order = Array.from(saliencyOrder(rankingMap(attributions, 3, 'signed')));
      expect(Array.from(r.order)).toEqual(order);
      // RISE's loop, written out: start, then copy `step` pixels (all channels) of `finish` per step.
      const game = (start: Float32Array, finish: Float32Array, ord: number[]) => {
        const s = Float32Array.from(start);
        const scores = [];
        for (let i = 0; i <= nSteps; i++) {
          scores.push(probability(s, scaleOf(id)));
          for (const p of ord.slice(step * i, step * (i + 1))) for (let c = 0; c < 3; c++) s[p * 3 + c] = finish[p * 3 + c];
        }
        return scores;
      };
      const zeros = new Float32Array(N * 3);
      const random = Array.from(r.randomOrder);
      const expected = {
        deletion: { saliency: game(x, zeros, order), random: game(x, zeros, random) },
        insertion: { saliency: game(blurred, x, order), random: game(blurred, x, random) },
      };
      for (const kind of ['deletion', 'insertion'] as const) {
        for (const ord of ['saliency', 'random'] as const) {
          const curve = r[kind][ord];
          expect(curve.scores).toHaveLength(nSteps + 1);
          curve.scores.forEach((v, i) => expect(v).toBeCloseTo(expected[kind][ord][i], 5));
          expect(curve.auc).toBe(riseAuc(curve.scores));
          expect(Math.max(...curve.scores) - Math.min(...curve.scores)).toBeGreaterThan(0.01); // the curve moves
        }
      }
      expect(r.deletion.saliency.scores[nSteps]).toBeCloseTo(probability(zeros, scaleOf(id)), 5);
      expect(r.insertion.saliency.scores[0]).toBeCloseTo(probability(blurred, scaleOf(id)), 5);
    });
  }
  it('ranks by |Σc a| when asked, and leaks no tensors', async () => {
    await run('mobilenet_v1_0.75_224', 'abs', 3); // warm-up
    const before = tf.memory().numTensors;
    const r = await run('mobilenet_v1_0.75_224', 'abs', 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.rank).toBe('abs');
    expect(Array.from(r.order)).toEqual(Array.from(saliencyOrder(rankingMap(attributions, 3, 'abs'))));
    expect(Array.from(r.order)).not.toEqual(Array.from(saliencyOrder(rankingMap(attributions, 3, 'signed'))));
  });
  it('refuses a map of the wrong size', async () => {
    await expect(runLab(modelFor('resnet50'), rgba, { lab: 'insertion_deletion', target: 0, attributions: new Float32Array(30), channels: 3, rank: 'signed', steps: 4, seed: 0 }, env)).rejects.toThrow(/pixels/);
  });
});

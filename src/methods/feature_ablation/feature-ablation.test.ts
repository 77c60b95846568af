import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS } from '../../shared/models/registry';
import { toModelInput } from '../../shared/image/pixels';
import { contextFor, testContext } from '../../testing/context';
import { assetPath, fileHandler } from '../../testing/node-io';
import { croppedRgb } from '../../testing/node-image';
import { segmentToy } from '../../testing/segment-toy';
import { describeRealModel } from '../../testing/tiers';
import { loadModel, type LoadedModel } from '../../worker/runtime/load-model';
import { segmentImage } from '../segments/segmentation';
import { featureAblation } from './feature-ablation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Feature Ablation over segments (toy)', () => {
  it('each scalar of segment j holds f(x) - f(x with j ablated), batched, leak-free; the mask is returned', async () => {
    const toy = segmentToy();
    const x = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 8) as tf.Tensor4D;
    const b = tf.randomNormal([1, ...toy.shape], 0, 1, 'float32', 9) as tf.Tensor4D;
    const [xd, bd] = [x.dataSync(), b.dataSync()];
    const ctx = testContext(toy.logits, { batchSize: 4 });
    const before = tf.memory().numTensors;
    const r = await featureAblation(x, 0, { baseline: b, segments: toy.segments }, ctx);
    const got = r.attributions.dataSync();
    const all = [1, 1, 1, 1, 1, 1];
    toy.segments.labels.forEach((l, p) => {
      const want = toy.f(xd, bd, all, 0) - toy.f(xd, bd, all.map((v, j) => (j === l ? 0 : v)), 0);
      for (let c = 0; c < 3; c++) expect(got[p * 3 + c]).toBeCloseTo(want, 4);
    });
    expect(ctx.calls.rows).toBe(7);
    expect(ctx.calls.steps).toBe(2); // 6 ablations in batches of 4
    expect(r.segments).toBe(toy.segments.labels);
    r.attributions.dispose();
    expect(tf.memory().numTensors).toBe(before);
    await expect(featureAblation(x, 0, { baseline: tf.zeros([1, 2, 2, 3]) as tf.Tensor4D, segments: toy.segments }, ctx)).rejects.toThrow(/baseline/);
    tf.dispose([x, b]);
    toy.dispose();
  });
});

describeRealModel('Feature Ablation on MobileNet v1 (real weights), 7 x 7 grid, black baseline', () => {
  let m: LoadedModel;
  let x: tf.Tensor4D;
  let black: tf.Tensor4D;
  const spec = MODELS['mobilenet_v1_0.75_224'];
  beforeAll(async () => {
    m = await loadModel(spec, fileHandler(spec));
    const rgb = await croppedRgb(assetPath('samples', 'n01443537_goldfish.JPEG'));
    x = tf.tensor4d(toModelInput(rgb, spec.preprocessing), [1, 224, 224, 3]);
    black = tf.tensor4d(toModelInput(new Float32Array(224 * 224 * 3), spec.preprocessing), [1, 224, 224, 3]);
  });
  afterAll(() => {
    tf.dispose([x, black]);
    m?.dispose();
  });

  it('a cell’s value is the logit drop of an independent forward pass with that cell blacked out', async () => {
    const segments = segmentImage(new Float32Array(224 * 224 * 3), 224, 224, 'grid', 49);
    const r = await featureAblation(x, 1, { baseline: black, segments }, contextFor(m.compiled, { batchSize: 16 }));
    const attr = await r.attributions.data();
    r.attributions.dispose();
    const fx = tf.tidy(() => m.compiled.logits(x, { inferenceOnly: true }).dataSync()[1]);
    expect(r.targetLogit).toBeCloseTo(fx, 3);
    for (const cell of [0, 24]) {
      const drop = tf.tidy(() => {
        const mask = tf.tensor4d(Float32Array.from(segments.labels, (l) => (l === cell ? 1 : 0)), [1, 224, 224, 1]);
        const ablated = tf.add(tf.mul(x, tf.sub(1, mask)), tf.mul(black, mask)) as tf.Tensor4D;
        return fx - m.compiled.logits(ablated, { inferenceOnly: true }).dataSync()[1];
      });
      const p = segments.labels.indexOf(cell);
      expect(attr[p * 3]).toBeCloseTo(drop, 3);
    }
    // the goldfish sits in the middle: blacking out the centre cell lowers its logit more than a corner does
    expect(attr[segments.labels.indexOf(24) * 3]).toBeGreaterThan(attr[0]);
  });
});

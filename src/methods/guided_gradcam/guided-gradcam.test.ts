import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFor } from '../../testing/context';
import { TOY_INPUT, reluToy, type ReluToy } from '../../testing/relu-toy';
import { gradCam } from '../gradcam/grad-cam';
import { guidedBackprop } from '../guided_backprop/guided-backprop';
import { guidedGradCam } from './guided-gradcam';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Guided Grad-CAM on the conv + ReLU + ReLU6 + dense toy (layer relu6_b, 4x4x3)', () => {
  let toy: ReluToy;
  const x = tf.randomNormal([1, ...TOY_INPUT], 0, 1.5, 'float32', 11) as tf.Tensor4D;
  beforeAll(() => {
    toy = reluToy();
  });
  afterAll(() => {
    x.dispose();
    toy.dispose();
  });

  it('is exactly Guided Backprop times the ReLU\u2019d Grad-CAM map upsampled to the input, in every channel', async () => {
    const ctx = contextFor(toy.compiled);
    const before = tf.memory().numTensors;
    for (let t = 0; t < 3; t++) {
      const r = await guidedGradCam(x, t, { layer: 'relu6_b' }, ctx);
      const guided = await guidedBackprop(x, t, {}, ctx);
      const cam = await gradCam(x, t, { layer: 'relu6_b', reluAttributions: true }, ctx);
      const signedCam = await gradCam(x, t, { layer: 'relu6_b' }, ctx);
      const want = tf.mul(guided.attributions, cam.attributions);
      expect(r.attributions.shape).toEqual([1, ...TOY_INPUT]);
      expect(Array.from(await r.attributions.data())).toEqual(Array.from(await want.data())); // bit for bit
      expect(r.targetLogit).toBe(guided.targetLogit);
      expect(r.delta).toBeUndefined();
      expect(r.notes).toMatchObject({ layer: 'relu6_b', map: '4x4', channels: 3 });
      const wantSigned = tf.mul(guided.attributions, signedCam.attributions);
      if (t === 1) {
        // The ReLU on the map matters here (so a signed map would fail the check above) ...
        expect((await signedCam.attributions.data()).some((v) => v < 0)).toBe(true);
        expect(Array.from(await r.attributions.data())).not.toEqual(Array.from(await wantSigned.data()));
        // ... and the channels differ (a per-channel product, not one map copied).
        const a = await r.attributions.data();
        expect(Array.from({ length: a.length / 2 }, (_, i) => a[2 * i] - a[2 * i + 1]).some((d) => d !== 0)).toBe(true);
      }
      tf.dispose([r.attributions, guided.attributions, cam.attributions, signedCam.attributions, want, wantSigned]);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
